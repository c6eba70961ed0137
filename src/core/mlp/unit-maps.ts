/**
 * Every hidden unit's map over the input plane from ONE batched forward pass: the grid's points are
 * the rows of one input matrix, so each layer is one matrix product for all of them at once (not a
 * pass per pixel), and the pre-activations are kept on the way through. The decision map can ride on
 * the same pass: put its raster's rows first and the maps' grid after them (see `mapPass`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { unpack, type Activation, type MlpLayout } from './flat-mlp';
import { drawnUnits, gridPoints, MAP_GRID, quantiseMaps, type NetworkFrame } from './network-frame';

/** The maps' grid as a tensor [MAP_GRID², 2] (row 0 at the top), to be kept by the run. */
export function mapGridTensor(extent: number, resolution = MAP_GRID): tf.Tensor2D {
  return tf.tensor2d(gridPoints(resolution, extent), [resolution * resolution, 2]);
}

/**
 * Forward pass keeping each hidden layer's pre-activation z (activation applied after, unfused, so
 * z survives). Returns the class-1 probability of every row, and the pre-activations of the drawn
 * units of every hidden layer for the rows from `mapFrom` on, side by side: [rows − mapFrom, Σ drawn].
 * Call inside tf.tidy.
 */
export function mapPass(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  activation: Activation,
  mapFrom: number,
): { probability: tf.Tensor1D; pre: tf.Tensor2D } {
  const layers = unpack(theta, layout);
  const drawn = drawnUnits(layout.sizes);
  const rows = x.shape[0] - mapFrom;
  const kept: tf.Tensor2D[] = [];
  let a: tf.Tensor2D = x;
  layers.forEach((layer, l) => {
    const z = tf.add(tf.matMul(a, layer.w), layer.b) as tf.Tensor2D;
    if (l === layers.length - 1) {
      a = z;
      return;
    }
    kept.push(tf.slice(z, [mapFrom, 0], [rows, drawn[l]!]));
    a = activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : z;
  });
  // Two logits: p(class 1) = softmax(z)₁.
  const probability = tf.reshape(tf.slice(tf.softmax(a), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
  const pre = kept.length === 1 ? kept[0]! : (tf.concat(kept, 1) as tf.Tensor2D);
  return { probability, pre };
}

/**
 * The page's network frame from a pass's read-back: `pre` as mapPass returns it ([MAP_GRID², Σ drawn]),
 * `probability` of the map grid's rows alone, and the weights (already on the page side of a copy).
 */
export function networkFrameFrom(
  layout: MlpLayout,
  activation: Activation,
  extent: number,
  pre: Float32Array,
  probability: Float32Array,
  weights: Float32Array,
  resolution = MAP_GRID,
): NetworkFrame {
  const drawn = drawnUnits(layout.sizes);
  const points = resolution * resolution;
  const { maps, ranges, finite } = quantiseMaps(pre, points, drawn.reduce((s, n) => s + n, 0));
  const output = new Uint8Array(points);
  for (let k = 0; k < points; k++) output[k] = Math.round(Math.min(1, Math.max(0, probability[k]!)) * 255);
  let weightsFinite = true;
  for (let i = 0; i < weights.length; i++) if (!Number.isFinite(weights[i]!)) weightsFinite = false;
  return { sizes: [...layout.sizes], drawn, activation, resolution, extent, maps, ranges, output, weights, finite: finite && weightsFinite };
}

/**
 * The maps on their own grid, in one pass with one read-back: what a run that draws no decision map
 * of its own (the loss surface) sends, and what the bench times.
 */
export async function computeNetworkFrame(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  grid: tf.Tensor2D,
  activation: Activation,
  extent: number,
): Promise<NetworkFrame> {
  const { probability, pre } = tf.tidy(() => mapPass(theta, layout, grid, activation, 0));
  const [p, z, w] = await Promise.all([probability.data(), pre.data(), theta.data()]);
  tf.dispose([probability, pre]);
  // `w` is a copy only on some backends: copy it, as it will be transferred to the page.
  const resolution = Math.round(Math.sqrt(grid.shape[0]));
  return networkFrameFrom(layout, activation, extent, z as Float32Array, p as Float32Array, Float32Array.from(w), resolution);
}
