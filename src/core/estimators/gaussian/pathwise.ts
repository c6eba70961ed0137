/**
 * Pathwise (reparameterisation) estimator for a Gaussian unit: x = μ + σε is a differentiable
 * function of (μ, σ) with the noise held fixed, so g = f'(x) · (∂x/∂μ, ∂x/∂σ) = f'(x) · (1, ε).
 * This is what backprop does; it exists because x is continuous — a Bernoulli unit has no such path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGaussian, drawEps, gaussianSample } from './check';
import type { GaussianEstimator } from './types';

export function createGaussianPathwise(): GaussianEstimator {
  const label = 'Pathwise (reparameterisation)';
  return {
    id: 'gaussian-pathwise',
    label,
    unbiased: true,
    minGroup: 1,
    estimate(input) {
      const { k } = checkGaussian(input, label, 1);
      const eps = drawEps(input, k);
      const grads = tf.tidy(() => {
        const d = input.cost.derivative(gaussianSample(input, eps));
        return tf.stack([d, tf.mul(d, eps)], 1) as tf.Tensor2D;
      });
      eps.dispose();
      return { grads, evaluations: 0, gradientEvaluations: k };
    },
  };
}
