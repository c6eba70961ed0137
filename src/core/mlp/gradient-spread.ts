/**
 * The baseline's gradient-noise measurements, as pure helpers: minibatches as an averaging matrix (so
 * one matmul gives all their gradients), and each minibatch gradient placed in the plane of the
 * full-batch gradient (the fan).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/** Sample `count` minibatch index sets of size `b` with replacement, as an averaging matrix [count, n]. */
export function minibatchMatrix(rng: Rng, count: number, b: number, n: number): tf.Tensor2D {
  const m = new Float32Array(count * n);
  for (let r = 0; r < count; r++) for (let k = 0; k < b; k++) m[r * n + rng.int(n)]! += 1 / b;
  return tf.tensor2d(m, [count, n]);
}

/**
 * Place each sampled minibatch gradient in the plane of (its component along the full-batch gradient
 * G, its component orthogonal to G), both in units of |G|. The orthogonal part is given a sign from a
 * fixed reference direction so the fan spreads on both sides.
 */
export function gradientSpread(
  perExample: Float32Array,
  batches: Float32Array,
  n: number,
  p: number,
  count: number,
): { along: Float32Array; across: Float32Array; meanCosine: number; meanSqNorm: number } {
  const g = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) g[j]! += perExample[i * p + j]! / n;
  let gSq = 0;
  for (let j = 0; j < p; j++) gSq += g[j]! * g[j]!;
  const gNorm = Math.sqrt(gSq);
  const along = new Float32Array(count);
  const across = new Float32Array(count);
  let cosSum = 0;
  let sqSum = 0;
  for (let r = 0; r < count; r++) {
    let dot = 0;
    let sq = 0;
    let ref = 0;
    for (let j = 0; j < p; j++) {
      const v = batches[r * p + j]!;
      dot += v * g[j]!;
      sq += v * v;
      // Reference direction: alternating signs over coordinates; only its sign is used.
      ref += (j % 2 === 0 ? 1 : -1) * v;
    }
    const a = gNorm > 0 ? dot / gNorm : 0;
    const orth = Math.sqrt(Math.max(0, sq - a * a));
    along[r] = gNorm > 0 ? a / gNorm : 0;
    across[r] = (gNorm > 0 ? orth / gNorm : 0) * (ref >= 0 ? 1 : -1);
    cosSum += sq > 0 && gNorm > 0 ? a / Math.sqrt(sq) : 0;
    sqSum += sq;
  }
  return { along, across, meanCosine: cosSum / count, meanSqNorm: sqSum / count };
}
