/** A panel's row of preset buttons; `prefix` keeps each panel's class names (e.g. "fs" → fs-presets). */
export function PresetBar<P extends { label: string; help: string }>({
  prefix,
  presets,
  disabled,
  onApply,
}: {
  prefix: string;
  presets: readonly P[];
  disabled: boolean;
  onApply: (preset: P) => void;
}) {
  return (
    <div className={`${prefix}-presets`} role="group" aria-label="Presets">
      <span className={`${prefix}-presets-label`}>Presets:</span>
      {presets.map((p) => (
        <button key={p.label} type="button" title={p.help} disabled={disabled} onClick={() => onApply(p)}>
          {p.label}
        </button>
      ))}
    </div>
  );
}
