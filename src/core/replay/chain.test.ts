import { describe, expect, it } from 'vitest';
import { episodesToReachStart, replaySweep, runEpisode, startValue, trackLap } from './chain';
import { replayFiringTimes, runFiringTimes } from './place-cells';

describe('replay on an n-place track', () => {
  it('one reverse sweep carries the terminal reward to the start', () => {
    for (const n of [2, 5, 16, 64]) {
      const v = new Float64Array(n);
      const order = replaySweep(v, trackLap(n), 'reverse', 1, 0.9);
      expect(Array.from(order)).toEqual(Array.from({ length: n }, (_, i) => n - 1 - i));
      for (let i = 0; i < n; i++) expect(v[i]).toBeCloseTo(0.9 ** (n - 1 - i), 12);
    }
  });

  it('forward-order sweeps move the reward one place per sweep: the start needs exactly n sweeps', () => {
    for (const n of [2, 5, 16, 64]) {
      const v = new Float64Array(n);
      const lap = trackLap(n);
      for (let sweep = 1; sweep <= n; sweep++) {
        replaySweep(v, lap, 'forward', 1, 0.9);
        // After k sweeps exactly the last k places know about the reward.
        for (let i = 0; i < n; i++) expect(v[i]! > 0, `n=${n} sweep=${sweep} place=${i}`).toBe(i >= n - sweep);
      }
      expect(v[0]).toBeCloseTo(startValue(n, 0.9), 12);
    }
  });

  it('episodes until the start knows the reward: reverse 1, forward ceil(n/2), online TD(0) n', () => {
    for (const n of [4, 9, 16]) {
      expect(episodesToReachStart(n, 'reverse', 1, 0.95)).toBe(1);
      expect(episodesToReachStart(n, 'forward', 1, 0.95)).toBe(Math.ceil(n / 2));
      expect(episodesToReachStart(n, 'none', 1, 0.95)).toBe(n);
    }
    // With a small learning rate the order still decides how soon half the value arrives.
    const [rev, fwd, none] = (['reverse', 'forward', 'none'] as const).map((m) => episodesToReachStart(16, m, 0.3, 0.9, 0.5));
    expect(rev).toBeGreaterThan(0);
    expect(rev!).toBeLessThan(fwd!);
    expect(fwd!).toBeLessThan(none!);
    expect(episodesToReachStart(16, 'none', 0.01, 0.9, 0.99, 10)).toBe(-1);
  });

  it('an episode without replay fires no replay; replay timing is compressed for display', () => {
    expect(runEpisode(new Float64Array(6), 'none', 0.5, 0.9).length).toBe(0);
    const order = runEpisode(new Float64Array(6), 'reverse', 0.5, 0.9);
    const run = runFiringTimes(6);
    const replay = replayFiringTimes(order, 15);
    expect(replay.at(-1)! * 15).toBeCloseTo(run.at(-1)!, 6);
  });
});
