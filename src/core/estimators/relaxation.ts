/**
 * The binary Concrete relaxation shared by Concrete, straight-through Gumbel and REBAR:
 * z = φ + L with logistic noise L, hard sample b = 1[z > 0] ~ Bern(sigmoid φ), relaxed sample
 * σ_τ(z) = sigmoid(z/τ), whose derivative in z is σ_τ(1 - σ_τ)/τ. Call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logistic } from './noise';

export interface Relaxed {
  /** Logistic-perturbed logit z = φ + L. */
  z: tf.Tensor2D;
  /** Hard sample 1[z > 0]. */
  hard: tf.Tensor2D;
  /** sigmoid(z/τ). */
  soft: tf.Tensor2D;
  /** d soft / dz = soft (1 - soft) / τ. */
  slope: tf.Tensor2D;
}

export function relaxedSigmoid(z: tf.Tensor2D, tau: number | tf.Scalar): { soft: tf.Tensor2D; slope: tf.Tensor2D } {
  const soft = tf.sigmoid(tf.div(z, tau)) as tf.Tensor2D;
  return { soft, slope: tf.div(tf.mul(soft, tf.sub(1, soft)), tau) as tf.Tensor2D };
}

/** φ may be [1, N] (broadcast) or [K, N]; u is [K, N]. */
export function relax(phi: tf.Tensor2D, u: tf.Tensor2D, tau: number | tf.Scalar): Relaxed {
  const z = tf.add(logistic(u), phi) as tf.Tensor2D;
  // 1[z > 0] as step(z): a comparison and a cast cost several times more on wasm.
  const hard = tf.step(z) as tf.Tensor2D;
  return { z, hard, ...relaxedSigmoid(z, tau) };
}
