/** The statistics helpers on hand-made numbers: exact values, NaN reporting, group means, slopes. */
import { describe, expect, it } from 'vitest';
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

  it('NaN or Inf estimates give null statistics and a reason, never numbers', () => {
    const r = summarise([1, NaN, 2, Infinity], 4, 1, [1]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.nonFinite).toBe(2);
    expect(r.reason).toMatch(/2 of 4 .*NaN or ±Inf \(first in sample 1\)/);
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
