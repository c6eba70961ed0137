/** The statistics helpers on hand-made numbers: exact values, NaN reporting, group means, slopes. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { groupMeans, logLogSlope, summarise } from './stats';

describe('summarise', () => {
  it('mean, bias, variance, SNR, cosines and cost', () => {
    // 4 samples of a 2-vector; exact gradient (1, 0).
    const values = [2, 0, 0, 0, 1, 1, 1, -1];
    const r = summarise(values, 4, 2, [1, 0], { costPerSample: 2 });
    if (!r.ok) throw new Error(r.reason);
    const [a, b] = r.summary.coordinates;
    expect(a!.mean).toBe(1);
    expect(a!.bias).toBe(0);
    expect(a!.variance).toBeCloseTo(2 / 3, 12);
    expect(a!.snr).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(a!.standardError).toBeCloseTo(Math.sqrt(2 / 3 / 4), 12);
    expect(b!.mean).toBe(0);
    expect(b!.snr).toBe(0);
    expect(r.summary.cosine).toBeCloseTo(1, 12);
    // Rows: (2,0) → 1, (0,0) → 0 (points nowhere), (1,1) → 1/√2, (1,-1) → 1/√2.
    expect(r.summary.sampleCosine).toBeCloseTo((1 + 0 + 2 / Math.SQRT2) / 4, 12);
    expect(r.summary.costPerSample).toBe(2);
  });

  it('a noiseless estimator has no SNR rather than an infinite one', () => {
    const r = summarise([3, 3, 3], 3, 1, [3]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.summary.coordinates[0]!.variance).toBe(0);
    expect(r.summary.coordinates[0]!.snr).toBeNull();
  });

  it('equals the textbook formulas on random batches, for all coordinates and for a chosen few (5 seeds, all 5; 1e-12 relative)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = createRng(seed);
      const rows = 37;
      const cols = 11;
      const values = Float32Array.from({ length: rows * cols }, () => rng.normal() * 3 + 1);
      const exact = Array.from({ length: cols }, () => rng.normal());
      const all = summarise(values, rows, cols, exact);
      const few = summarise(values, rows, cols, exact, { coordinates: [7, 2] });
      if (!all.ok || !few.ok) throw new Error('finite batch reported as non-finite');
      const close = (got: number | null, want: number) => expect(Math.abs(got! - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      const column = (c: number) => Array.from({ length: rows }, (_, r) => values[r * cols + c]!);
      for (let c = 0; c < cols; c++) {
        const x = column(c);
        const mean = x.reduce((a, b) => a + b, 0) / rows;
        const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (rows - 1);
        close(all.summary.coordinates[c]!.mean, mean);
        close(all.summary.coordinates[c]!.variance, variance);
        close(all.summary.coordinates[c]!.snr, Math.abs(mean) / Math.sqrt(variance));
      }
      expect(few.summary.coordinates.map((k) => k.index)).toEqual([7, 2]);
      expect(few.summary.coordinates).toEqual([all.summary.coordinates[7], all.summary.coordinates[2]]);
      const norm = Math.hypot(...exact);
      let cos = 0;
      for (let r = 0; r < rows; r++) {
        const row = Array.from({ length: cols }, (_, c) => values[r * cols + c]!);
        cos += row.reduce((a, v, c) => a + v * exact[c]!, 0) / (Math.hypot(...row) * norm);
      }
      close(all.summary.sampleCosine, cos / rows);
    }
  });

  it('NaN or Inf estimates give null statistics and a reason, never numbers', () => {
    const r = summarise([1, NaN, 2, Infinity], 4, 1, [1]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.nonFinite).toBe(2);
    expect(r.reason).toMatch(/2 of 4 .*NaN or ±Inf \(first in sample 1\)/);
    // Several per row, and rows after the first: every entry counted, the first row named.
    const wide = summarise([1, 2, 3, NaN, -Infinity, 4, 5, 6, Infinity], 3, 3, [1, 1, 1]);
    expect(wide.ok).toBe(false);
    if (wide.ok) return;
    expect(wide.nonFinite).toBe(3);
    expect(wide.reason).toMatch(/3 of 9 .*\(first in sample 1\)/);
  });
});

describe('helpers', () => {
  it('group means', () => {
    const m = groupMeans([1, 2, 3, 5, 7, 9, 0, 0], 4, 2, 2);
    expect(m.length).toBe(4);
    [2, 3.5, 3.5, 4.5].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 12));
  });

  it('log-log slope recovers a power law', () => {
    const xs = [4, 8, 16, 32];
    const fit = logLogSlope(xs, xs.map((x) => 3 * x ** 1.5));
    expect(fit.slope).toBeCloseTo(1.5, 10);
    expect(Math.exp(fit.intercept)).toBeCloseTo(3, 8);
    expect(() => logLogSlope([1, 2], [1, 0])).toThrow(/positive/);
  });
});
