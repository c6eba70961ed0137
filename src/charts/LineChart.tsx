import { line, scaleLinear, scaleLog } from 'd3';
import { Axis } from './Axis';
import { usePinnedGhosts, type Ghost } from '../pins/usePinnedGhosts';
import { SeriesLegend } from './SeriesLegend';
import { seriesDomain } from './series-domain';
import { ChartFrame, plotSize } from './ChartFrame';

export interface Series {
  /** Legend text. */
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dashed?: boolean;
  /** An SVG dash pattern (e.g. '2 3'); overrides `dashed`. */
  dash?: string;
  /** Thin and translucent, for a noisy background series. */
  faint?: boolean;
}

interface LineChartProps {
  series: Series[];
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  /** Log-scale y axis (non-positive values are dropped from the path). */
  logY?: boolean;
  /** Accessible description of what the chart shows right now. */
  description: string;
  /** Draw the series legend under the chart (default); false where one legend serves a group of charts. */
  legend?: boolean;
}

const margin = { top: 10, right: 12, bottom: 40, left: 64 };

/** Pins are dotted; the future of a rewound run (pin 0) has long dashes, so the two never read alike. */
const ghostDash = (pin: number) => (pin === 0 ? '7 4' : '2 3');

/** One legend entry per pin drawn here: "pin 1" with the dotted swatch its ghosts use. */
function pinLegend(ghosts: Ghost[]) {
  return [...new Set(ghosts.map((g) => g.pin))].map((n) => (
    <span key={`pin${n}`} data-testid={n === 0 ? 'future-legend' : 'pin-legend'}>
      <svg width="18" height="8" aria-hidden="true">
        <line x1="0" x2="18" y1="4" y2="4" stroke="currentColor" strokeWidth={1.5} strokeOpacity={0.6} strokeDasharray={ghostDash(n)} />
      </svg>
      {n === 0 ? 'future (dashed)' : `pin ${n} (dotted)`}
    </span>
  ));
}

/** Several series over a shared x axis; d3 computes scales and paths, React renders SVG. */
export function LineChart({ series, width, height, xLabel, yLabel, logY = false, description, legend = true }: LineChartProps) {
  const { innerW, innerH } = plotSize(width, height, margin);
  // Pinned runs of this chart (src/pins): drawn faint and dotted under the live series, in the domain too.
  const ghosts = usePinnedGhosts(series, yLabel);
  const domain = seriesDomain(ghosts.length ? [...series, ...ghosts] : series, logY, 1e-6);
  const [x0, x1] = domain.x;
  const y0 = domain.y[0];
  const y1 = !logY && domain.y[1] === y0 ? y0 + 1 : domain.y[1];
  const x = scaleLinear().domain([x0, x1 > x0 ? x1 : x0 + 1]).range([0, innerW]);
  const y = (logY ? scaleLog() : scaleLinear()).domain([logY ? y0 : Math.min(0, y0), y1]).range([innerH, 0]).nice();
  const path = (s: Series) =>
    line<number>()
      .defined((i) => Number.isFinite(s.y[i]!) && (!logY || s.y[i]! > 0))
      .x((i) => x(s.x[i]!))
      .y((i) => y(s.y[i]!))(Array.from({ length: s.x.length }, (_, i) => i)) ?? '';
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={legend && <SeriesLegend items={series}>{pinLegend(ghosts)}</SeriesLegend>}>
      <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} ticks={Math.max(2, Math.floor(innerW / 80))} />
      <Axis scale={y} orient="left" offset={0} label={yLabel} gridLength={innerW} ticks={4} labelGap={52} format={logY ? (v) => (Number.isInteger(Math.log10(v)) ? `${v}` : '') : undefined} />
      {ghosts.map((g, i) => (
        <path key={`pin${g.pin}-${i}`} data-pin={g.pin} d={path(g)} fill="none" stroke={g.color} strokeWidth={1.5} strokeOpacity={0.45} strokeDasharray={ghostDash(g.pin)} />
      ))}
      {series.map((s) => (
        <path
          key={s.name}
          d={path(s)}
          fill="none"
          stroke={s.color}
          strokeWidth={s.faint ? 1 : 2}
          strokeOpacity={s.faint ? 0.35 : 1}
          strokeDasharray={s.dash ?? (s.dashed ? '5 4' : undefined)}
        />
      ))}
    </ChartFrame>
  );
}
