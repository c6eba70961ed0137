export interface PanelProps {
  /** Parameter keys hidden through the URL (`hide=a,b`). */
  hidden: ReadonlySet<string>;
}
