/**
 * Reverse replay on a linear track (REFERENCES §4). The animal runs places 0 -> 1 -> ... -> n-1 and
 * eats a reward on leaving the last place; it learns place values V by TD(0) while running, and at
 * the reward it may replay the lap once. Why the order matters: a TD update moves value one place
 * back, from V(next) into V(here). Replayed backwards, each update reads a value the previous update
 * has just written, so one sweep carries the reward to the start. Replayed forwards (or learned
 * online, which is the same order), each update reads a value that has not been touched yet this
 * sweep, so the reward advances one place per sweep and needs n sweeps to reach place 0.
 */

export const REPLAY_MODES = ['reverse', 'forward', 'none'] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];

export interface Transition {
  from: number;
  /** Next place, or -1 when the lap ends (terminal, value 0). */
  to: number;
  reward: number;
}

/** One lap of the track: the reward (1) comes with the last transition. */
export function trackLap(n: number): Transition[] {
  return Array.from({ length: n }, (_, i) => ({ from: i, to: i + 1 < n ? i + 1 : -1, reward: i + 1 < n ? 0 : 1 }));
}

/** V(s) += alpha (r + gamma V(s') - V(s)); returns the TD error. */
export function tdUpdate(values: Float64Array, tr: Transition, alpha: number, gamma: number): number {
  const next = tr.to < 0 ? 0 : values[tr.to]!;
  const delta = tr.reward + gamma * next - values[tr.from]!;
  values[tr.from] = values[tr.from]! + alpha * delta;
  return delta;
}

/** Replay a lap's transitions once, in the given order. Returns the places in the order they fired. */
export function replaySweep(
  values: Float64Array,
  lap: readonly Transition[],
  order: 'reverse' | 'forward',
  alpha: number,
  gamma: number,
): Int32Array {
  const fired = new Int32Array(lap.length);
  for (let j = 0; j < lap.length; j++) {
    const tr = lap[order === 'reverse' ? lap.length - 1 - j : j]!;
    tdUpdate(values, tr, alpha, gamma);
    fired[j] = tr.from;
  }
  return fired;
}

/** One episode: learn online along the run, then replay per the mode. Returns the replay's firing order. */
export function runEpisode(values: Float64Array, mode: ReplayMode, alpha: number, gamma: number): Int32Array {
  const lap = trackLap(values.length);
  for (const tr of lap) tdUpdate(values, tr, alpha, gamma);
  return mode === 'none' ? new Int32Array(0) : replaySweep(values, lap, mode, alpha, gamma);
}

/** Value the start place converges to: the reward discounted over the n - 1 moves before it. */
export function startValue(n: number, gamma: number): number {
  return gamma ** (n - 1);
}

/**
 * Episodes a fresh learner needs until V(start) passes `fraction` of its final value (0: until any
 * of the reward has reached it). -1 when it has not within maxEpisodes.
 */
export function episodesToReachStart(
  n: number,
  mode: ReplayMode,
  alpha: number,
  gamma: number,
  fraction = 0,
  maxEpisodes = 20_000,
): number {
  const values = new Float64Array(n);
  const target = fraction * startValue(n, gamma);
  for (let e = 1; e <= maxEpisodes; e++) {
    runEpisode(values, mode, alpha, gamma);
    if (values[0]! > target) return e;
  }
  return -1;
}
