/**
 * A multilayer perceptron whose parameters live in ONE flat vector, with its backward pass written
 * out by hand. Why: a small model's step is dispatch-bound, so fewer, larger ops win — one flat
 * vector lets an optimiser update everything in a dozen ops instead of a dozen per weight tensor, and
 * the explicit backward pass also yields per-example gradients (for the gradient-noise readouts) at
 * the cost of one batched outer product. `flat-mlp.test.ts` checks it against tfjs autodiff.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

import type { Activation } from './activations';
export { ACTIVATIONS, type Activation } from './activations';

export interface LayerSlot {
  inputs: number;
  outputs: number;
  /** Offset of the weight matrix [inputs, outputs] (row-major) in the flat vector. */
  wOffset: number;
  /** Offset of the bias [outputs]. */
  bOffset: number;
}

export interface MlpLayout {
  sizes: number[];
  layers: LayerSlot[];
  /** Total parameter count. */
  size: number;
}

export function mlpLayout(sizes: number[]): MlpLayout {
  const layers: LayerSlot[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    layers.push({ inputs, outputs, wOffset: offset, bOffset: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return { sizes: [...sizes], layers, size: offset };
}

/** He (ReLU) or Glorot (tanh, linear) normal initialisation from a seeded stream; biases zero. */
export function initParams(layout: MlpLayout, activation: Activation, rng: Rng): Float32Array {
  const theta = new Float32Array(layout.size);
  for (const layer of layout.layers) {
    const scale =
      activation === 'relu' ? Math.sqrt(2 / layer.inputs) : Math.sqrt(2 / (layer.inputs + layer.outputs));
    for (let k = 0; k < layer.inputs * layer.outputs; k++) theta[layer.wOffset + k] = scale * rng.normal();
  }
  return theta;
}

interface LayerTensors {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

export function unpack(theta: tf.Tensor1D, layout: MlpLayout): LayerTensors[] {
  return layout.layers.map((l) => ({
    w: tf.reshape(tf.slice(theta, l.wOffset, l.inputs * l.outputs), [l.inputs, l.outputs]) as tf.Tensor2D,
    b: tf.slice(theta, l.bOffset, l.outputs) as tf.Tensor1D,
  }));
}

function hidden(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === 'relu') return tf.relu(z);
  if (activation === 'tanh') return tf.tanh(z);
  return z;
}

/** d activation / d pre-activation, written in terms of the activation's output. */
function hiddenSlope(a: tf.Tensor2D, activation: Activation): tf.Tensor2D | null {
  if (activation === 'relu') return tf.step(a) as tf.Tensor2D;
  if (activation === 'tanh') return tf.sub(1, tf.square(a)) as tf.Tensor2D;
  return null;
}

/**
 * Forward pass. Returns the input and every hidden activation (for the backward pass) and the output
 * logits. Call inside tf.tidy.
 */
export function forward(
  layers: LayerTensors[],
  x: tf.Tensor2D,
  activation: Activation,
): { activations: tf.Tensor2D[]; logits: tf.Tensor2D } {
  const activations: tf.Tensor2D[] = [x];
  let a = x;
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    if (!last && activation === 'relu') {
      a = tf.fused.matMul({ a, b: layer.w, bias: layer.b, activation: 'relu' }) as tf.Tensor2D;
    } else {
      const z = tf.add(tf.matMul(a, layer.w), layer.b) as tf.Tensor2D;
      a = last ? z : hidden(z, activation);
    }
    if (!last) activations.push(a);
  });
  return { activations, logits: a };
}

/** Mean softmax cross-entropy and d(sum of per-example losses)/d logits = softmax - onehot. */
export function crossEntropy(logits: tf.Tensor2D, onehot: tf.Tensor2D): { loss: tf.Scalar; dLogits: tf.Tensor2D } {
  const logp = tf.logSoftmax(logits);
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))) as tf.Scalar;
  const dLogits = tf.sub(tf.exp(logp), onehot) as tf.Tensor2D;
  return { loss, dLogits };
}

