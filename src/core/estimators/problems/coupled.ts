/**
 * A cost that does NOT factorise over units: f(b) = (w · b - t)². Each unit's effect depends on the
 * others, so there is no per-unit closed form and the exact gradient comes from enumeration. The
 * unbiasedness tests use it so no estimator can pass by accident of a separable cost.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BernoulliCost } from '../types';

export function coupledQuadraticCost(weights: readonly number[], t: number): BernoulliCost {
  const n = weights.length;
  const w = () => tf.tensor2d(Float32Array.from(weights), [n, 1]);
  const residual = (b: tf.Tensor2D) => tf.sub(tf.reshape(tf.matMul(b, w()), [-1]), t) as tf.Tensor1D;
  return {
    name: 'coupled-quadratic',
    n,
    value: (b) => tf.tidy(() => tf.square(residual(b)) as tf.Tensor1D),
    gradient: (b) => tf.tidy(() => tf.mul(tf.reshape(tf.mul(residual(b), 2), [-1, 1]), tf.reshape(w(), [1, n])) as tf.Tensor2D),
  };
}
