/**
 * Every hidden unit's map over the input plane from ONE batched forward pass: the grid's points are
 * the rows of one input matrix, so each layer is one matrix product for all of them at once (not a
 * pass per pixel), and the pre-activations are kept on the way through. The decision map can ride on
 * the same pass: put its raster's rows first and the maps' grid after them (see `mapPass`).
 *
 * No slice or concat on the backend: each layer's pre-activations are read back whole and the maps'
 * rows and drawn units picked in JS (quantiseLayer). Measured on wasm (Node, loaded machine): slicing
 * the maps' 4,096 rows out of [14,096, 16] took ~16 ms, a relu of the same tensor 0.17 ms, the whole
 * pass without slices ~1–2 ms. p(class 1) = σ(z₁ − z₀) likewise comes from a product with [−1, 1]
 * instead of a column slice of the softmax.
 */
import * as tf from '@tensorflow/tfjs-core';
import { unpack, type Activation, type MlpLayout } from './flat-mlp';
import { drawnUnits, gridPoints, MAP_GRID, quantiseLayer, type NetworkFrame } from './network-frame';

/** The maps' grid as a tensor [MAP_GRID², 2] (row 0 at the top), to be kept by the run. */
export function mapGridTensor(extent: number, resolution = MAP_GRID): tf.Tensor2D {
  return tf.tensor2d(gridPoints(resolution, extent), [resolution * resolution, 2]);
}

/**
 * Forward pass keeping each hidden layer's pre-activation z (the activation applied after the biased
 * product, so z survives). Returns the class-1 probability of every row, and every hidden layer's z
 * for every row ([rows, layer size]). Call inside tf.tidy.
 */
export function mapPass(theta: tf.Tensor1D, layout: MlpLayout, x: tf.Tensor2D, activation: Activation): { probability: tf.Tensor1D; pre: tf.Tensor2D[] } {
  const layers = unpack(theta, layout);
  const pre: tf.Tensor2D[] = [];
  let a: tf.Tensor2D = x;
  layers.forEach((layer, l) => {
    const z = tf.fused.matMul({ a, b: layer.w, bias: layer.b }) as tf.Tensor2D;
    if (l === layers.length - 1) {
      a = z;
      return;
    }
    pre.push(z);
    a = activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : z;
  });
  // Two logits: softmax(z)₁ = σ(z₁ − z₀).
  const difference = tf.matMul(a, tf.tensor2d([-1, 1], [2, 1]));
  return { probability: tf.reshape(tf.sigmoid(difference), [-1]) as tf.Tensor1D, pre };
}

/**
 * The page's network frame from a pass's read-back: each hidden layer's whole z ([rows, size]) and
 * the probability of every row, of which the maps' grid is the rows from `mapFrom` on; the weights
 * already copied (the frame is transferred to the page).
 */
export function networkFrameFrom(
  layout: MlpLayout,
  activation: Activation,
  extent: number,
  pre: Float32Array[],
  probability: Float32Array,
  mapFrom: number,
  weights: Float32Array,
  resolution = MAP_GRID,
): NetworkFrame {
  const drawn = drawnUnits(layout.sizes);
  const points = resolution * resolution;
  const total = drawn.reduce((s, n) => s + n, 0);
  const maps = new Uint8Array(points * total);
  const ranges = new Float32Array(2 * total);
  let finite = true;
  let at = 0;
  drawn.forEach((units, l) => {
    const q = quantiseLayer(pre[l]!, mapFrom, points, layout.sizes[l + 1]!, units);
    maps.set(q.maps, at * points);
    ranges.set(q.ranges, 2 * at);
    finite &&= q.finite;
    at += units;
  });
  const output = new Uint8Array(points);
  for (let k = 0; k < points; k++) output[k] = Math.min(1, Math.max(0, probability[mapFrom + k]!)) * 255 + 0.5;
  for (let i = 0; i < weights.length; i++) if (!Number.isFinite(weights[i]!)) finite = false;
  return { sizes: [...layout.sizes], drawn, activation, resolution, extent, maps, ranges, output, weights, finite };
}

/**
 * One pass over `x` and one read-back, as the frame the page draws: the maps' grid is x's rows from
 * `mapFrom` on (0: x is the maps' grid alone). Also returns every row's probability, for a raster
 * that rode on the pass (the decision map: x's rows before `mapFrom`).
 */
export async function networkPass(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  activation: Activation,
  extent: number,
  mapFrom = 0,
): Promise<{ probability: Float32Array; network: NetworkFrame }> {
  const { probability, pre } = tf.tidy(() => mapPass(theta, layout, x, activation));
  const [p, w, ...z] = await Promise.all([probability.data(), theta.data(), ...pre.map((t) => t.data())]);
  tf.dispose([probability, ...pre]);
  const resolution = Math.round(Math.sqrt(x.shape[0] - mapFrom));
  // `w` is a copy only on some backends: copy it, as the frame is transferred to the page.
  const network = networkFrameFrom(layout, activation, extent, z as Float32Array[], p as Float32Array, mapFrom, Float32Array.from(w), resolution);
  return { probability: p as Float32Array, network };
}

/** The maps alone on their own grid: what the loss surface (which draws no decision map) sends. */
export async function computeNetworkFrame(theta: tf.Tensor1D, layout: MlpLayout, grid: tf.Tensor2D, activation: Activation, extent: number): Promise<NetworkFrame> {
  return (await networkPass(theta, layout, grid, activation, extent)).network;
}
