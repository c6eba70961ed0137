/**
 * The loss at many points of weight space at once. Every surface here is affine in its coordinates
 * (θ + a·d₁ + b·d₂, or a line), so each layer of all K networks becomes one large 2-D matmul with
 * shared weights (see affineForward). A 51 × 51 surface is a handful of such calls, chunked to bound
 * memory, instead of 2,601 forward passes. Call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, MlpLayout } from '../mlp/flat-mlp';
import { fusedPlaneSupported, fusedRowLosses } from './fused-plane';

/** Floats one chunk's widest activation tensor may hold (n · K · width); bounds memory per call. */
export const CHUNK_FLOATS = 1 << 20;

/**
 * Forward pass of the K networks θ_k = basis[0] + Σ_j coef[k, j] · basis[1 + j], all coefficients ≥ 0,
 * on the same inputs. Activations are laid out [n, K, width] and every matmul is a plain 2-D one with
 * weights shared by all K networks (wasm's batched matmul with per-batch weights is a slow loop):
 *  - layer 1 is one matmul of the inputs (plus a ones column) against every network's weights side
 *    by side. For ReLU and linear units, c · act(z) = act(c · z) when c ≥ 0, so the same matmul also
 *    yields each network's activations scaled by each of its coefficients, and the constants 1, c_j;
 *  - layer 2 is then linear in those columns with weights shared by all networks:
 *    Σ_j (c_j a) W_j + Σ_j c_j b_j, one [n·K, (D+1)(h+1)] × [(D+1)(h+1), h₂] matmul;
 *  - any later layer (and layer 2 for tanh) multiplies by every basis matrix at once,
 *    [n·K, h] × [h, (D+1)·h'], and combines the D+1 products with each network's coefficients.
 * Returns logits [n, K, classes] and, when asked, each hidden layer's pre-activation [n, K, width].
 * Call inside tf.tidy.
 */
