/**
 * Kinks along a line θ + t·d in weight space: places where some ReLU unit's pre-activation, for some
 * example, changes sign, so the loss of that example has a corner there.
 *
 * With one hidden layer the pre-activation of unit j on example x is (x·W_j + b_j) + t·(x·D_j + c_j),
 * a linear function of t, so its crossing is one root, found exactly. With more layers the later
 * pre-activations are piecewise polynomial in t; there the count is the number of sign changes on a
 * fine grid of t (batched), which misses two crossings of the same unit inside one grid cell — the UI
 * says which method was used.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, MlpLayout } from '../mlp/flat-mlp';
import { affineForward, CHUNK_FLOATS, lineCoefficients, nonNegative } from './batched-loss';
import { neuronNorm } from './directions';

export interface KinkCount {
  /** Sign changes per example, over all hidden units. */
  perExample: Int32Array;
  total: number;
  /** Where along t they are (exact roots, or grid-interval midpoints repeated per change), sorted. */
  positions: Float32Array;
  method: 'exact' | 'grid' | 'none';
  /** Grid points used when method is 'grid'. */
  gridPoints: number;
}

/** Exact count for a one-hidden-layer ReLU net: the roots of linear functions of t in (lo, hi). */
export function exactKinksOneHidden(
  theta: Float32Array,
  d: Float32Array,
  layout: MlpLayout,
  x: Float32Array,
  examples: number,
  lo: number,
  hi: number,
): KinkCount {
  const l = layout.layers[0]!;
  const perExample = new Int32Array(examples);
  const positions: number[] = [];
  for (let e = 0; e < examples; e++) {
    for (let j = 0; j < l.outputs; j++) {
      let z0 = theta[l.bOffset + j]!;
      let z1 = d[l.bOffset + j]!;
      for (let i = 0; i < l.inputs; i++) {
        const xi = x[e * l.inputs + i]!;
        z0 += xi * theta[l.wOffset + i * l.outputs + j]!;
        z1 += xi * d[l.wOffset + i * l.outputs + j]!;
      }
      if (z1 === 0) continue;
      const root = -z0 / z1;
      if (root > lo && root < hi) {
        perExample[e]!++;
        positions.push(root);
      }
    }
  }
  positions.sort((a, b) => a - b);
  return { perExample, total: positions.length, positions: Float32Array.from(positions), method: 'exact', gridPoints: 0 };
}

/**
 * Sign changes of every hidden pre-activation between consecutive points of a `gridPoints` grid on
 * [lo, hi], all grid points evaluated as one batch per chunk; with `onehot`, the mean loss at every
 * grid point too, from the same forward pass. Returns tensors; read them back once.
 */
export function gridKinkTensors(
  theta: tf.Tensor1D,
  d: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  gridPoints: number,
  lo: number,
  hi: number,
  onehot?: tf.Tensor2D,
): { perExample: tf.Tensor1D; perInterval: tf.Tensor1D; loss: tf.Tensor1D | null } {
  const { c } = lineCoefficients(gridPoints, lo, hi);
  const { basis, coef } = nonNegative(tf.stack([theta, d]) as tf.Tensor2D, c);
  const m = x.shape[0];
  const widest = Math.max(...layout.sizes.slice(1, -1).map((h) => 2 * (h + 1)));
  // Chunks overlap by one point so no interval is lost at a seam.
  const rows = Math.max(2, Math.floor(CHUNK_FLOATS / Math.max(1, m * widest)));
  let perExample: tf.Tensor1D = tf.zeros([m]);
  const intervals: tf.Tensor1D[] = [];
  const losses: tf.Tensor1D[] = [];
  for (let start = 0; start < gridPoints - 1; start += rows - 1) {
    const count = Math.min(rows, gridPoints - start);
    const { pre, logits } = affineForward(basis, tf.tensor2d(coef.subarray(start, start + count), [count, 1]), layout, x, 'relu', true);
    if (onehot) {
      const perExample = tf.neg(tf.sum(tf.mul(tf.reshape(onehot, [m, 1, -1]), tf.logSoftmax(logits)), 2));
      const mean = tf.mean(perExample, 0) as tf.Tensor1D;
      // The first point of every chunk after the first repeats the previous chunk's last.
      losses.push(start === 0 ? mean : (tf.slice(mean, 1) as tf.Tensor1D));
    }
    let chunkInterval: tf.Tensor = tf.zeros([count - 1]);
    for (const z of pre) {
      // z is [examples, points, units]; compare neighbouring points.
      const s = tf.step(z);
      const change = tf.abs(tf.sub(tf.slice(s, [0, 1, 0], [-1, count - 1, -1]), tf.slice(s, [0, 0, 0], [-1, count - 1, -1])));
      perExample = tf.add(perExample, tf.sum(change, [1, 2])) as tf.Tensor1D;
      chunkInterval = tf.add(chunkInterval, tf.sum(change, [0, 2]));
    }
    intervals.push(chunkInterval as tf.Tensor1D);
  }
  return { perExample, perInterval: tf.concat(intervals) as tf.Tensor1D, loss: onehot ? (tf.concat(losses) as tf.Tensor1D) : null };
}

