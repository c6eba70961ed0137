/**
 * Seeded noise for the estimators. Every uniform comes from the project's Rng (mulberry32), so two
 * runs with one seed draw the same samples on every backend, and a batched estimator and its
 * per-sample reference consume the stream in the same (row-major) order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { UNIFORM_EPS } from './limits';

/** K × N uniforms in (EPS, 1 - EPS), row-major. */
export function uniformArray(rng: Rng, k: number, n: number): Float32Array {
  const u = new Float32Array(k * n);
  rng.fillUniform(u, UNIFORM_EPS, 1 - UNIFORM_EPS);
  return u;
}

export function uniformTensor(rng: Rng, k: number, n: number): tf.Tensor2D {
  return tf.tensor2d(uniformArray(rng, k, n), [k, n]);
}

/** K × N standard normals (the Gaussian unit's ε). */
export function normalTensor(rng: Rng, k: number, n: number): tf.Tensor2D {
  const e = new Float32Array(k * n);
  for (let i = 0; i < e.length; i++) e[i] = rng.normal();
  return tf.tensor2d(e, [k, n]);
}

/** Logistic noise L = log u - log(1 - u): φ + L > 0 happens with probability sigmoid(φ). Call in tidy. */
export function logistic(u: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.log(u), tf.log1p(tf.neg(u))) as tf.Tensor2D;
}

/** b = 1[u < θ] as float32, a Bernoulli(θ) sample. Call inside tf.tidy. */
export function bernoulliBelow(u: tf.Tensor2D, theta: tf.Tensor2D): tf.Tensor2D {
  return tf.cast(tf.less(u, theta), 'float32') as tf.Tensor2D;
}
