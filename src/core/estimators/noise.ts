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

/**
 * Backends whose write() copies a new tensor's values into memory of their own (wasm: into its heap),
 * so the array may be refilled as soon as the tensor exists. The cpu backend keeps the very array it
 * is given, and WebGL and WebGPU hold it until their lazy upload: those get a fresh array every call.
 */
const COPYING_BACKENDS: ReadonlySet<string> = new Set(['wasm']);
/** The largest draw (elements) the scratch is kept for: 4 MB, held for the worker's life. */
const SCRATCH_LIMIT = 2 ** 20;
let scratch: Float32Array | null = null;

/**
 * A [K, N] tensor of uniforms (the same values as uniformArray). On a copying backend the uniforms
 * are drawn into one scratch array reused from call to call. Why: a fresh 1 MB array (K·N = 2^18,
 * the table's refresh) is a megabyte of new pages, and in Chromium on the bench machine taking
 * them cost 3 ms an array, twice the fill itself: a third of the estimators' refresh (bench `threads`).
 */
export function uniformTensor(rng: Rng, k: number, n: number): tf.Tensor2D {
  const size = k * n;
  if (size > SCRATCH_LIMIT || !COPYING_BACKENDS.has(tf.getBackend())) return tf.tensor2d(uniformArray(rng, k, n), [k, n]);
  if (scratch === null || scratch.length < size) scratch = new Float32Array(Math.max(size, scratch?.length ?? 0));
  const u = scratch.subarray(0, size);
  rng.fillUniform(u, UNIFORM_EPS, 1 - UNIFORM_EPS);
  return tf.tensor2d(u, [k, n]);
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
