import { describe, expect, it } from 'vitest';
import { History } from './history';

/**
 * What History must hold after steps 1..N were offered: every multiple of `every` up to N, where
 * `every` is the smallest base·2^k with floor(N / every) ≤ capacity (it doubles exactly when the
 * count first exceeds the capacity, and a count never shrinks as N grows).
 */
function expectedSteps(n: number, base: number, capacity: number): { every: number; steps: number[] } {
  let every = base;
  while (Math.floor(n / every) > capacity) every *= 2;
  const steps: number[] = [];
  for (let s = every; s <= n; s += every) steps.push(s);
  return { every, steps };
}

function snapshotArrays(h: History): Record<string, number[]> {
  const snap = h.toSnapshot();
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, Array.from(v as Float32Array)]));
}

describe('History', () => {
  for (const [base, capacity] of [
    [1, 8],
    [5, 16],
    [3, 7],
    [1, 1],
  ] as const) {
    it(`base ${base}, capacity ${capacity}: bounded, on the doubled grid, matching the closed form at every N`, () => {
      const h = new History(['a', 'b'], base, capacity);
      let maxLength = 0;
      for (let n = 1; n <= 3000; n++) {
        h.push(n, [n * 10, -n]);
        maxLength = Math.max(maxLength, h.length);
        expect(h.length).toBeLessThanOrEqual(capacity);
        if (n % 97 === 0 || n <= 64) {
          const { every, steps } = expectedSteps(n, base, capacity);
          const snap = snapshotArrays(h);
          expect(snap.steps, `N=${n}`).toEqual(steps);
          expect(snap.steps!.every((s) => s % every === 0)).toBe(true);
          // Series are thinned in lockstep with the steps.
          expect(snap.a).toEqual(steps.map((s) => s * 10));
          expect(snap.b).toEqual(steps.map((s) => -s));
          // Due exactly at the current interval.
          expect(h.due(every)).toBe(true);
          if (every > 1) expect(h.due(every + 1)).toBe(false);
        }
      }
      // The capacity is actually reached (else the test would prove nothing about thinning).
      expect(maxLength).toBe(capacity);
    });
  }

  it('ignores steps that are not due', () => {
    const h = new History(['x'], 5, 100);
    for (const s of [1, 2, 3, 4, 6, 7]) h.push(s, [s]);
    expect(h.length).toBe(0);
    h.push(5, [5]);
    h.push(10, [10]);
    expect(snapshotArrays(h)).toEqual({ steps: [5, 10], x: [5, 10] });
  });

  it('clear resets the interval as well as the points', () => {
    const h = new History(['x'], 1, 4);
    for (let s = 1; s <= 40; s++) h.push(s, [s]);
    expect(h.due(1)).toBe(false);
    h.clear();
    expect(h.length).toBe(0);
    expect(h.due(1)).toBe(true);
    for (let s = 1; s <= 3; s++) h.push(s, [s]);
    expect(snapshotArrays(h)).toEqual({ steps: [1, 2, 3], x: [1, 2, 3] });
  });

  it('snapshots are fresh copies', () => {
    const h = new History(['x'], 1, 10);
    h.push(1, [0.5]);
    const a = h.toSnapshot();
    (a.x as Float32Array)[0] = 99;
    (a.steps as Float32Array)[0] = 99;
    expect(snapshotArrays(h)).toEqual({ steps: [1], x: [0.5] });
    expect(h.toSnapshot().x).not.toBe(a.x);
  });
});
