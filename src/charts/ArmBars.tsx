import { format, scaleBand, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { palette } from './palette';
import { ChartFrame, plotSize } from './ChartFrame';

interface ArmBarsProps {
  /** Probability of each arm under the policy. */
  probs: ArrayLike<number>;
  /** True mean reward of each arm. */
  means: ArrayLike<number>;
  best: number;
  decoy: number;
  width: number;
  height: number;
  description: string;
}

const margin = { top: 10, right: 12, bottom: 40, left: 60 };

/** The policy as bars, one per arm, with each arm's true mean reward as a tick over its bar. */
export function ArmBars({ probs, means, best, decoy, width, height, description }: ArmBarsProps) {
  const k = probs.length;
  const { innerW, innerH } = plotSize(width, height, margin);
  const arms = Array.from({ length: k }, (_, i) => i);
  const x = scaleBand<number>().domain(arms).range([0, innerW]).padding(0.2);
  const y = scaleLinear().domain([0, 1]).range([innerH, 0]);
  const color = (i: number) => (i === best ? palette.green : i === decoy ? palette.orange : palette.grey);
  const every = Math.max(1, Math.ceil(k / Math.max(1, Math.floor(innerW / 22))));
  const caption = (
    <figcaption className="legend">
      <span>
        <svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" fill={palette.green} /></svg>
        best arm ({best})
      </span>
      <span>
        <svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" fill={palette.orange} /></svg>
        decoy ({decoy})
      </span>
      <span>
        <svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" fill={palette.grey} /></svg>
        other arms
      </span>
      <span>
        <svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" stroke="currentColor" strokeWidth={2} strokeDasharray="3 2" /></svg>
        true mean reward of the arm
      </span>
    </figcaption>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={caption}>
      <Axis scale={y} orient="left" offset={0} label="probability / mean reward" gridLength={innerW} ticks={5} labelGap={46} format={format('.1f')} />
      <g className="axis" transform={`translate(0,${innerH})`}>
        <line x1={0} x2={innerW} stroke="currentColor" />
        {arms
          .filter((i) => i % every === 0 || i === best)
          .map((i) => (
            <text key={i} x={x(i)! + x.bandwidth() / 2} y={15} textAnchor="middle">
              {i}
            </text>
          ))}
        <text className="axis-label" x={innerW / 2} y={30} textAnchor="middle">
          arm
        </text>
      </g>
      {arms.map((i) => (
        <g key={i}>
          <rect x={x(i)} width={x.bandwidth()} y={y(probs[i]!)} height={innerH - y(probs[i]!)} fill={color(i)} fillOpacity={0.85} />
          <line x1={x(i)! - 1} x2={x(i)! + x.bandwidth() + 1} y1={y(means[i]!)} y2={y(means[i]!)} stroke="currentColor" strokeWidth={2} strokeDasharray="3 2" />
        </g>
      ))}
    </ChartFrame>
  );
}
