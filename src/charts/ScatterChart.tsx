import { extent, format, scaleLinear, scaleLog } from 'd3';
import { Axis } from './Axis';
import { SeriesLegend } from './SeriesLegend';
import { ChartFrame, plotSize } from './ChartFrame';

export interface ScatterSeries {
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Dot radius in pixels (default 2.5). */
  radius?: number;
  /** Draw the newest points more opaque than the oldest (the arrays are in time order). */
  fadeOld?: boolean;
}

interface ScatterChartProps {
  series: ScatterSeries[];
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  /** Log-scale y (non-positive values dropped). */
  logY?: boolean;
  /** Fixed x range (e.g. 0 to log K for entropy); otherwise the data's extent. */
  xDomain?: [number, number];
  description: string;
}

const margin = { top: 10, right: 12, bottom: 40, left: 64 };

/** Points of several series on shared axes; the newest can be drawn darker. */
export function ScatterChart({ series, width, height, xLabel, yLabel, logY = false, xDomain, description }: ScatterChartProps) {
  const { innerW, innerH } = plotSize(width, height, margin);
  const ok = (xv: number, yv: number) => Number.isFinite(xv) && Number.isFinite(yv) && (!logY || yv > 0);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!ok(s.x[i]!, s.y[i]!)) continue;
      xs.push(s.x[i]!);
      ys.push(s.y[i]!);
    }
  }
  const [dx0 = 0, dx1 = 1] = xDomain ?? extent(xs);
  let [y0 = 0, y1 = 1] = extent(ys);
  if (logY) {
    y0 = Math.max(y0, y1 * 1e-6, 1e-9);
    if (y1 <= y0) y1 = y0 * 10;
  } else if (y1 === y0) y1 = y0 + 1;
  const x = scaleLinear().domain([dx0, dx1 > dx0 ? dx1 : dx0 + 1]).range([0, innerW]).nice();
  const y = (logY ? scaleLog() : scaleLinear()).domain([logY ? y0 : Math.min(0, y0), y1]).range([innerH, 0]).nice();
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={<SeriesLegend items={series.map((s) => ({ name: s.name, color: s.color }))} />}>
      <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} ticks={Math.max(2, Math.floor(innerW / 80))} />
      <Axis
        scale={y}
        orient="left"
        offset={0}
        label={yLabel}
        gridLength={innerW}
        ticks={4}
        labelGap={52}
        format={logY ? (v) => (Number.isInteger(Math.round(Math.log10(v) * 1e6) / 1e6) ? (v >= 0.01 && v < 1e4 ? format('~g')(v) : format('.0e')(v)) : '') : undefined}
      />
      {series.map((s) => {
        const n = s.x.length;
        return (
          <g key={s.name} fill={s.color}>
            {Array.from({ length: n }, (_, i) =>
              ok(s.x[i]!, s.y[i]!) && y(s.y[i]!) >= -1 ? (
                <circle key={i} cx={x(s.x[i]!)} cy={y(s.y[i]!)} r={s.radius ?? 2.5} fillOpacity={s.fadeOld ? 0.15 + (0.7 * (i + 1)) / n : 0.6} />
              ) : null,
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
