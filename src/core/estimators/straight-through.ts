/**
 * Straight-through, ST (Bengio, Léonard, Courville 2013). Forward: the hard sample b = 1[u < θ].
 * Backward: pretend db/dφ = dθ/dφ = θ(1 - θ) (the "sigmoid-adjusted" variant; the identity variant,
 * db/dφ = 1, would only rescale each unit by 1/(θ(1-θ))). So g = ∂f/∂b at b, times θ(1 - θ).
 * Biased: in expectation it follows the gradient of f at E[b] rather than of E[f(b)], so on the toy
 * (b - t)² it settles at θ = t instead of θ = 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow } from './input';
import { bernoulliBelow } from './noise';
import { statelessEstimator } from './stateless';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const straightThroughInfo: EstimatorInfo = {
  id: 'straight-through',
  label: 'Straight-through (backward dθ/dφ)',
  unbiased: false,
  usesCostGradient: true,
  usesTau: false,
  minGroup: 1,
  stateful: false,
  reference: 'Bengio, Léonard, Courville 2013',
};

export function createStraightThrough(): BernoulliEstimator {
  return statelessEstimator(straightThroughInfo, {
    gradients(input, u) {
      const theta = tf.sigmoid(logitRow(input.phi)) as tf.Tensor2D; // [1, N] or [K, N], broadcast
      const b = bernoulliBelow(u, theta);
      const dThetaDPhi = tf.mul(theta, tf.sub(1, theta));
      return { grads: tf.mul(input.cost.gradient(b), dThetaDPhi) as tf.Tensor2D, samples: b };
    },
    spent: ({ k }) => ({ evaluations: 0, gradientEvaluations: k }),
  });
}
