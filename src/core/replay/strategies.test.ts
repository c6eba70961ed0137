import { describe, expect, it } from 'vitest';
import { beta, gruslysTable, numForw, repetitions, revolveCost, segmentCost, storeAllCost } from './formulas';
import { executeSchedule, ScheduleError } from './execute';
import { MAX_T, planSchedule, STRATEGIES, type PlanRequest } from './strategies';
import { OP, ScheduleBuilder } from './schedule';

function run(req: PlanRequest) {
  const plan = planSchedule(req);
  if (!plan.ok) throw new Error(plan.reason);
  return { plan, exec: executeSchedule(plan.schedule) };
}

describe('formulas', () => {
  it('beta, r and NUMFORW match hand-worked values', () => {
    expect(beta(2, 3)).toBe(10);
    expect(beta(3, 2)).toBe(10);
    expect(beta(4, -1)).toBe(0);
    // s = 1: beta(1, r) = r + 1, so r = T - 1 and NUMFORW = T(T-1)/2 (recompute from the start).
    expect(repetitions(33, 1)).toBe(32);
    expect(numForw(33, 1)).toBe((33 * 32) / 2);
    // (10, 2): beta(2, 3) = 10 >= 10, r = 3, NUMFORW = 30 - beta(3, 2) = 20.
    expect(repetitions(10, 2)).toBe(3);
    expect(numForw(10, 2)).toBe(20);
    // (20, 3): beta(3, 3) = 20, r = 3, NUMFORW = 60 - beta(4, 2) = 45.
    expect(numForw(20, 3)).toBe(45);
    // (100, 4): beta(4, 4) = 70 < 100 <= beta(4, 5) = 126, r = 5, NUMFORW = 500 - beta(5, 4) = 374.
    expect(numForw(100, 4)).toBe(374);
  });

  it('Gruslys DP equals NUMFORW(t, m) + t for every t <= 80, m <= 6', () => {
    for (let m = 1; m <= 6; m++) {
      const table = gruslysTable(80, m);
      for (let t = 1; t <= 80; t++) expect(table[t], `t=${t} m=${m}`).toBe(numForw(t, m) + t);
    }
    expect(() => gruslysTable(4096, 8)).toThrow(RangeError);
  });
});

describe('schedules measured by execution equal the formulas', () => {
  it('revolve at (10,2), (20,3), (100,4), (33,1) and a sweep of small (T, s)', () => {
    for (const [T, s] of [
      [10, 2],
      [20, 3],
      [100, 4],
      [33, 1],
    ] as const) {
      const { exec } = run({ T, strategy: 'revolve', s });
      expect(exec.forwardSteps, `T=${T} s=${s}`).toBe(numForw(T, s));
      expect(exec.peakStates).toBe(s);
      expect(exec.backwardSteps).toBe(T);
    }
    for (let T = 1; T <= 120; T++) {
      for (let s = 1; s <= 7; s++) {
        const { exec } = run({ T, strategy: 'revolve', s });
        expect(exec.forwardSteps, `T=${T} s=${s}`).toBe(numForw(T, s));
        expect(exec.peakStates, `T=${T} s=${s}`).toBe(revolveCost(T, s).states);
      }
    }
  });

  it('store-all keeps T states after T - 1 advances; segments match their exact cost for every k', () => {
    for (const T of [1, 2, 7, 33, 100]) {
      const all = run({ T, strategy: 'store-all' }).exec;
      expect([all.peakStates, all.forwardSteps]).toEqual([T, T - 1]);
      expect(storeAllCost(T)).toEqual({ states: T, forward: T - 1 });
      for (let k = 1; k <= T; k++) {
        const { exec } = run({ T, strategy: 'every-k', k });
        expect({ states: exec.peakStates, forward: exec.forwardSteps }, `T=${T} k=${k}`).toEqual(segmentCost(T, k));
      }
    }
  });

  it('sqrt T segments keep at most 2 sqrt T + 2 states and cost at most one extra pass', () => {
    for (const T of [8, 9, 50, 100, 1000, 4096]) {
      const { exec } = run({ T, strategy: 'sqrt' });
      expect(exec.peakStates).toBeLessThanOrEqual(2 * Math.sqrt(T) + 2);
      expect(exec.forwardSteps).toBeLessThanOrEqual(2 * T);
    }
  });

  it('plans T = 4096 cheaply for every strategy, s = 1 included', () => {
    const started = Date.now();
    for (const strategy of STRATEGIES) {
      for (const s of [1, 2, 4, 16]) {
        const { plan, exec } = run({ T: MAX_T, strategy, s, k: 64 });
        expect(plan.schedule.length).toBeLessThan(40_000);
        expect({ states: exec.peakStates, forward: exec.forwardSteps }).toEqual(plan.expected);
      }
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('every recomputation is visible per state: s = 1 computes h_t exactly T - t times', () => {
    const { exec } = run({ T: 12, strategy: 'revolve', s: 1 });
    expect(Array.from(exec.computed)).toEqual([0, ...Array.from({ length: 12 }, (_, i) => 12 - (i + 1))]);
  });
});

describe('refusals', () => {
  it('refuses budgets below a strategy minimum, T out of range and s < 1, with reasons', () => {
    const tooSmall = planSchedule({ T: 100, strategy: 'store-all', budget: 20 });
    expect(tooSmall.ok).toBe(false);
    if (!tooSmall.ok) expect(tooSmall.reason).toMatch(/100 stored states.*budget of 20.*revolve with s = 20/);
    const sqrt = planSchedule({ T: 100, strategy: 'sqrt', budget: 10 });
    expect(sqrt.ok).toBe(false);
    const revolve = planSchedule({ T: 100, strategy: 'revolve', s: 8, budget: 4 });
    expect(revolve.ok).toBe(false);
    if (!revolve.ok) expect(revolve.reason).toMatch(/lower s to 4/);
    expect(planSchedule({ T: 100, strategy: 'revolve', s: 4, budget: 4 }).ok).toBe(true);
    const none = planSchedule({ T: 100, strategy: 'revolve', s: 1, budget: 0 });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toMatch(/h_0 alone/);
    const long = planSchedule({ T: MAX_T + 1, strategy: 'store-all' });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.reason).toMatch(/longer than the 4096/);
    expect(planSchedule({ T: 10, strategy: 'revolve', s: 0 }).ok).toBe(false);
    expect(() => repetitions(10, 0)).toThrow(RangeError);
  });

  it('the executor rejects a schedule that reads a state it does not have', () => {
    const b = new ScheduleBuilder(3);
    b.store();
    b.advance(1);
    b.backward(3);
    expect(() => executeSchedule(b.build())).toThrow(ScheduleError);
    const leaky = new ScheduleBuilder(1);
    leaky.store();
    leaky.backward(1);
    expect(() => executeSchedule(leaky.build())).toThrow(/left 1 checkpoints/);
    expect(OP.backward).toBe(4);
  });
});