/** Turn the grid counter's read-back arrays into a KinkCount. */
export function gridKinkCount(perExample: ArrayLike<number>, perInterval: ArrayLike<number>, gridPoints: number, lo: number, hi: number): KinkCount {
  const positions: number[] = [];
  const h = (hi - lo) / (gridPoints - 1);
  for (let i = 0; i < perInterval.length; i++) for (let r = 0; r < Math.round(perInterval[i]!); r++) positions.push(lo + (i + 0.5) * h);
  const per = Int32Array.from(perExample, (v) => Math.round(v));
  return { perExample: per, total: positions.length, positions: Float32Array.from(positions), method: 'grid', gridPoints };
}

export function noKinks(examples: number): KinkCount {
  return { perExample: new Int32Array(examples), total: 0, positions: new Float32Array(0), method: 'none', gridPoints: 0 };
}

/**
 * A direction built to cross a kink close to the current weights: among the first layer's units and
 * the given examples, pick the (example, unit) whose pre-activation is nearest its zero along the move
 * below, and move only that unit's incoming weights along (x, 1) — the normal of its kink. The weight
 * part is scaled to the unit's own norm, as filter normalisation would. Also returns where along t the
 * chosen kink lies.
 */
export function kinkCrossingDirection(
  theta: Float32Array,
  layout: MlpLayout,
  x: Float32Array,
  examples: number,
): { d: Float32Array; at: number; example: number; unit: number } {
  const l = layout.layers[0]!;
  let best = { at: Infinity, example: 0, unit: 0, scale: 1 };
  for (let j = 0; j < l.outputs; j++) {
    const scale = Math.max(neuronNorm(theta, layout, 0, j), 1e-3);
    for (let e = 0; e < examples; e++) {
      let z = theta[l.bOffset + j]!;
      let xx = 0;
      for (let i = 0; i < l.inputs; i++) {
        const xi = x[e * l.inputs + i]!;
        z += xi * theta[l.wOffset + i * l.outputs + j]!;
        xx += xi * xi;
      }
      const s = scale / Math.max(Math.sqrt(xx), 1e-6);
      // Along d the pre-activation moves at rate s·(|x|² + 1).
      const at = -z / (s * (xx + 1));
      if (Math.abs(at) < Math.abs(best.at)) best = { at, example: e, unit: j, scale: s };
    }
  }
  const d = new Float32Array(layout.size);
  for (let i = 0; i < l.inputs; i++) d[l.wOffset + i * l.outputs + best.unit] = x[best.example * l.inputs + i]! * best.scale;
  d[l.bOffset + best.unit] = best.scale;
  return { d, at: best.at, example: best.example, unit: best.unit };
}

export function kinkMethodFor(layout: MlpLayout, activation: Activation): KinkCount['method'] {
  if (activation !== 'relu') return 'none';
  return layout.layers.length === 2 ? 'exact' : 'grid';
}
