import { scaleLog } from 'd3';
import { Axis } from './Axis';
import { SeriesLegend } from './SeriesLegend';
import { ChartFrame, plotSize } from './ChartFrame';

export interface LogLogSeries {
  /** Legend text (the fitted slope is appended by the chart). */
  name: string;
  color: string;
  dashed?: boolean;
  /** An SVG dash pattern (e.g. '2 3'); overrides `dashed`. */
  dash?: string;
  /** Measured points; non-positive or non-finite ones are left out, never drawn. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Least-squares fit log y = slope · log x + intercept (natural logs) over [from, to], drawn there as a thin line. */
  fit: { slope: number; intercept: number; from: number; to: number } | null;
}

interface LogLogChartProps {
  series: LogLogSeries[];
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  /** The x range to show even before points arrive (e.g. the whole ladder of N). */
  xDomain: [number, number];
  /** Accessible description of what the chart shows right now. */
  description: string;
  /** Draw the series legend under the chart (default); false where one legend serves a group of charts. */
  legend?: boolean;
}

const margin = { top: 10, right: 14, bottom: 40, left: 64 };
const powerOfTen = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
const shortNumber = (v: number) => (v >= 1e4 || v < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3))));

/** Points joined by lines on log-log axes, with each series' fitted power law as a thin line. */
export function LogLogChart({ series, width, height, xLabel, yLabel, xDomain, description, legend = true }: LogLogChartProps) {
  const { innerW, innerH } = plotSize(width, height, margin);
  const good = (s: LogLogSeries) =>
    Array.from({ length: s.x.length }, (_, i) => i).filter((i) => s.x[i]! > 0 && s.y[i]! > 0 && Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!));
  const ys = series.flatMap((s) => good(s).map((i) => s.y[i]!));
  let y0 = ys.length ? Math.min(...ys) : 1e-3;
  let y1 = ys.length ? Math.max(...ys) : 1;
  if (y1 / y0 < 10) {
    const mid = Math.sqrt(y0 * y1);
    y0 = mid / Math.sqrt(10);
    y1 = mid * Math.sqrt(10);
  }
  const [xa, xb] = xDomain[1] > xDomain[0] ? xDomain : [xDomain[0], xDomain[0] * 2];
  const x = scaleLog().domain([xa, xb]).range([0, innerW]);
  const y = scaleLog().domain([y0, y1]).range([innerH, 0]).nice();
  const clampY = (v: number) => Math.max(0, Math.min(innerH, y(v)));
  // Powers of two (the sweep's ladder), thinned to fit about one label per 40 px.
  const twos: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(xa)); v <= xb; v *= 2) twos.push(v);
  const every = Math.max(1, Math.ceil(twos.length / Math.max(2, Math.floor(innerW / 40))));
  const xTicks = twos.filter((_, i) => i % every === 0);
  const caption =
    legend && (
      <SeriesLegend
        items={series.map((s) => ({ id: s.name, name: `${s.name}${s.fit ? ` (slope ${s.fit.slope.toFixed(2)})` : ''}`, color: s.color, dashed: s.dashed, dash: s.dash }))}
      />
    );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={caption}>
      <g className="axis" transform={`translate(0,${innerH})`}>
        <line x1={0} x2={innerW} stroke="currentColor" />
        {xTicks.map((v) => (
          <g key={v} transform={`translate(${x(v)},0)`}>
            <line y1={0} y2={-innerH} className="grid" />
            <line y2={4} stroke="currentColor" />
            <text y={15} textAnchor="middle">
              {v}
            </text>
          </g>
        ))}
        <text className="axis-label" x={innerW / 2} y={30} textAnchor="middle">
          {xLabel}
        </text>
      </g>
      <Axis scale={y} orient="left" offset={0} label={yLabel} gridLength={innerW} ticks={4} labelGap={52} format={(v) => (powerOfTen(v) ? shortNumber(v) : '')} />
      {series.map((s) => {
        const idx = good(s);
        const d = idx.map((i, j) => `${j === 0 ? 'M' : 'L'}${x(s.x[i]!)},${y(s.y[i]!)}`).join('');
        const f = s.fit;
        const fx0 = f ? Math.max(f.from, xa) : 0;
        const fx1 = f ? Math.min(f.to, xb) : 0;
        return (
          <g key={s.name}>
            {f && (
              <line
                x1={x(fx0)}
                x2={x(fx1)}
                y1={clampY(Math.exp(f.intercept + f.slope * Math.log(fx0)))}
                y2={clampY(Math.exp(f.intercept + f.slope * Math.log(fx1)))}
                stroke={s.color}
                strokeWidth={5}
                strokeOpacity={0.18}
                strokeLinecap="round"
              />
            )}
            <path d={d} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash ?? (s.dashed ? '5 4' : undefined)} />
            {idx.map((i) => (
              <circle key={i} cx={x(s.x[i]!)} cy={y(s.y[i]!)} r={3} fill={s.color} stroke="white" strokeWidth={0.8} />
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