export function affineForward(
  basis: tf.Tensor2D,
  coef: tf.Tensor2D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  activation: Activation,
  keepPre = false,
  margin = false,
): { logits: tf.Tensor3D; pre: tf.Tensor3D[] } {
  const nb = basis.shape[0];
  const k = coef.shape[0];
  const n = x.shape[0];
  // s[k] = [1, c_k1, …, c_kD]: each network's weight on each basis row.
  const s = tf.concat([tf.ones([k, 1]), coef], 1) as tf.Tensor2D;
  const rowsOf = (offset: number, size: number) => tf.slice(basis, [0, offset], [nb, size]) as tf.Tensor2D;
  const pre: tf.Tensor3D[] = [];
  const copies = activation !== 'tanh' && layout.layers.length > 1;
  const act = (z: tf.Tensor) => (activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : z);

  // Layer 1: [x, 1] against each network's [W; b] (and, with copies, against s_kj [W; b] and the constants).
  const l1 = layout.layers[0]!;
  const aug = l1.inputs + 1;
  const wb = tf.concat([tf.reshape(rowsOf(l1.wOffset, l1.inputs * l1.outputs), [nb, l1.inputs, l1.outputs]), tf.reshape(rowsOf(l1.bOffset, l1.outputs), [nb, 1, l1.outputs])], 1);
  const perNet = tf.reshape(tf.matMul(s, tf.reshape(wb, [nb, aug * l1.outputs])), [k, 1, aug, l1.outputs]);
  let width: number;
  let big: tf.Tensor4D;
  if (copies) {
    const scaled = tf.mul(perNet, tf.reshape(s, [k, nb, 1, 1])); // [K, B, aug, h]
    const cols = tf.reshape(tf.transpose(scaled, [2, 0, 1, 3]), [aug, k, nb * l1.outputs]);
    const consts = tf.concat([tf.zeros([l1.inputs, k, nb]), tf.reshape(s, [1, k, nb])], 0);
    width = nb * l1.outputs + nb;
    big = tf.reshape(tf.concat([cols, consts], 2), [1, aug, k, width]) as tf.Tensor4D;
  } else {
    width = l1.outputs;
    big = tf.reshape(tf.transpose(tf.reshape(perNet, [k, aug, l1.outputs]), [1, 0, 2]), [1, aug, k, width]) as tf.Tensor4D;
  }
  const xAug = tf.concat([x, tf.ones([n, 1])], 1) as tf.Tensor2D;
  // The activation is fused into the matmul where tfjs can (ReLU), saving a pass over the largest tensor.
  const fuse = !keepPre && activation === 'relu';
  const bigFlat = tf.reshape(big, [aug, k * width]) as tf.Tensor2D;
  let a: tf.Tensor2D;
  if (fuse) {
    a = tf.reshape(tf.fused.matMul({ a: xAug, b: bigFlat, activation: 'relu' }), [n * k, width]) as tf.Tensor2D;
  } else {
    const z1 = tf.matMul(xAug, bigFlat);
    if (keepPre) pre.push(tf.reshape(copies ? tf.slice(tf.reshape(z1, [n, k, width]), [0, 0, 0], [n, k, l1.outputs]) : z1, [n, k, l1.outputs]) as tf.Tensor3D);
    a = tf.reshape(act(z1), [n * k, width]) as tf.Tensor2D;
  }

  for (let li = 1; li < layout.layers.length; li++) {
    const l = layout.layers[li]!;
    const last = li === layout.layers.length - 1;
    const w = tf.reshape(rowsOf(l.wOffset, l.inputs * l.outputs), [nb, l.inputs, l.outputs]) as tf.Tensor3D;
    const b = rowsOf(l.bOffset, l.outputs);
    if (last && margin) return { logits: marginHead(a, w, b, s, li === 1 && copies, n, k), pre };
    let z: tf.Tensor2D;
    if (li === 1 && copies) {
      const shared = tf.concat([tf.reshape(w, [nb * l.inputs, l.outputs]), b], 0) as tf.Tensor2D;
      if (fuse && !last) {
        a = tf.fused.matMul({ a, b: shared, activation: 'relu' }) as tf.Tensor2D;
        continue;
      }
      z = tf.matMul(a, shared) as tf.Tensor2D;
    } else {
      const wide = tf.reshape(tf.transpose(w, [1, 0, 2]), [l.inputs, nb * l.outputs]) as tf.Tensor2D;
      const products = tf.reshape(tf.matMul(a, wide), [n, k, nb, l.outputs]);
      const mixed = tf.sum(tf.mul(products, tf.reshape(s, [1, k, nb, 1])), 2);
      z = tf.reshape(tf.add(mixed, tf.reshape(tf.matMul(s, b), [1, k, l.outputs])), [n * k, l.outputs]) as tf.Tensor2D;
    }
    if (last) return { logits: tf.reshape(z, [n, k, l.outputs]) as tf.Tensor3D, pre };
    if (keepPre) pre.push(tf.reshape(z, [n, k, l.outputs]) as tf.Tensor3D);
    a = act(z) as tf.Tensor2D;
  }
  throw new Error('An MLP needs at least one layer');
}

/**
 * The last layer of a two-class net as the logit margin δ = z₁ − z₀ only, [n, K, 1]: one column per
 * basis row instead of two, and the per-network mix done by one matmul against a block-diagonal
 * [K·B, K] matrix rather than by broadcast multiplies and a sum over a short axis (slow in wasm).
 * `a` holds either plain activations [n·K, h] or, with `copies`, every network's activations scaled
 * by each of its coefficients plus the constants (see affineForward). Call inside tf.tidy.
 */
