import { useId } from 'react';
import { interpolateViridis, scaleLinear, scaleLog } from 'd3';
import { SeriesLegend } from './SeriesLegend';
import { palette } from './palette';

/** Cell kinds, as the grid-world snapshot codes them. */
const FATAL = 1;
const GOAL = 2;
const START = 3;

interface GridWorldMapProps {
  rows: number;
  cols: number;
  /** 0 ground, 1 fatal, 2 goal, 3 start, row-major. */
  cells: Uint8Array;
  /** One number per cell: a value (colour on a linear scale) or a count (log scale). */
  values: Float32Array;
  kind: 'value' | 'count';
  /** Colour domain [low, high], shared by maps that are compared side by side. */
  domain: [number, number];
  /** Cells of a path, in order, drawn as a line through the cell centres. */
  path: Int32Array;
  pathColor: string;
  pathLabel: string;
  /** Name of the colour scale's quantity, with its unit. */
  scaleLabel: string;
  width: number;
  /** Accessible description of what the map shows right now. */
  description: string;
}

const margin = { top: 4, right: 8, bottom: 34, left: 40 };

function valueText(v: number, kind: 'value' | 'count'): string {
  if (!Number.isFinite(v)) return '';
  if (kind === 'count') return v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v));
  const a = Math.abs(v);
  return (a >= 10 ? v.toFixed(0) : v.toFixed(1)).replace('-', '−');
}

/** A grid world: cells coloured by a value or a count, fatal cells hatched, start, goal and a path. */
export function GridWorldMap({ rows, cols, cells, values, kind, domain, path, pathColor, pathLabel, scaleLabel, width, description }: GridWorldMapProps) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const cell = Math.max(18, Math.min(52, Math.floor((width - margin.left - margin.right) / cols)));
  const innerW = cell * cols;
  const innerH = cell * rows;
  const barH = 10;
  // Room under the ramp for its end values and its caption on two lines, at lecture sizes too.
  const height = margin.top + innerH + margin.bottom + barH + 44;
  const [lo, hi] = domain;
  const t =
    kind === 'count'
      ? scaleLog().domain([1, Math.max(2, hi + 1)]).range([0, 1]).clamp(true)
      : scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([0, 1]).clamp(true);
  const color = (v: number) => interpolateViridis(kind === 'count' ? t(v + 1) : t(v));
  const textColor = (v: number) => ((kind === 'count' ? t(v + 1) : t(v)) > 0.6 ? '#111' : '#fff');
  const center = (c: number) => [((c % cols) + 0.5) * cell, (Math.floor(c / cols) + 0.5) * cell] as const;
  const points = Array.from(path, (c) => center(c).join(',')).join(' ');
  const fontSize = Math.max(8, Math.min(12, cell * 0.26));
  const barW = Math.min(innerW, 240);
  const barY = margin.top + innerH + margin.bottom;
  return (
    <figure className="chart">
      <svg width={Math.max(width, innerW + margin.left + margin.right)} height={height} role="img" aria-label={description}>
        <defs>
          <pattern id={`hatch-${uid}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#3a1008" />
            <line x1="0" y1="0" x2="0" y2="6" stroke={palette.vermillion} strokeWidth="3" />
          </pattern>
          <linearGradient id={`bar-${uid}`}>
            {[0, 0.25, 0.5, 0.75, 1].map((s) => (
              <stop key={s} offset={`${s * 100}%`} stopColor={interpolateViridis(s)} />
            ))}
          </linearGradient>
        </defs>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {Array.from(cells, (kindOf, c) => {
            const x = (c % cols) * cell;
            const y = Math.floor(c / cols) * cell;
            const v = values[c]!;
            const fill = kindOf === FATAL ? `url(#hatch-${uid})` : kindOf === GOAL ? palette.green : color(v);
            return (
              <g key={c}>
                <rect x={x} y={y} width={cell} height={cell} fill={fill} stroke="var(--bg, #fff)" strokeWidth={1} />
                {kindOf === FATAL ? (
                  <text x={x + cell / 2} y={y + cell / 2 + fontSize * 0.35} textAnchor="middle" fontSize={fontSize + 2} fill="#fff" fontWeight={700}>
                    ✕
                  </text>
                ) : kindOf === GOAL ? (
                  <text x={x + cell / 2} y={y + cell / 2 + fontSize * 0.35} textAnchor="middle" fontSize={fontSize + 1} fill="#fff" fontWeight={700}>
                    goal
                  </text>
                ) : (
                  cell >= 26 && (
                    <text x={x + cell / 2} y={y + cell - 4} textAnchor="middle" fontSize={fontSize - 1} fill={textColor(v)}>
                      {valueText(v, kind)}
                    </text>
                  )
                )}
                {kindOf === START && (
                  <text x={x + 3} y={y + fontSize + 1} fontSize={fontSize} fontWeight={700} fill={textColor(v)}>
                    S
                  </text>
                )}
              </g>
            );
          })}
          {path.length > 1 && (
            <>
              <polyline points={points} fill="none" stroke="#fff" strokeWidth={6} strokeOpacity={0.85} strokeLinejoin="round" strokeLinecap="round" />
              <polyline points={points} fill="none" stroke={pathColor} strokeWidth={3} strokeLinejoin="round" strokeLinecap="round" />
            </>
          )}
          {path.length > 0 && <circle cx={center(path[path.length - 1]!)[0]} cy={center(path[path.length - 1]!)[1]} r={4} fill={pathColor} />}
          {Array.from({ length: cols }, (_, c) => (
            <text key={`c${c}`} x={(c + 0.5) * cell} y={innerH + 13} textAnchor="middle">
              {c}
            </text>
          ))}
          {Array.from({ length: rows }, (_, r) => (
            <text key={`r${r}`} x={-6} y={(r + 0.5) * cell + 4} textAnchor="end">
              {r}
            </text>
          ))}
          <text className="axis-label" x={innerW / 2} y={innerH + 28} textAnchor="middle">
            column (cells)
          </text>
          <text className="axis-label" transform={`translate(${-26},${innerH / 2}) rotate(-90)`} textAnchor="middle">
            row (cells)
          </text>
        </g>
        <g transform={`translate(${margin.left},${barY})`}>
          <rect width={barW} height={barH} fill={`url(#bar-${uid})`} />
          {/* Hanging baselines: the text starts below the ramp whatever the font size (lecture mode enlarges it). */}
          <text x={0} y={barH + 3} textAnchor="start" dominantBaseline="hanging">
            {kind === 'count' ? '0' : valueText(lo, kind)}
          </text>
          <text x={barW} y={barH + 3} textAnchor="end" dominantBaseline="hanging">
            {valueText(hi, kind)}
          </text>
          <text x={0} y={barH + 22} textAnchor="start" dominantBaseline="hanging" className="axis-label">
            {scaleLabel}
          </text>
        </g>
      </svg>
      <SeriesLegend items={[{ name: pathLabel, color: pathColor }]}>
        <span>
          <svg width="14" height="10" aria-hidden="true">
            <rect width="14" height="10" fill={`url(#hatch-${uid})`} />
          </svg>
          fatal cell
        </span>
        <span>
          <svg width="14" height="10" aria-hidden="true">
            <rect width="14" height="10" fill={palette.green} />
          </svg>
          goal
        </span>
        <span>S start</span>
      </SeriesLegend>
    </figure>
  );
}