/**
 * Backward pass from per-example output deltas. Returns the deltas reaching each layer's
 * pre-activation (per example, not averaged), from the first layer to the last.
 */
function layerDeltas(
  layers: LayerTensors[],
  activations: tf.Tensor2D[],
  dLogits: tf.Tensor2D,
  activation: Activation,
): tf.Tensor2D[] {
  const deltas: tf.Tensor2D[] = new Array(layers.length);
  let delta = dLogits;
  for (let l = layers.length - 1; l >= 0; l--) {
    deltas[l] = delta;
    if (l === 0) break;
    const back = tf.matMul(delta, layers[l]!.w, false, true) as tf.Tensor2D;
    const slope = hiddenSlope(activations[l]!, activation);
    delta = slope ? (tf.mul(back, slope) as tf.Tensor2D) : back;
  }
  return deltas;
}

/** Loss and gradient of the mean loss, as one flat vector in the layout's order. Call inside tf.tidy. */
export function lossAndGradient(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): { loss: tf.Scalar; gradient: tf.Tensor1D } {
  const { loss, gradient } = backprop(theta, layout, x, onehot, activation);
  return { loss, gradient };
}

/**
 * lossAndGradient with what it passes through on the way: every layer's input activations, the
 * logits, and the deltas (d mean loss / d pre-activation, per example). The slow-motion step
 * (step-trace.ts) shows these; sharing one function keeps its gradient op for op the training one.
 * Call inside tf.tidy.
 */
export function backprop(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): { loss: tf.Scalar; gradient: tf.Tensor1D; activations: tf.Tensor2D[]; logits: tf.Tensor2D; deltas: tf.Tensor2D[] } {
  const layers = unpack(theta, layout);
  const { activations, logits } = forward(layers, x, activation);
  const { loss, dLogits } = crossEntropy(logits, onehot);
  const n = x.shape[0];
  const deltas = layerDeltas(layers, activations, tf.div(dLogits, n) as tf.Tensor2D, activation);
  const parts: tf.Tensor[] = [];
  deltas.forEach((delta, l) => {
    parts.push(tf.reshape(tf.matMul(activations[l]!, delta, true, false), [-1]));
    parts.push(tf.sum(delta, 0));
  });
  return { loss, gradient: tf.concat(parts) as tf.Tensor1D, activations, logits, deltas };
}

/**
 * Per-example gradients [n, P]: row i is the gradient of example i's own loss. A weight matrix's
 * per-example gradient is the outer product of its input row and its output delta. Call in tf.tidy.
 */
export function perExampleGradients(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): tf.Tensor2D {
  const layers = unpack(theta, layout);
  const { activations, logits } = forward(layers, x, activation);
  const { dLogits } = crossEntropy(logits, onehot);
  const deltas = layerDeltas(layers, activations, dLogits, activation);
  const n = x.shape[0];
  const parts: tf.Tensor[] = [];
  deltas.forEach((delta, l) => {
    const a = activations[l]!;
    const outer = tf.mul(tf.expandDims(a, 2), tf.expandDims(delta, 1));
    parts.push(tf.reshape(outer, [n, -1]));
    parts.push(delta);
  });
  return tf.concat(parts, 1) as tf.Tensor2D;
}

/** Class-1 probability for each row of x. Call inside tf.tidy. */
export function predictProbability(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  activation: Activation,
): tf.Tensor1D {
  const { logits } = forward(unpack(theta, layout), x, activation);
  return tf.reshape(tf.slice(tf.softmax(logits), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
}

/** Mean cross-entropy and accuracy, both as scalars. Call inside tf.tidy. */
export function evaluate(
  theta: tf.Tensor1D,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const { logits } = forward(unpack(theta, layout), x, activation);
  const { loss } = crossEntropy(logits, onehot);
  const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(onehot, 1)), 'float32')) as tf.Scalar;
  return { loss, accuracy };
}
