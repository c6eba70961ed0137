import { area, format, line, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { palette } from './palette';
import { ChartFrame, plotSize } from './ChartFrame';

interface CriticFitChartProps {
  /** Continuous: action values along the axis; discrete: arm indices 0..K−1. */
  grid: ArrayLike<number>;
  /** True mean reward at each grid point (a curve, or one value per arm). */
  trueCurve: ArrayLike<number>;
  /** The critic's prediction at each grid point; empty when the critic diverged. */
  criticCurve: ArrayLike<number>;
  /** The policy's density (continuous) or probabilities (discrete) at each grid point. */
  density: ArrayLike<number>;
  /** Recent samples: the action (or arm) tried and the noisy reward seen, oldest first. */
  sampleActions: ArrayLike<number>;
  sampleRewards: ArrayLike<number>;
  discrete: boolean;
  width: number;
  height: number;
  description: string;
}

const margin = { top: 10, right: 56, bottom: 40, left: 60 };
const COLORS = { truth: palette.grey, critic: palette.blue, samples: palette.orange, policy: palette.green };

/**
 * The reward model against the truth over the action space: the true mean reward, the critic's fit,
 * the latest noisy samples it was fitted on, and the policy (density or arm probabilities, right axis).
 */
export function CriticFitChart(props: CriticFitChartProps) {
  const { grid, trueCurve, criticCurve, density, sampleActions, sampleRewards, discrete, width, height, description } = props;
  const { innerW, innerH } = plotSize(width, height, margin);
  const n = grid.length;
  const lo = discrete ? -0.5 : grid[0] ?? 0;
  const hi = discrete ? n - 0.5 : grid[n - 1] ?? 1;
  const x = scaleLinear().domain([lo, hi]).range([0, innerW]);
  const ys: number[] = [];
  for (const arr of [trueCurve, criticCurve, sampleRewards]) for (let i = 0; i < arr.length; i++) if (Number.isFinite(arr[i]!)) ys.push(arr[i]!);
  const y0 = Math.min(-0.2, ...ys.map((v) => Math.max(v, -2)));
  const y1 = Math.max(1.2, ...ys.map((v) => Math.min(v, 3)));
  const y = scaleLinear().domain([y0, y1]).range([innerH, 0]).nice();
  let dMax = 0;
  for (let i = 0; i < density.length; i++) dMax = Math.max(dMax, density[i]!);
  const yd = scaleLinear().domain([0, discrete ? 1 : Math.max(dMax, 0.5)]).range([innerH, 0]).nice();
  const idx = Array.from({ length: n }, (_, i) => i);
  const curve = (v: ArrayLike<number>) =>
    line<number>()
      .defined((i) => Number.isFinite(v[i]!))
      .x((i) => x(grid[i]!))
      .y((i) => y(Math.max(y.domain()[0]!, Math.min(y.domain()[1]!, v[i]!))))(idx) ?? '';
  const densityArea = area<number>()
    .x((i) => x(grid[i]!))
    .y0(innerH)
    .y1((i) => yd(density[i]!))(idx) ?? '';
  const barW = discrete ? Math.max(2, (innerW / n) * 0.6) : 0;
  const m = sampleActions.length;
  const clampY = (v: number) => y(Math.max(y.domain()[0]!, Math.min(y.domain()[1]!, v)));
  const caption = (
    <figcaption className="legend">
      <span>
        <svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" stroke={COLORS.truth} strokeWidth={2.5} /></svg>
        true mean reward
      </span>
      <span>
        <svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" stroke={COLORS.critic} strokeWidth={2} strokeDasharray="4 2" /></svg>
        {criticCurve.length === n ? 'critic (learned reward model)' : 'critic: diverged, not drawn'}
      </span>
      <span>
        <svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="3" fill={COLORS.samples} /></svg>
        last {m} samples (noisy reward seen)
      </span>
      <span>
        <svg width="14" height="10" aria-hidden="true"><rect x="0" y="1" width="14" height="8" fill={COLORS.policy} fillOpacity={0.3} /></svg>
        {discrete ? 'policy probabilities (right axis)' : 'policy density (right axis)'}
      </span>
    </figcaption>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={caption}>
      <Axis
        scale={x}
        orient="bottom"
        offset={innerH}
        label={discrete ? 'arm' : 'action a'}
        ticks={discrete ? Math.min(n, Math.max(2, Math.floor(innerW / 40))) : Math.max(2, Math.floor(innerW / 80))}
        format={discrete ? (v) => (Number.isInteger(v) ? String(v) : '') : undefined}
      />
      <Axis scale={y} orient="left" offset={0} label="reward" gridLength={innerW} ticks={5} labelGap={46} format={format('.2~f')} />
      <g className="axis" transform={`translate(${innerW},0)`}>
        <line y1={0} y2={innerH} stroke="currentColor" />
        {yd.ticks(4).map((v) => (
          <g key={v} transform={`translate(0,${yd(v)})`}>
            <line x2={4} stroke="currentColor" />
            <text x={7} dy="0.32em" textAnchor="start">
              {format('.2~f')(v)}
            </text>
          </g>
        ))}
        <text className="axis-label" transform={`translate(${44},${innerH / 2}) rotate(90)`} textAnchor="middle">
          {discrete ? 'policy probability' : 'policy density'}
        </text>
      </g>
      {discrete ? (
        idx.map((i) => (
          <rect key={i} x={x(i) - barW / 2} width={barW} y={yd(density[i]!)} height={innerH - yd(density[i]!)} fill={COLORS.policy} fillOpacity={0.25} />
        ))
      ) : (
        <path d={densityArea} fill={COLORS.policy} fillOpacity={0.18} stroke={COLORS.policy} strokeOpacity={0.6} />
      )}
      {Array.from({ length: m }, (_, k) => {
        const jitter = discrete ? (((k * 7919) % 13) / 13 - 0.5) * barW * 0.8 : 0;
        return (
          <circle
            key={k}
            cx={x(sampleActions[k]!) + jitter}
            cy={clampY(sampleRewards[k]!)}
            r={2.5}
            fill={COLORS.samples}
            fillOpacity={0.25 + (0.65 * (k + 1)) / m}
          />
        );
      })}
      {discrete ? (
        idx.map((i) => (
          <g key={i}>
            <line x1={x(i) - barW / 2 - 2} x2={x(i) + barW / 2 + 2} y1={y(trueCurve[i]!)} y2={y(trueCurve[i]!)} stroke={COLORS.truth} strokeWidth={3} />
            {criticCurve.length === n && Number.isFinite(criticCurve[i]!) && (
              <line x1={x(i) - barW / 2} x2={x(i) + barW / 2} y1={clampY(criticCurve[i]!)} y2={clampY(criticCurve[i]!)} stroke={COLORS.critic} strokeWidth={2} strokeDasharray="4 2" />
            )}
          </g>
        ))
      ) : (
        <>
          <path d={curve(trueCurve)} fill="none" stroke={COLORS.truth} strokeWidth={2.5} />
          {criticCurve.length === n && <path d={curve(criticCurve)} fill="none" stroke={COLORS.critic} strokeWidth={2} strokeDasharray="6 3" />}
        </>
      )}
    </ChartFrame>
  );
}
