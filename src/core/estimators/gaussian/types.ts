/**
 * The continuous contrast: one Gaussian unit x = μ + σ ε, ε ~ N(0, 1). Its estimators return K
 * per-sample estimates of [dE[f]/dμ, dE[f]/dσ] as rows of a [K, 2] tensor (Mohamed, Rosca, Figurnov,
 * Mnih 2020 compare exactly these).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../rng';

export interface GaussianCost {
  readonly name: string;
  /** f(x) elementwise, [K] → [K]. */
  value(x: tf.Tensor1D): tf.Tensor1D;
  /** f'(x) elementwise, written by hand. */
  derivative(x: tf.Tensor1D): tf.Tensor1D;
  /** E[f] and its exact derivatives under N(μ, σ²), in closed form. */
  exact(mu: number, sigma: number): { value: number; dMu: number; dSigma: number };
  /**
   * The variance-optimal constant baselines of the two score coordinates, [c_μ, c_σ] with
   * c = E[f s²]/E[s²]: c_μ = E[f ε²], c_σ = E[f (ε² − 1)²]/2, in closed form as tensor ops (μ may be the
   * race's trainable tensor, which must not be read back). Call inside tf.tidy.
   */
  optimalBaseline(mu: number | tf.Tensor, sigma: number): tf.Tensor1D;
}

export interface GaussianEstimateInput {
  /** Mean: a number, or a tensor of one element (a trainable μ). */
  mu: number | tf.Tensor;
  sigma: number;
  cost: GaussianCost;
  samples: number;
  rng: Rng;
  /** Group size for the leave-one-out baseline; default K, must divide K. */
  group?: number;
}

export interface GaussianEstimate {
  /** [K, 2]: columns dμ, dσ. Caller disposes. */
  grads: tf.Tensor2D;
  evaluations: number;
  gradientEvaluations: number;
}

export const GAUSSIAN_ESTIMATOR_IDS = ['gaussian-score', 'gaussian-score-loo', 'gaussian-score-optimal', 'gaussian-pathwise'] as const;
export type GaussianEstimatorId = (typeof GAUSSIAN_ESTIMATOR_IDS)[number];

export interface GaussianEstimator {
  readonly id: GaussianEstimatorId;
  readonly label: string;
  readonly unbiased: true;
  readonly minGroup: number;
  estimate(input: GaussianEstimateInput): GaussianEstimate;
}
