import { scaleBand, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { SeriesLegend } from './SeriesLegend';
import { ChartFrame, plotSize } from './ChartFrame';

interface LatentStripProps {
  /** q(h_j = 1 | x) for each latent unit j. */
  posterior: Float32Array;
  /** The prior p(h_j = 1) of each unit, drawn as a tick for comparison. */
  prior: Float32Array;
  width: number;
  height: number;
  color: string;
  priorColor: string;
  description: string;
}

const margin = { top: 10, right: 10, bottom: 40, left: 56 };

/** One bar per binary latent unit: the recognition model's probability that it is on, with the prior as a tick. */
export function LatentStrip({ posterior, prior, width, height, color, priorColor, description }: LatentStripProps) {
  const h = posterior.length;
  const { innerW, innerH } = plotSize(width, height, margin);
  const x = scaleBand<number>()
    .domain(Array.from({ length: h }, (_, i) => i))
    .range([0, innerW])
    .padding(0.15);
  const y = scaleLinear().domain([0, 1]).range([innerH, 0]);
  const tickEvery = Math.max(1, Math.ceil(h / Math.max(2, Math.floor(innerW / 28))));
  const xAxis = scaleLinear().domain([0, h]).range([0, innerW]);
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={<SeriesLegend items={[{ name: 'q(hⱼ = 1 | x): recognition model', color }, { name: 'p(hⱼ = 1): prior', color: priorColor }]} />}>
      <Axis scale={y} orient="left" offset={0} label="P(unit on)" gridLength={innerW} ticks={4} labelGap={44} />
      {Array.from(posterior, (v, i) => {
        const p = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
        return <rect key={i} x={x(i)} y={y(p)} width={x.bandwidth()} height={innerH - y(p)} fill={color} />;
      })}
      {Array.from(prior, (v, i) => (
        <line key={`p${i}`} x1={x(i)} x2={x(i)! + x.bandwidth()} y1={y(v)} y2={y(v)} stroke={priorColor} strokeWidth={2} />
      ))}
      <g className="axis" transform={`translate(0,${innerH})`}>
        <line x1={0} x2={innerW} stroke="currentColor" />
        {Array.from({ length: h }, (_, i) => i)
          .filter((i) => i % tickEvery === 0)
          .map((i) => (
            <text key={i} x={x(i)! + x.bandwidth() / 2} y={15} textAnchor="middle">
              {i + 1}
            </text>
          ))}
        <text className="axis-label" x={xAxis(h / 2)} y={30} textAnchor="middle">
          latent unit j (1 … {h})
        </text>
      </g>
    </ChartFrame>
  );
}
