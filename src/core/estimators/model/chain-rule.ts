/**
 * Composing an estimator with an ordinary model. An estimator returns G = per-row estimates of
 * dE[f]/dφ for the logits φ a model produced; the model's parameters ψ then get G pushed back
 * through φ(ψ). Two equivalent forms:
 * - surrogate loss: L = Σ G ⊙ φ(ψ) / K with G held constant; autodiff of L gives Σ G ∂φ/∂ψ / K.
 *   Needs tfjs' registered gradients (the core registers none; an entry point may).
 * - explicit gradient: for a linear layer φ = x U + d, dU = xᵀ G / K and dd = mean_k G — what the
 *   sigmoid belief net uses, so it runs with no autodiff at all.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Σ G ⊙ φ / K. G must be a constant (not a function of ψ). Call inside tf.tidy or a gradient fn. */
export function surrogateLoss(logits: tf.Tensor2D, gradEstimate: tf.Tensor2D): tf.Scalar {
  return tf.div(tf.sum(tf.mul(logits, gradEstimate)), logits.shape[0]) as tf.Scalar;
}

/** Gradients of a linear logit layer φ = x U + d from G [K, H]: dU [D, H] and dd [H]. Call in tidy. */
export function linearLayerGradients(x: tf.Tensor2D, gradEstimate: tf.Tensor2D): { dWeights: tf.Tensor2D; dBias: tf.Tensor1D } {
  const k = x.shape[0];
  return {
    dWeights: tf.div(tf.matMul(x, gradEstimate, true, false), k) as tf.Tensor2D,
    dBias: tf.mean(gradEstimate, 0) as tf.Tensor1D,
  };
}
