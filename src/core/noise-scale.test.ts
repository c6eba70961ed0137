import { describe, expect, it } from 'vitest';
import { exactNoiseScale, noiseScaleFromTwoBatches } from './noise-scale';
import { createRng, type Rng } from './rng';

/**
 * n per-example gradients of dimension p: a shared mean direction plus independent Gaussian noise,
 * so |G|² and tr(Σ) are both of order one and B_simple is moderate.
 */
function syntheticGradients(rng: Rng, n: number, p: number, meanScale: number, noiseScale: number): Float32Array {
  const mu = Array.from({ length: p }, () => meanScale * rng.normal());
  const g = new Float32Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) g[i * p + j] = mu[j]! + noiseScale * rng.normal();
  return g;
}

/** |G|² and tr(Σ) in float64 straight from the definitions (two-pass, independent of the code under test). */
function reference(g: Float32Array, n: number, p: number): { gradSq: number; traceSigma: number } {
  let gradSq = 0;
  let traceSigma = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i * p + j]!;
    const m = s / n;
    gradSq += m * m;
    let v = 0;
    for (let i = 0; i < n; i++) v += (g[i * p + j]! - m) ** 2;
    traceSigma += v / n;
  }
  return { gradSq, traceSigma };
}

describe('exactNoiseScale', () => {
  it('matches a hand-computed 2×2 case', () => {
    // Rows (1,0) and (3,2): G = (2,1), |G|² = 5; deviations ±(1,1), tr Σ = (1+1+1+1)/2 = 2.
    const r = exactNoiseScale(new Float32Array([1, 0, 3, 2]), 2, 2);
    expect(r.gradSq).toBeCloseTo(5, 12);
    expect(r.traceSigma).toBeCloseTo(2, 12);
    expect(r.bSimple).toBeCloseTo(0.4, 12);
  });

  it('matches a hand-computed 3×1 case', () => {
    // Values 1, 2, 6: mean 3, |G|² = 9, variance (4+1+9)/3 = 14/3, B_simple = 14/27.
    const r = exactNoiseScale(new Float32Array([1, 2, 6]), 3, 1);
    expect(r.gradSq).toBeCloseTo(9, 12);
    expect(r.traceSigma).toBeCloseTo(14 / 3, 12);
    expect(r.bSimple).toBeCloseTo(14 / 27, 12);
  });

  it('identical rows have no noise; rows that cancel have an undefined ratio', () => {
    const same = exactNoiseScale(new Float32Array([0.5, -2, 0.5, -2, 0.5, -2]), 3, 2);
    expect(same.gradSq).toBeCloseTo(4.25, 12);
    expect(same.traceSigma).toBeCloseTo(0, 12);
    expect(same.bSimple).toBeCloseTo(0, 12);
    const cancel = exactNoiseScale(new Float32Array([1, 1, -1, -1]), 2, 2);
    expect(cancel.gradSq).toBe(0);
    expect(cancel.traceSigma).toBeCloseTo(2, 12);
    expect(cancel.bSimple).toBeNaN();
  });

  it('agrees with a float64 two-pass reference on a random 50×7 set', () => {
    const n = 50;
    const p = 7;
    const g = syntheticGradients(createRng(7), n, p, 1, 1.5);
    const ref = reference(g, n, p);
    const r = exactNoiseScale(g, n, p);
    expect(Math.abs(r.gradSq - ref.gradSq)).toBeLessThan(1e-12 * ref.gradSq + 1e-12);
    expect(Math.abs(r.traceSigma - ref.traceSigma)).toBeLessThan(1e-12 * ref.traceSigma + 1e-12);
    expect(r.bSimple).toBeCloseTo(ref.traceSigma / ref.gradSq, 10);
  });
});

