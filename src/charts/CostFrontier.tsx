import { area, format, line, scaleLog, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3';
import { Axis } from './Axis';
import { ChartFrame, plotSize } from './ChartFrame';

export interface StrategyMark {
  /** Stable key. */
  id: string;
  /** Legend text. */
  label: string;
  /** Peak stored states. */
  states: number;
  /** Forward steps outside the backward sweep. */
  forward: number;
  color: string;
  shape: 'circle' | 'square' | 'diamond' | 'triangle';
  /** True for a count measured while the schedule ran (filled); false for the formula's position (hollow). */
  measured: boolean;
  /** The strategy now selected (drawn larger, with a ring). */
  active?: boolean;
}

interface CostFrontierProps {
  /** Stored states of the frontier's points (s = 1 …). */
  frontierStates: ArrayLike<number>;
  /** NUMFORW(T, s) at each of those s. */
  frontierForward: ArrayLike<number>;
  /** Strategies to place against the frontier. */
  marks: StrategyMark[];
  /** Most states allowed; the region beyond it is greyed (null: no limit worth drawing). */
  budget: number | null;
  /** Sequence length, which sets the axes' ranges. */
  T: number;
  width: number;
  height: number;
  /** Accessible description of what the chart shows right now. */
  description: string;
}

const margin = { top: 10, right: 14, bottom: 40, left: 64 };
const shapes = { circle: symbolCircle, square: symbolSquare, diamond: symbolDiamond, triangle: symbolTriangle };

/**
 * Memory against recomputation on log–log axes: the optimal frontier (binomial checkpointing, the
 * fewest forward steps any schedule needs with s stored states) and each strategy's position.
 */
export function CostFrontier({ frontierStates, frontierForward, marks, budget, T, width, height, description }: CostFrontierProps) {
  const { innerW, innerH } = plotSize(width, height, margin, 40);
  const fwdMax = Math.max((T * (T - 1)) / 2, ...marks.map((m) => m.forward), 2);
  const fwdMin = Math.max(1, Math.min(T - 1, ...marks.map((m) => m.forward).filter((v) => v > 0)));
  const x = scaleLog().domain([0.75, Math.max(2, T * 1.3)]).range([0, innerW]);
  const y = scaleLog().domain([fwdMin / 1.6, fwdMax * 1.6]).range([innerH, 0]);
  const idx = Array.from({ length: frontierStates.length }, (_, i) => i);
  const frontierPath = line<number>().x((i) => x(frontierStates[i]!)).y((i) => y(Math.max(fwdMin / 1.6, frontierForward[i]!)))(idx) ?? '';
  const below =
    area<number>()
      .x((i) => x(frontierStates[i]!))
      .y0(innerH)
      .y1((i) => y(Math.max(fwdMin / 1.6, frontierForward[i]!)))(idx) ?? '';
  const budgetX = budget !== null && budget >= 1 && budget < T ? x(budget) : null;
  const powers = (v: number) => (Number.isInteger(Math.log10(v)) ? format('~s')(v) : '');
  const caption = (
    <figcaption className="legend">
      <span>
        <svg width="18" height="8" aria-hidden="true">
          <line x1="0" x2="18" y1="4" y2="4" stroke="currentColor" strokeWidth={1.5} />
        </svg>
        optimal frontier NUMFORW(T, s)
      </span>
      {marks.map((m) => (
        <span key={m.id}>
          <svg width="14" height="14" aria-hidden="true">
            <path d={symbol(shapes[m.shape], 60)() ?? ''} transform="translate(7,7)" stroke={m.color} strokeWidth={2} fill={m.measured ? m.color : 'none'} />
          </svg>
          {m.label}
          {m.measured ? ' (measured)' : ' (formula)'}
        </span>
      ))}
    </figcaption>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={caption}>
      <path d={below} className="frontier-below" />
      {budgetX !== null && (
        <g>
          <rect x={budgetX} width={Math.max(0, innerW - budgetX)} height={innerH} className="over-budget" />
          <line x1={budgetX} x2={budgetX} y1={0} y2={innerH} stroke="currentColor" strokeDasharray="4 3" />
          <text x={budgetX - 4} y={12} textAnchor="end" className="tick-text">
            budget {budget}
          </text>
        </g>
      )}
      <Axis scale={x} orient="bottom" offset={innerH} label="peak stored states" ticks={6} format={powers} />
      <Axis scale={y} orient="left" offset={0} label="forward steps" gridLength={innerW} ticks={5} labelGap={52} format={powers} />
      <path d={frontierPath} fill="none" stroke="currentColor" strokeWidth={1.5} />
      <text x={6} y={innerH - 6} className="tick-text">
        no schedule gets below the line
      </text>
      {marks.map((m) => {
        const px = x(Math.max(1, m.states));
        const py = y(Math.max(fwdMin / 1.6, m.forward));
        const d = symbol(shapes[m.shape], m.active ? 130 : 70)() ?? '';
        return (
          <g key={m.id} transform={`translate(${px},${py})`}>
            {m.active && <circle r={12} fill="none" stroke={m.color} strokeWidth={1.5} strokeOpacity={0.7} />}
            <path d={d} fill={m.measured ? m.color : undefined} stroke={m.color} strokeWidth={2} style={m.measured ? undefined : { fill: 'var(--panel)' }} />
          </g>
        );
      })}
    </ChartFrame>
  );
}