function marginHead(a: tf.Tensor2D, w: tf.Tensor3D, b: tf.Tensor2D, s: tf.Tensor2D, copies: boolean, n: number, k: number): tf.Tensor3D {
  const nb = w.shape[0];
  const h = w.shape[1];
  // v_j = w_j[:, 1] − w_j[:, 0] and c_j = b_j[1] − b_j[0] for every basis row j.
  const v = tf.reshape(tf.sub(tf.slice(w, [0, 0, 1], [nb, h, 1]), tf.slice(w, [0, 0, 0], [nb, h, 1])), [nb, h]);
  const c = tf.sub(tf.slice(b, [0, 1], [nb, 1]), tf.slice(b, [0, 0], [nb, 1])) as tf.Tensor2D;
  if (copies) {
    const shared = tf.concat([tf.reshape(v, [nb * h, 1]), c], 0) as tf.Tensor2D;
    return tf.reshape(tf.matMul(a, shared), [n, k, 1]) as tf.Tensor3D;
  }
  const products = tf.reshape(tf.matMul(a, tf.transpose(v)), [n, k * nb]) as tf.Tensor2D;
  // mix[k·B + j, k'] = s[k, j] when k = k', else 0.
  const mix = tf.reshape(tf.mul(tf.reshape(s, [k, nb, 1]), tf.reshape(tf.eye(k), [k, 1, k])), [k * nb, k]) as tf.Tensor2D;
  const bias = tf.reshape(tf.matMul(s, c), [k]) as tf.Tensor1D;
  return tf.reshape(tf.add(tf.matMul(products, mix), bias), [n, k, 1]) as tf.Tensor3D;
}

/**
 * Mean cross-entropy over the examples [K] of the K networks of `affineForward`. For two classes the
 * loss of an example is softplus(±δ) with δ the logit margin (− for label 1), and the mean over
 * examples is one [1, n] × [n, K] matmul: no log-softmax over a length-2 axis, no reduction over a
 * non-last axis. Other class counts take the general path.
 */
export function affineMeanLosses(
  basis: tf.Tensor2D,
  coef: tf.Tensor2D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): tf.Tensor1D {
  const n = x.shape[0];
  const k = coef.shape[0];
  if (onehot.shape[1] !== 2) return tf.mean(affineExampleLosses(basis, coef, layout, x, onehot, activation), 0) as tf.Tensor1D;
  const { logits: delta } = affineForward(basis, coef, layout, x, activation, false, true);
  // +1 for label 0 (loss softplus(δ)), −1 for label 1 (loss softplus(−δ)).
  const sign = tf.sub(tf.slice(onehot, [0, 0], [n, 1]), tf.slice(onehot, [0, 1], [n, 1]));
  const perExample = tf.softplus(tf.mul(tf.reshape(delta, [n, k]), sign)) as tf.Tensor2D;
  return tf.reshape(tf.matMul(tf.fill([1, n], 1 / n), perExample), [k]) as tf.Tensor1D;
}

/** (Point, example) pairs per chunk of `rowLosses`: small enough that a chunk's activations stay in cache. */
export const CHUNK_PAIRS = 1 << 13;

/**
 * Whether meanLossesAt runs the fused WebAssembly kernel (fused-plane.ts) rather than tfjs ops: where
 * the tensors live in CPU memory (wasm, cpu), reading them is a copy and the kernel is ~3x faster than
 * the ops (bench `threads`); on WebGL/WebGPU the data stays on the GPU and the ops run there.
 */
export function rowLossesFused(): boolean {
  const backend = tf.getBackend();
  return (backend === 'wasm' || backend === 'cpu') && fusedPlaneSupported();
}

/**
 * Mean loss of two-class ReLU or linear nets with one or two hidden layers at θ = o + a·d₁ + b·d₂ for
 * rows of points that share b (a plane's grid rows; a line is one row with b = 0), every a ≥ 0, with
 * tfjs ops (any backend; on CPU backends meanLossesAt runs the fused kernel instead).
 * Same algebra as affineForward with the basis [o + b·d₂, d₁] for each row: layer 1 with copies
 * (c·relu(z) = relu(c·z) for c ≥ 0) so layer 2 is one matmul with weights shared by the row, and the
 * head reduced to the logit margin δ = z₁ − z₀ with the loss softplus(±δ). What wasm makes costly is
 * avoided: tf.slice copies its whole input there, so nothing is sliced out of a large tensor (a row's
 * weights come from one [1, 2] × [2, size] matmul over small per-layer stacks); each chunk runs in its
 * own tidy, so its activations are freed at once and the next chunk reuses the same, cache-warm
 * memory. `rows` lists [b, first point, end]. Returns the rows' points' losses in order. Call inside tf.tidy.
 */
