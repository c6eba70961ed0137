import type { ReactNode } from 'react';

export interface LegendItem {
  /** Text after the swatch. */
  name: ReactNode;
  /** Unique key (defaults to the name when it is a string). */
  id?: string;
  color: string;
  dashed?: boolean;
  /** An SVG dash pattern (e.g. '2 3'); overrides `dashed`. */
  dash?: string;
  /** Drawn translucent, as its series is. */
  faint?: boolean;
}

interface SeriesLegendProps {
  /** One entry per line series, in drawing order. */
  items: LegendItem[];
  /** Extra entries after the series (e.g. a marker's key). */
  children?: ReactNode;
}

/** The line-swatch legend under the line charts. */
export function SeriesLegend({ items, children }: SeriesLegendProps) {
  return (
    <figcaption className="legend">
      {items.map((s, i) => (
        <span key={s.id ?? (typeof s.name === 'string' ? s.name : i)}>
          <svg width="18" height="8" aria-hidden="true">
            <line x1="0" x2="18" y1="4" y2="4" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash ?? (s.dashed ? '4 3' : undefined)} strokeOpacity={s.faint ? 0.5 : 1} />
          </svg>
          {s.name}
        </span>
      ))}
      {children}
    </figcaption>
  );
}
