/**
 * Validation every estimator runs before it allocates anything, so bad input fails with a sentence
 * (not a shape error deep inside tfjs) and the memory limit is enforced in one place.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MAX_ELEMENTS, MAX_TAU, MIN_TAU, tauReason, tooManyElementsReason } from './limits';
import { EstimatorError, type EstimateInput, type EstimatorInfo } from './types';

export interface CheckedInput {
  k: number;
  n: number;
  group: number;
  /** Logits as [1, N] (shared) or [K, N] (per row): both broadcast against [K, N]. */
  phi: tf.Tensor2D;
  tau: number;
}

/** Validate; returns the shapes. Does not allocate (the reshaped φ is made by `logitRow`). */
export function checkInput(input: EstimateInput, info: EstimatorInfo): Omit<CheckedInput, 'phi'> {
  const k = input.samples;
  if (!Number.isInteger(k) || k < 1) throw new EstimatorError(`${info.label}: K must be a whole number ≥ 1, got ${k}`);
  const shape = input.phi.shape;
  const n = shape[shape.length - 1]!;
  if (n !== input.cost.n) {
    throw new EstimatorError(`${info.label}: φ has ${n} units but the cost "${input.cost.name}" has ${input.cost.n}`);
  }
  if (shape.length === 2 && shape[0] !== k) {
    throw new EstimatorError(`${info.label}: per-row φ has ${shape[0]} rows but K = ${k}`);
  }
  if (k * n > MAX_ELEMENTS) throw new EstimatorError(`${info.label}: ${tooManyElementsReason(k, n)}`);
  const group = input.group ?? k;
  if (!Number.isInteger(group) || group < 1 || k % group !== 0) {
    throw new EstimatorError(`${info.label}: group size ${group} must be a whole number dividing K = ${k}`);
  }
  if (group < info.minGroup) {
    throw new EstimatorError(
      `${info.label} needs at least ${info.minGroup} samples per group (got ${group}): with one sample there ` +
        'is no other sample to form the leave-one-out baseline. Set K ≥ 2.',
    );
  }
  const tau = input.tau ?? 1;
  if (info.usesTau && !(tau >= MIN_TAU && tau <= MAX_TAU)) throw new EstimatorError(`${info.label}: ${tauReason(tau)}`);
  return { k, n, group, tau };
}

/**
 * φ as [1, N] (shared logits) or [K, N] (per row). Per-unit quantities (θ, dθ/dφ, σ(|φ|)) are then
 * computed once on the small form and broadcast: wasm's add, sub, mul and div (XNNPACK) broadcast a
 * [1, N] row at the speed of equal shapes, so only ops without that fast path (comparisons, select,
 * min/max) would need a repeated [K, N] copy, and the estimators use none of those on [K, N].
 * Call inside tf.tidy.
 */
export function logitRow(phi: tf.Tensor1D | tf.Tensor2D): tf.Tensor2D {
  return phi.rank === 2 ? (phi as tf.Tensor2D) : (tf.reshape(phi, [1, phi.shape[0]!]) as tf.Tensor2D);
}

/**
 * v [N] repeated as K identical rows [K, N], for a result that must be [K, N] (the exact estimator's
 * rows). Written as the exact outer product 1_K vᵀ: on wasm a matMul is about 25× faster than
 * broadcastTo/tile, whose kernel walks the output one index at a time. Call inside tf.tidy.
 */
export function repeatRows(v: tf.Tensor1D, k: number): tf.Tensor2D {
  const n = v.shape[0]!;
  if (k === 1) return tf.reshape(v, [1, n]) as tf.Tensor2D;
  return tf.matMul(tf.ones([k, 1]), tf.reshape(v, [1, n])) as tf.Tensor2D;
}

/** Multiply each row of m [K, N] by the matching entry of v [K]. Call inside tf.tidy. */
export function scaleRows(v: tf.Tensor1D, m: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.reshape(v, [v.shape[0]!, 1]), m) as tf.Tensor2D;
}
