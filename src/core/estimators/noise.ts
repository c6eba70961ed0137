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

/**
 * Logistic noise L = log(u / (1 - u)): φ + L > 0 happens with probability sigmoid(φ). One log, not
 * log u - log1p(-u): on wasm a log over [K, N] costs as much as ten adds. u stays in (EPS, 1 - EPS),
 * where 1 - u is exact. Call in tidy.
 */
export function logistic(u: tf.Tensor2D): tf.Tensor2D {
  return tf.log(tf.div(u, tf.sub(1, u))) as tf.Tensor2D;
}

/**
 * b = 1[u < θ] as float32, a Bernoulli(θ) sample, written step(θ - u): a subtraction and a step are
 * vectorised on wasm, where a comparison plus a cast to float take three times as long. θ may be a
 * [1, N] row broadcast against u [K, N]; a NaN θ gives a NaN sample (reported, never a silent 0).
 * Call inside tf.tidy.
 */
export function bernoulliBelow(u: tf.Tensor2D, theta: tf.Tensor2D): tf.Tensor2D {
  return tf.step(tf.sub(theta, u)) as tf.Tensor2D;
}
