/**
 * Kinks along a line θ + t·d in weight space: places where some ReLU unit's pre-activation, for some
 * example, changes sign, so the loss of that example has a corner there.
 *
 * Exact for any depth. Along the line every weight is linear in t. The first layer's pre-activations
 * are then linear in t; on a stretch of t where the first layer's on/off pattern is fixed, its outputs
 * are linear too, so the second layer's pre-activations (outputs × weights, both linear) are
 * quadratic; the third layer's are cubic, and so on: layer l is a polynomial of degree l on each
 * stretch where all earlier patterns hold. `exactKinks` walks t from one sign change to the next,
 * finding each as the first root of those polynomials (polynomial.ts: closed form up to degree 2, bracketed bisection
 * between the critical points above), and rebuilds the polynomials past the layer that changed.
 * (`gridKinkTensors` is a batched fine-grid counter, kept as an independent cross-check.)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, MlpLayout } from '../mlp/flat-mlp';
import { affineForward, CHUNK_FLOATS, lineCoefficients, nonNegative } from './batched-loss';
import { neuronNorm } from './directions';
import { highRoots, lowRoots, signRight, signRightAt } from './polynomial';

export { signChangeRoots } from './polynomial';

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

export function kinkMethodFor(_layout: MlpLayout, activation: Activation): KinkCount['method'] {
  return activation === 'relu' ? 'exact' : 'none';
}

/**
 * Exact ReLU pattern changes along θ + t·d for t in (lo, hi), any number of hidden layers, counted per
 * (example, unit) sign change as the one-hidden-layer counter does. See the file comment for the walk.
 * When units of layer l flip, the next layer's polynomials change by ± (the flipped unit's polynomial)
 * × (its outgoing weights, linear in t), an update in place; layers after that are rebuilt.
 */
export function exactKinks(
  theta: Float32Array,
  d: Float32Array,
  layout: MlpLayout,
  x: Float32Array,
  examples: number,
  lo: number,
  hi: number,
): KinkCount {
  const hidden = layout.layers.slice(0, -1);
  const depth = hidden.length;
  // Layer li's unit u is a polynomial of degree li + 1, stored at P[li][u·(li + 2) …].
  const stride = hidden.map((_, li) => li + 2);
  const P = hidden.map((l, li) => new Float64Array(l.outputs * stride[li]!));
  const on = hidden.map((l) => new Uint8Array(l.outputs));
  const previous = hidden.map((l) => new Uint8Array(l.outputs));
  const roots: number[][][] = hidden.map((l) => Array.from({ length: l.outputs }, () => []));
  const perExample = new Int32Array(examples);
  const positions: number[] = [];
  // Roots closer than this to the current point are the crossing just taken.
  const eps = 1e-9 * Math.max(1, hi - lo);
  const unit = (li: number, u: number) => P[li]!.subarray(u * stride[li]!, (u + 1) * stride[li]!);
  /** Roots and state of unit u of layer li on the stretch from t; returns 1 if its state changed. */
  const settle = (li: number, u: number, t: number): number => {
    const st = stride[li]!;
    const state = (st <= 3 ? lowRoots(P[li]!, u * st, st, t, hi, roots[li]![u]!) : highRoots(unit(li, u), t, hi, roots[li]![u]!)) > 0 ? 1 : 0;
    const changed = state !== on[li]![u] ? 1 : 0;
    on[li]![u] = state;
    return changed;
  };
  /** Rebuild layer li from its inputs on the stretch from t; returns its state changes. */
  const build = (li: number, e: number, t: number): number => {
    const l = hidden[li]!;
    const st = stride[li]!;
    const out = P[li]!;
    out.fill(0);
    let changes = 0;
    for (let u = 0; u < l.outputs; u++) {
      const o = u * st;
      out[o] = theta[l.bOffset + u]!;
      out[o + 1] = d[l.bOffset + u]!;
      for (let i = 0; i < l.inputs; i++) {
        const w0 = theta[l.wOffset + i * l.outputs + u]!;
        const w1 = d[l.wOffset + i * l.outputs + u]!;
        if (li === 0) {
          const xi = x[e * l.inputs + i]!;
          out[o] = out[o]! + xi * w0;
          out[o + 1] = out[o + 1]! + xi * w1;
        } else if (on[li - 1]![i]) {
          const h = P[li - 1]!;
          const hs = stride[li - 1]!;
          for (let k = 0; k < hs; k++) {
            out[o + k] = out[o + k]! + h[i * hs + k]! * w0;
            out[o + k + 1] = out[o + k + 1]! + h[i * hs + k]! * w1;
          }
        }
      }
      changes += settle(li, u, t);
    }
    return changes;
  };
  for (let e = 0; e < examples; e++) {
    on.forEach((o) => o.fill(0));
    for (let li = 0; li < depth; li++) build(li, e, lo);
    let t = lo;
    for (let guard = 0; guard < 1_000_000; guard++) {
      // The next sign change of any unit, and its layer (the earliest layer on a tie).
      let next = hi;
      let layer = -1;
      for (let li = 0; li < depth; li++) {
        for (const rs of roots[li]!) {
          for (const r of rs) {
            if (r <= t + eps) continue;
            if (r < next) {
              next = r;
              layer = li;
            }
            break;
          }
        }
      }
      if (layer < 0) break;
      const l = hidden[layer]!;
      let changes = 0;
      const was = previous[layer]!;
      was.set(on[layer]!);
      const st = stride[layer]!;
      for (let u = 0; u < l.outputs; u++) {
        const state = (st <= 3 ? signRightAt(P[layer]!, u * st, st, next) : signRight(unit(layer, u), next)) > 0 ? 1 : 0;
        if (state !== was[u]) changes++;
        on[layer]![u] = state;
      }
      if (layer + 1 < depth) {
        // The next layer: add or remove each flipped unit's contribution h_j(t)·(w + t·δw).
        const nl = hidden[layer + 1]!;
        const nst = stride[layer + 1]!;
        const out = P[layer + 1]!;
        for (let j = 0; j < l.outputs; j++) {
          if (on[layer]![j] === was[j]) continue;
          const sign = on[layer]![j] ? 1 : -1;
          const h = P[layer]!;
          const hs = stride[layer]!;
          for (let u = 0; u < nl.outputs; u++) {
            const w0 = sign * theta[nl.wOffset + j * nl.outputs + u]!;
            const w1 = sign * d[nl.wOffset + j * nl.outputs + u]!;
            const o = u * nst;
            for (let k = 0; k < hs; k++) {
              out[o + k] = out[o + k]! + h[j * hs + k]! * w0;
              out[o + k + 1] = out[o + k + 1]! + h[j * hs + k]! * w1;
            }
          }
        }
        for (let u = 0; u < nl.outputs; u++) changes += settle(layer + 1, u, next);
        for (let li = layer + 2; li < depth; li++) changes += build(li, e, next);
      }
      perExample[e]! += changes;
      for (let k = 0; k < changes; k++) positions.push(next);
      t = next;
    }
  }
  positions.sort((a, b) => a - b);
  return { perExample, total: positions.length, positions: Float32Array.from(positions), method: 'exact', gridPoints: 0 };
}
