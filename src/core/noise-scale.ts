/**
 * The gradient noise scale of McCandlish et al. (2018), B_simple = tr(Σ) / |G|², where G is the
 * full-batch gradient and Σ the covariance of one example's gradient. A minibatch of B examples drawn
 * with replacement has E|G_B|² = |G|² + tr(Σ)/B, so two batch sizes give two equations in the two
 * unknowns — that is the estimator below. With per-example gradients at hand the same quantities are
 * also available exactly, which is what `exactNoiseScale` computes.
 */

export interface NoiseScale {
  /** |G|² */
  gradSq: number;
  /** tr(Σ) */
  traceSigma: number;
  /** tr(Σ)/|G|²; NaN when |G|² is not positive (at a stationary point the ratio is undefined). */
  bSimple: number;
}

/** Solve the two-batch-size equations for |G|² and tr(Σ). */
export function noiseScaleFromTwoBatches(
  bSmall: number,
  sqNormSmall: number,
  bBig: number,
  sqNormBig: number,
): NoiseScale {
  if (!(bBig > bSmall)) throw new RangeError(`bBig (${bBig}) must exceed bSmall (${bSmall})`);
  const gradSq = (bBig * sqNormBig - bSmall * sqNormSmall) / (bBig - bSmall);
  const traceSigma = (sqNormSmall - sqNormBig) / (1 / bSmall - 1 / bBig);
  return { gradSq, traceSigma, bSimple: gradSq > 0 ? traceSigma / gradSq : NaN };
}

/**
 * Exact population quantities from per-example gradients (row-major [n, p]): G is their mean and Σ
 * their covariance (dividing by n, the population of training points).
 */
export function exactNoiseScale(perExample: Float32Array, n: number, p: number): NoiseScale {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += perExample[i * p + j]! / n;
  let gradSq = 0;
  for (let j = 0; j < p; j++) gradSq += mean[j]! * mean[j]!;
  let traceSigma = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const d = perExample[i * p + j]! - mean[j]!;
      traceSigma += (d * d) / n;
    }
  }
  return { gradSq, traceSigma, bSimple: gradSq > 0 ? traceSigma / gradSq : NaN };
}