export function rowLosses(
  basis: tf.Tensor2D,
  a: Float32Array,
  rows: [number, number, number][],
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: 'relu' | 'linear',
  chunkPairs = CHUNK_PAIRS,
): tf.Tensor1D {
  const nb = basis.shape[0];
  const n = x.shape[0];
  // The points of the rows asked for (all of `a` for a whole plane; a share of its rows for row-pool.ts).
  const k = rows.reduce((sum, [, start, end]) => sum + end - start, 0);
  const fused = activation === 'relu' ? 'relu' : 'linear';
  const l1 = layout.layers[0]!;
  const h1 = l1.outputs;
  const aug = l1.inputs + 1;
  const w = 2 * h1 + 2;
  const last = layout.layers[layout.layers.length - 1]!;
  const hl = last.inputs;
  const deep = layout.layers.length === 3;
  const l2 = layout.layers[1]!;

  // Per-layer stacks [2, size] of (origin, d₂) for the row-dependent parts and d₁'s own parts, all
  // small: a row's weights are then [1, b] × stack.
  const rowOf = (j: number, offset: number, size: number) => (j < nb ? tf.slice(basis, [j, offset], [1, size]) : tf.zeros([1, size]));
  const wb1 = (j: number) => tf.reshape(tf.concat([tf.reshape(rowOf(j, l1.wOffset, l1.inputs * h1), [l1.inputs, h1]), rowOf(j, l1.bOffset, h1)], 0), [1, aug * h1]);
  const v = (j: number) => {
    const wl = tf.reshape(rowOf(j, last.wOffset, hl * 2), [hl, 2]);
    return tf.sub(tf.slice(wl, [0, 1], [hl, 1]), tf.slice(wl, [0, 0], [hl, 1]));
  };
  const c = (j: number) => {
    const bl = rowOf(j, last.bOffset, 2);
    return tf.sub(tf.slice(bl, [0, 1], [1, 1]), tf.slice(bl, [0, 0], [1, 1]));
  };
  const flatOf = (t: tf.Tensor) => tf.reshape(t, [1, -1]);
  const stack = (base: tf.Tensor, delta: tf.Tensor) => tf.concat([flatOf(base), flatOf(delta)], 0) as tf.Tensor2D;
  const l1Stack = stack(wb1(0), wb1(2)); // [2, aug·h1]
  const l1Dir = wb1(1); // [1, aug·h1]
  let hiddenStack: tf.Tensor2D | null = null;
  let headStack: tf.Tensor2D;
  let biasStack: tf.Tensor2D | null = null;
  if (deep) {
    const w2 = (j: number) => tf.reshape(rowOf(j, l2.wOffset, h1 * l2.outputs), [h1, l2.outputs]);
    const b2 = (j: number) => rowOf(j, l2.bOffset, l2.outputs);
    hiddenStack = stack(tf.concat([w2(0), w2(1), b2(0), b2(1)], 0), tf.concat([w2(2), tf.zeros([h1, l2.outputs]), b2(2), tf.zeros([1, l2.outputs])], 0));
    headStack = stack(tf.concat([v(0), v(1)], 1), tf.concat([v(2), tf.zeros([hl, 1])], 1));
    biasStack = stack(tf.concat([c(0), c(1)], 1), tf.concat([c(2), tf.zeros([1, 1])], 1)); // [2, 2]: bias of δ = [1, b]·stack·[1, a]ᵀ
  } else {
    headStack = stack(tf.concat([v(0), v(1), c(0), c(1)], 0), tf.concat([v(2), tf.zeros([hl, 1]), c(2), tf.zeros([1, 1])], 0));
  }
  const xAug = tf.concat([x, tf.ones([n, 1])], 1) as tf.Tensor2D;
  // +1 for label 0 (loss softplus(δ)), −1 for label 1 (softplus(−δ)); the mean over examples is a matmul.
  const per = Math.max(1, Math.floor(chunkPairs / n));
  // Tiled to a chunk's full [n, m]: wasm multiplies equal shapes with SIMD but broadcasts slowly.
  const sign = tf.tile(tf.sub(tf.slice(onehot, [0, 0], [n, 1]), tf.slice(onehot, [0, 1], [n, 1])), [1, per]);
  // A row's last chunk is usually short (51 points = 3 × 16 + 3): its sign block is sliced once per
  // call here, not once per row (a wasm slice copies its whole input).
  const signs = new Map<number, tf.Tensor>([[per, sign]]);
  for (const [, start, end] of rows) {
    const rest = (end - start) % per;
    if (rest > 0 && !signs.has(rest)) signs.set(rest, tf.slice(sign, [0, 0], [n, rest]));
  }
  const signOf = (m: number) => signs.get(m) ?? tf.slice(sign, [0, 0], [n, m]);
  const meanRow = tf.fill([1, n], 1 / n) as tf.Tensor2D;
  const parts: tf.Tensor[] = [];
  for (const [b, start, end] of rows) {
    const rb = tf.tensor2d([1, b], [1, 2]);
    // [2, aug·h1]: the first layer of the row origin and of d₁, mixed per point by one matmul.
    const l1Row = tf.concat([tf.matMul(rb, l1Stack), l1Dir], 0) as tf.Tensor2D;
    const hiddenRow = hiddenStack ? (tf.reshape(tf.matMul(rb, hiddenStack), [w, l2.outputs]) as tf.Tensor2D) : null;
    const headRow = tf.reshape(tf.matMul(rb, headStack), deep ? [hl, 2] : [w, 1]) as tf.Tensor2D;
    const biasRow = biasStack ? (tf.reshape(tf.matMul(rb, biasStack), [2, 1]) as tf.Tensor2D) : null;
    for (let p0 = start; p0 < end; p0 += per) {
      const m = Math.min(per, end - p0);
      parts.push(
        tf.tidy(() => {
          // Each point's weight on [row origin, d₁], and the block-diagonal [2m, m] that mixes per point.
          const sc = new Float32Array(2 * m);
          const mixV = new Float32Array(2 * m * m);
          const constV = new Float32Array(aug * m * 2);
          for (let q = 0; q < m; q++) {
            sc[2 * q] = 1;
            sc[2 * q + 1] = a[p0 + q]!;
            mixV[2 * q * m + q] = 1;
            mixV[(2 * q + 1) * m + q] = a[p0 + q]!;
            constV[(aug - 1) * m * 2 + 2 * q] = 1;
            constV[(aug - 1) * m * 2 + 2 * q + 1] = a[p0 + q]!;
          }
          const S = tf.tensor2d(sc, [m, 2]);
          // Layer 1 of the chunk's m points, columns [z, a·z, 1, a] per point.
          const perNet = tf.matMul(S, l1Row); // [m, aug·h1]
          const scaled = tf.mul(tf.reshape(perNet, [m, 1, aug, h1]), tf.reshape(S, [m, 2, 1, 1]));
          const cols = tf.reshape(tf.transpose(scaled, [2, 0, 1, 3]), [aug, m, 2 * h1]);
          const big = tf.reshape(tf.concat([cols, tf.tensor3d(constV, [aug, m, 2])], 2), [aug, m * w]) as tf.Tensor2D;
          const a1 = tf.reshape(tf.fused.matMul({ a: xAug, b: big, activation: fused }), [n * m, w]) as tf.Tensor2D;
          let delta: tf.Tensor;
          if (hiddenRow) {
            const a2 = tf.fused.matMul({ a: a1, b: hiddenRow, activation: fused });
            const products = tf.reshape(tf.matMul(a2, headRow), [n, 2 * m]) as tf.Tensor2D;
            const bias = tf.reshape(tf.matMul(S, biasRow!), [m]);
            delta = tf.add(tf.matMul(products, tf.tensor2d(mixV, [2 * m, m])), bias);
          } else {
            delta = tf.reshape(tf.matMul(a1, headRow), [n, m]);
          }
          return tf.matMul(meanRow, tf.softplus(tf.mul(delta, signOf(m))));
        }),
      );
    }
  }
  return tf.reshape(parts.length === 1 ? parts[0]! : tf.concat(parts, 1), [k]) as tf.Tensor1D;
}

