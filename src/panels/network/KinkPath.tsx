import type { ScaleLinear } from 'd3';
import { KINK_COLOR } from './colors';

interface KinkPathProps {
  /** Segments [x₁, y₁, x₂, y₂, …] in data coordinates. */
  segments: Float32Array;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Dashed when the unit is smooth (tanh, linear): there z = 0 is a midpoint, not a kink. */
  smooth: boolean;
  testId: string;
}

/** Where a unit's pre-activation is zero, drawn in purple over a white halo so it reads on any map. */
export function KinkPath({ segments, x, y, smooth, testId }: KinkPathProps) {
  if (segments.length < 4) return null;
  let d = '';
  for (let i = 0; i + 3 < segments.length; i += 4) {
    d += `M${x(segments[i]!).toFixed(1)},${y(segments[i + 1]!).toFixed(1)}L${x(segments[i + 2]!).toFixed(1)},${y(segments[i + 3]!).toFixed(1)}`;
  }
  return (
    <g data-testid={testId} pointerEvents="none">
      <path d={d} fill="none" stroke="white" strokeWidth={4.5} strokeLinecap="round" strokeOpacity={0.85} />
      <path d={d} fill="none" stroke={KINK_COLOR} strokeWidth={2.2} strokeLinecap="round" strokeDasharray={smooth ? '5 4' : undefined} />
    </g>
  );
}