describe('noiseScaleFromTwoBatches', () => {
  it('recovers |G|² and tr(Σ) exactly from the exact expectations E|G_B|² = |G|² + tr(Σ)/B', () => {
    const n = 50;
    const p = 7;
    const g = syntheticGradients(createRng(11), n, p, 0.8, 2);
    const { gradSq, traceSigma } = reference(g, n, p);
    for (const [bSmall, bBig] of [
      [1, 2],
      [4, 32],
      [16, 50],
      [3, 1000],
    ] as const) {
      const r = noiseScaleFromTwoBatches(bSmall, gradSq + traceSigma / bSmall, bBig, gradSq + traceSigma / bBig);
      expect(Math.abs(r.gradSq - gradSq) / gradSq, `${bSmall},${bBig}`).toBeLessThan(1e-12);
      expect(Math.abs(r.traceSigma - traceSigma) / traceSigma).toBeLessThan(1e-12);
      expect(Math.abs(r.bSimple - traceSigma / gradSq) / (traceSigma / gradSq)).toBeLessThan(1e-12);
    }
  });

  it('solves a small system by hand: B=2 → 7, B=6 → 5 gives |G|² = 4, tr Σ = 6', () => {
    // |G|² + tr/2 = 7 and |G|² + tr/6 = 5  ⇒  tr/3 = 2, tr = 6, |G|² = 4.
    const r = noiseScaleFromTwoBatches(2, 7, 6, 5);
    expect(r.gradSq).toBeCloseTo(4, 12);
    expect(r.traceSigma).toBeCloseTo(6, 12);
    expect(r.bSimple).toBeCloseTo(1.5, 12);
  });

  it('returns NaN for B_simple when the |G|² estimate is not positive', () => {
    // Squared norms that fall faster than 1/B imply |G|² < 0 (pure estimator noise): (32·1 − 4·10)/28.
    const r = noiseScaleFromTwoBatches(4, 10, 32, 1);
    expect(r.gradSq).toBeCloseTo(-8 / 28, 12);
    expect(r.bSimple).toBeNaN();
  });

  it('throws when bBig does not exceed bSmall', () => {
    expect(() => noiseScaleFromTwoBatches(32, 1, 32, 1)).toThrow(RangeError);
    expect(() => noiseScaleFromTwoBatches(32, 1, 4, 1)).toThrow(/bBig \(4\) must exceed bSmall \(32\)/);
    expect(() => noiseScaleFromTwoBatches(4, 1, NaN, 1)).toThrow(RangeError);
  });

  it('Monte Carlo: sampled minibatch norms give B_simple within 10% of the exact value', () => {
    // 50 per-example gradients of dimension 7; 20,000 minibatches of each size, drawn with replacement.
    // Standard error of the estimate at this sample count is about 1%, so 10% leaves ample margin.
    const n = 50;
    const p = 7;
    const g = syntheticGradients(createRng(3), n, p, 0.5, 1);
    const exact = exactNoiseScale(g, n, p);
    expect(exact.bSimple).toBeGreaterThan(2);
    expect(exact.bSimple).toBeLessThan(30);

    const rng = createRng(99);
    const samples = 20_000;
    const meanSqNorm = (b: number): number => {
      let total = 0;
      const v = new Float64Array(p);
      for (let s = 0; s < samples; s++) {
        v.fill(0);
        for (let k = 0; k < b; k++) {
          const i = rng.int(n);
          for (let j = 0; j < p; j++) v[j]! += g[i * p + j]! / b;
        }
        for (let j = 0; j < p; j++) total += v[j]! * v[j]!;
      }
      return total / samples;
    };
    const sq4 = meanSqNorm(4);
    const sq32 = meanSqNorm(32);
    const est = noiseScaleFromTwoBatches(4, sq4, 32, sq32);
    expect(Math.abs(est.bSimple - exact.bSimple) / exact.bSimple).toBeLessThan(0.1);
    expect(Math.abs(est.gradSq - exact.gradSq) / exact.gradSq).toBeLessThan(0.1);
    expect(Math.abs(est.traceSigma - exact.traceSigma) / exact.traceSigma).toBeLessThan(0.1);
  });
});
