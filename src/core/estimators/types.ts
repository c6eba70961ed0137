/**
 * The one interface every discrete-unit gradient estimator implements, and the cost interface the
 * problems (and models) implement. Independent Bernoulli units: logits φ, θ = sigmoid(φ),
 * b_i ~ Bern(θ_i). An estimator returns K per-sample estimates of dE[f(b)]/dφ as rows of a [K, N]
 * tensor, computed as batched tensor ops; their mean is the K-sample estimate a training step uses.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/** A cost on N binary units, evaluated a whole batch of configurations at a time. */
export interface BernoulliCost {
  readonly name: string;
  /** Number of units N. */
  readonly n: number;
  /** f(b) for every row of b [K, N] → [K]. Rows may be relaxed (values in [0, 1]), not only 0/1. */
  value(b: tf.Tensor2D): tf.Tensor1D;
  /**
   * ∂f/∂b for every row [K, N], written out by hand (the core registers no autodiff gradients, and a
   * hand-written derivative is a handful of ops). Needed by straight-through, Concrete and REBAR.
   */
  gradient(b: tf.Tensor2D): tf.Tensor2D;
  /** Closed-form dE[f]/dφ [N] where the cost factorises; otherwise the exact estimator enumerates. */
  exactGradient?(phi: tf.Tensor1D): tf.Tensor1D;
  /** Closed-form E[f] (for loss curves and the exact-mean baseline). */
  expectedValue?(phi: tf.Tensor1D): tf.Scalar;
}

export interface EstimateInput {
  /**
   * Logits: [N] shared by every sample, or [K, N] with one row per sample (a model whose logits depend
   * on its input, e.g. one data example per row).
   */
  phi: tf.Tensor1D | tf.Tensor2D;
  cost: BernoulliCost;
  /** K, the number of samples (rows). */
  samples: number;
  /** All noise comes from this seeded stream, never from tfjs' own random state. */
  rng: Rng;
  /**
   * Rows are split into consecutive groups of this size; estimators that share information between
   * samples (RLOO) only share it within a group. Default K (one group). Must divide K.
   */
  group?: number;
  /** Temperature τ of the relaxations, at least MIN_TAU. */
  tau?: number;
}

export interface Estimate {
  /** Per-sample estimates of dE[f]/dφ, [K, N]. Caller disposes. */
  grads: tf.Tensor2D;
  /**
   * One hard sample b ~ Bern(θ) per row, [K, N], so a model can reuse the estimator's forward pass
   * (e.g. to train a decoder at the same samples). Caller disposes.
   */
  samples: tf.Tensor2D;
  /** Rows pushed through f (forward evaluations), over the whole batch. */
  evaluations: number;
  /** Rows pushed through ∂f/∂b (backward evaluations), over the whole batch. */
  gradientEvaluations: number;
}

export const BERNOULLI_ESTIMATOR_IDS = [
  'exact',
  'score',
  'score-mean-oracle',
  'score-moving-average',
  'score-optimal',
  'rloo',
  'straight-through',
  'concrete',
  'st-gumbel',
  'rebar',
  'arm',
  'disarm',
] as const;
export type BernoulliEstimatorId = (typeof BERNOULLI_ESTIMATOR_IDS)[number];

export interface EstimatorInfo {
  id: BernoulliEstimatorId;
  label: string;
  /** E[estimate] = dE[f]/dφ exactly, for any parameters. */
  unbiased: boolean;
  /** Uses ∂f/∂b, so the cost must be defined for relaxed b. */
  usesCostGradient: boolean;
  /** Uses the temperature τ. */
  usesTau: boolean;
  /** Smallest group size it accepts (RLOO: 2). */
  minGroup: number;
  /** Carries state between calls (baselines, tuned hyper-parameters). */
  stateful: boolean;
  /** Paper to cite in the UI. */
  reference: string;
}

export interface BernoulliEstimator {
  readonly info: EstimatorInfo;
  /** Synchronous: builds tensors only, never reads them back. Throws EstimatorError on bad input. */
  estimate(input: EstimateInput): Estimate;
  /** State worth showing (baseline value, tuned η and τ); empty for stateless estimators. */
  readState(): Promise<Record<string, number>>;
  /**
   * Everything carried between calls (copies, read asynchronously), so a checkpointed race replays bit
   * for bit (rewind and branch); `loadState` takes back what `saveState` gave, and ignores anything else.
   */
  saveState(): Promise<EstimatorState>;
  loadState(state: EstimatorState): void;
  /** Forget state carried between calls. */
  reset(): void;
  dispose(): void;
}

export interface EstimatorState {
  numbers: number[];
  arrays: Float32Array[];
}

/** Raised for input an estimator refuses (RLOO with K = 1, τ out of range, too many elements). */
export class EstimatorError extends Error {
  override readonly name = 'EstimatorError';
}
