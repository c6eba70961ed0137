/**
 * Gradient of each example's loss with respect to its input, by the same hand-written backward pass
 * as the flat MLP (tfjs-core registers no autodiff gradients here): delta at the logits is
 * softmax − onehot, carried back through every layer and finally through the first weight matrix.
 * Call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, unpack, type Activation, type MlpLayout } from '../mlp/flat-mlp';

export function inputGradient(theta: tf.Tensor1D, layout: MlpLayout, x: tf.Tensor2D, onehot: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  const layers = unpack(theta, layout);
  const { activations, logits } = forward(layers, x, activation);
  let delta = tf.sub(tf.softmax(logits), onehot) as tf.Tensor2D;
  for (let l = layers.length - 1; l >= 1; l--) {
    const back = tf.matMul(delta, layers[l]!.w, false, true) as tf.Tensor2D;
    const a = activations[l]!;
    if (activation === 'relu') delta = tf.mul(back, tf.step(a)) as tf.Tensor2D;
    else if (activation === 'tanh') delta = tf.mul(back, tf.sub(1, tf.square(a))) as tf.Tensor2D;
    else delta = back;
  }
  return tf.matMul(delta, layers[0]!.w, false, true) as tf.Tensor2D;
}
