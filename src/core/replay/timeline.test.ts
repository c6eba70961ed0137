import { describe, expect, it } from 'vitest';
import { executeSchedule } from './execute';
import { OP } from './schedule';
import { planSchedule, STRATEGIES } from './strategies';
import { timelineArrays } from './timeline';

function timeline(T: number, strategy: (typeof STRATEGIES)[number], maxOps?: number) {
  const plan = planSchedule({ T, strategy, s: 2, k: 1 });
  if (!plan.ok) throw new Error(plan.reason);
  return { plan, arrays: timelineArrays(plan.schedule, executeSchedule(plan.schedule), maxOps) };
}

describe('timeline arrays', () => {
  it('ship every operation of a small schedule', () => {
    const { plan, arrays } = timeline(50, 'revolve');
    expect(arrays.thinned).toBe('none');
    expect((arrays.kind as Uint8Array).length).toBe(plan.schedule.length);
  });

  it('at T = 4096 drop only restores and frees, keeping every advance, store and backward step', () => {
    for (const strategy of STRATEGIES) {
      const { plan, arrays } = timeline(4096, strategy);
      const kinds = arrays.kind as Uint8Array;
      const count = (k: number, a: Uint8Array) => a.reduce((n, x) => n + (x === k ? 1 : 0), 0);
      expect(arrays.thinned === 'none' || arrays.thinned === 'restore-free').toBe(true);
      for (const k of [OP.advance, OP.store, OP.backward]) expect(count(k, kinds)).toBe(count(k, plan.schedule.kind));
    }
  });

  it('fall back to a regular stride under a tight limit', () => {
    const { arrays } = timeline(200, 'store-all', 100);
    expect(arrays.thinned).toBe('stride');
    expect((arrays.kind as Uint8Array).length).toBeLessThanOrEqual(100);
    // Clocks stay in order after thinning.
    const clock = Array.from(arrays.clock as Int32Array);
    expect(clock).toEqual([...clock].sort((a, b) => a - b));
  });
});