/** Whether `rowLosses` handles this net (else the general affineForward path). */
export function rowLossesApply(layout: MlpLayout, activation: Activation, classes: number): activation is 'relu' | 'linear' {
  return activation !== 'tanh' && classes === 2 && (layout.layers.length === 2 || layout.layers.length === 3);
}

/** Per-example cross-entropy [n, K] of the K networks of `affineForward`. */
export function affineExampleLosses(
  basis: tf.Tensor2D,
  coef: tf.Tensor2D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): tf.Tensor2D {
  const { logits } = affineForward(basis, coef, layout, x, activation);
  const classes = onehot.shape[1];
  return tf.neg(tf.sum(tf.mul(tf.reshape(onehot, [onehot.shape[0], 1, classes]), tf.logSoftmax(logits)), 2)) as tf.Tensor2D;
}

/** Points per chunk so that no activation tensor exceeds CHUNK_FLOATS. */
export function chunkRows(layout: MlpLayout, examples: number, directions = 2): number {
  const widest = Math.max(...layout.sizes.slice(1).map((h) => (directions + 1) * (h + 1)));
  return Math.max(2, Math.floor(CHUNK_FLOATS / Math.max(1, examples * widest)));
}

/**
 * Rewrite θ = Σ_j c_j basis_j (c_0 = 1 for every point) so every other coefficient is ≥ 0, as
 * affineForward needs: the origin moves to Σ_j min_k(c_kj) basis_j. Returns the new basis and the
 * coefficients of its directions [K, D].
 */
