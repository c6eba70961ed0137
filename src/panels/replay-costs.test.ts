import { describe, expect, it } from 'vitest';
// The page may not import src/core/replay; this Node test may, to pin the page's copy to the core's.
// eslint-disable-next-line no-restricted-imports
import { numForw as coreNumForw } from '../core/replay/formulas';
// eslint-disable-next-line no-restricted-imports
import { expectedCost, STRATEGIES } from '../core/replay/strategies';
import { frontier, numForw, strategyCost } from './replay-costs';

describe("the memory panel's cost formulas match the core's", () => {
  it('NUMFORW(T, s) agrees for every T and s the sliders reach', () => {
    for (const T of [2, 3, 8, 9, 17, 100, 256, 1000, 4096]) {
      for (const s of [1, 2, 3, 4, 5, 8, 16, 64, 256]) expect(numForw(T, s), `T=${T} s=${s}`).toBe(coreNumForw(T, s));
    }
  });

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
