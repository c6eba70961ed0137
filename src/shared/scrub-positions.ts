/**
 * The rewind scrubber's positions: the kept steps, and the present when it is newer than the newest
 * kept one (between two checkpoints while training, or after a branch). Pure; the page uses it, the
 * worker's tests check it against the timeline.
 */
export function scrubPositions(steps: readonly number[], viewing: number | null, present: number): number[] {
  if (viewing !== null || steps.length === 0 || steps[steps.length - 1] === present) return [...steps];
  return [...steps, present];
}