export function nonNegative(basis: tf.Tensor2D, coefficients: Float32Array): { basis: tf.Tensor2D; coef: Float32Array; count: number } {
  const nb = basis.shape[0];
  const count = coefficients.length / nb;
  const low = new Float32Array(nb).fill(0);
  low[0] = 1;
  for (let i = 0; i < count; i++) {
    if (coefficients[i * nb] !== 1) throw new Error('lossesAt: the first basis row must have coefficient 1 at every point');
    for (let j = 1; j < nb; j++) low[j] = Math.min(low[j]!, coefficients[i * nb + j]!);
  }
  const coef = new Float32Array(count * (nb - 1));
  for (let i = 0; i < count; i++) for (let j = 1; j < nb; j++) coef[i * (nb - 1) + j - 1] = coefficients[i * nb + j]! - low[j]!;
  const origin = tf.matMul(tf.tensor2d(low, [1, nb]), basis);
  return { basis: tf.concat([origin, tf.slice(basis, [1, 0], [nb - 1, -1])]) as tf.Tensor2D, coef, count };
}

/**
 * Points of nonNegative's coefficients [count, d] (d = 1 or 2) as rowLosses takes them: each point's
 * first coefficient, and runs of consecutive points that share the second ([b, first, end]; b = 0 on
 * a line).
 */
export function pointRows(coef: Float32Array, count: number, d: number): { a: Float32Array; rows: [number, number, number][] } {
  const a = new Float32Array(count);
  const rows: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    a[i] = coef[d * i]!;
    const b = d === 2 ? coef[d * i + 1]! : 0;
    const open = rows[rows.length - 1];
    if (open && open[0] === b) open[2] = i + 1;
    else rows.push([b, i, i + 1]);
  }
  return { a, rows };
}

/**
 * Mean loss at every point θ = basis[0] + Σ_j coefficients[i, j] · basis[j] (basis [B, P],
 * coefficients [K, B] with a 1 in column 0), in chunks of as many points as fit CHUNK_FLOATS.
 * Returns [K]. Call inside tf.tidy.
 */
