import { describe, expect, it } from 'vitest';
// The page may not import the planner (src/core/replay/strategies); this Node test may, to pin the
// panel's placements to the planner's.
// eslint-disable-next-line no-restricted-imports
import { expectedCost, STRATEGIES } from '../core/replay/strategies';
import { frontier, strategyCost } from './replay-costs';

describe("the memory panel's cost placements match the planner's", () => {
  it('every strategy sits where the planner says', () => {
    for (const T of [8, 15, 64, 100, 256, 1000, 4096]) {
      for (const strategy of STRATEGIES) {
        for (const [k, s] of [[1, 1], [3, 2], [16, 4], [100, 9], [4096, 256]] as const) {
          expect(strategyCost(strategy, T, k, s), `${strategy} T=${T} k=${k} s=${s}`).toEqual(expectedCost({ T, strategy, k, s }).cost);
        }
      }
    }
  });

  it('the frontier falls from T(T−1)/2 at s = 1 to T − 1', () => {
    const f = frontier(64);
    expect(f.forward[0]).toBe((64 * 63) / 2);
    expect(f.forward[f.forward.length - 1]).toBe(63);
    for (let i = 1; i < f.forward.length; i++) expect(f.forward[i]!).toBeLessThanOrEqual(f.forward[i - 1]!);
  });
});
