/** Training speeds offered by the transport, in steps per second; the last is "as fast as it goes". */
export const SPEEDS = [1, 5, 30, 120, Infinity] as const;
export const SPEED_LABELS = ['1 step/s', '5 steps/s', '30 steps/s', '120 steps/s', 'max'] as const;
export const DEFAULT_SPEED_INDEX = SPEEDS.length - 1;

/** The transport's speed closest to `stepsPerSecond` (an experiment's pace, from its contract). */
export function speedIndexFor(stepsPerSecond: number): number {
  let best = DEFAULT_SPEED_INDEX;
  for (let i = 0; i < SPEEDS.length; i++) {
    if (Math.abs(Math.log(SPEEDS[i]!) - Math.log(stepsPerSecond)) < Math.abs(Math.log(SPEEDS[best]!) - Math.log(stepsPerSecond))) best = i;
  }
  return stepsPerSecond === Infinity ? DEFAULT_SPEED_INDEX : best;
}