export function lossesAt(
  basis: tf.Tensor2D,
  coefficients: Float32Array,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): tf.Tensor1D {
  const { basis: shifted, coef, count: total } = nonNegative(basis, coefficients);
  const d = shifted.shape[0] - 1;
  const parts: tf.Tensor1D[] = [];
  if ((d === 1 || d === 2) && rowLossesApply(layout, activation, onehot.shape[1])) {
    const { a, rows } = pointRows(coef, total, d);
    return rowLosses(shifted, a, rows, layout, x, onehot, activation);
  }
  if (d === 2) {
    // A plane: along a grid row the second coefficient is constant, so the row is a line from its own
    // origin. One direction fewer means a third less work per layer (see affineForward).
    const rows = chunkRows(layout, x.shape[0], 1);
    const dirs = tf.slice(shifted, [1, 0], [2, -1]) as tf.Tensor2D;
    let start = 0;
    while (start < total) {
      const b = coef[2 * start + 1]!;
      let end = start + 1;
      while (end < total && end - start < rows && coef[2 * end + 1] === b) end++;
      const origin = tf.add(tf.slice(shifted, [0, 0], [1, -1]), tf.mul(tf.slice(dirs, [1, 0], [1, -1]), b));
      const line = tf.concat([origin, tf.slice(dirs, [0, 0], [1, -1])]) as tf.Tensor2D;
      const c = tf.tensor2d(Float32Array.from({ length: end - start }, (_, i) => coef[2 * (start + i)]!), [end - start, 1]);
      parts.push(affineMeanLosses(line, c, layout, x, onehot, activation));
      start = end;
    }
  } else {
    const rows = chunkRows(layout, x.shape[0], d);
    for (let start = 0; start < total; start += rows) {
      const count = Math.min(rows, total - start);
      const c = tf.tensor2d(coef.subarray(start * d, (start + count) * d), [count, d]);
      parts.push(affineMeanLosses(shifted, c, layout, x, onehot, activation));
    }
  }
  return parts.length === 1 ? parts[0]! : (tf.concat(parts) as tf.Tensor1D);
}

/**
 * lossesAt's values, read asynchronously: on CPU backends, for the nets rowLosses covers, by the fused
 * kernel on the inputs' values (fused-plane.ts; the same floats wherever it runs, so row-pool.ts's
 * helpers match it bit for bit); elsewhere by lossesAt's ops. No synchronous read on any backend.
 */
export async function meanLossesAt(
  basis: tf.Tensor2D,
  coefficients: Float32Array,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): Promise<Float32Array> {
  const d = basis.shape[0] - 1;
  if ((d === 1 || d === 2) && rowLossesApply(layout, activation, onehot.shape[1]) && rowLossesFused()) {
    const { basis: shifted, coef, count } = tf.tidy(() => nonNegative(basis, coefficients));
    try {
      const [b, xv, yv] = (await Promise.all([shifted.data(), x.data(), onehot.data()])) as Float32Array[];
      const { a, rows } = pointRows(coef, count, d);
      return fusedRowLosses(b!, d + 1, a, rows, layout, xv!, yv!, activation);
    } finally {
      shifted.dispose();
    }
  }
  const t = tf.tidy(() => lossesAt(basis, coefficients, layout, x, onehot, activation));
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Coefficients [K, 3] for θ + a·d1 + b·d2 over a res × res grid on [-span, span]², row 0 at b = +span. */
export function gridCoefficients(res: number, span: number): Float32Array {
  const c = new Float32Array(res * res * 3);
  for (let r = 0; r < res; r++) {
    for (let q = 0; q < res; q++) {
      const k = r * res + q;
      c[3 * k] = 1;
      c[3 * k + 1] = res === 1 ? 0 : -span + (2 * span * q) / (res - 1);
      c[3 * k + 2] = res === 1 ? 0 : span - (2 * span * r) / (res - 1);
    }
  }
  return c;
}

/** Coefficients [K, 2] for θ + t·d at `count` evenly spaced t in [lo, hi]. */
export function lineCoefficients(count: number, lo: number, hi: number): { t: Float32Array; c: Float32Array } {
  const t = new Float32Array(count);
  const c = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    // lo + (hi - lo)·i/(count-1), written so that the end points and the middle are exact.
    const v = count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1);
    t[i] = v;
    c[2 * i] = 1;
    c[2 * i + 1] = v;
  }
  return { t, c };
}
