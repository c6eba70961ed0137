/**
 * Straight-through Gumbel (Jang, Gu, Poole 2017): forward at the HARD sample b = 1[φ + L > 0],
 * backward through the relaxed sample, g = ∂f/∂b at b · z(1 - z)/τ with z = sigmoid((φ + L)/τ).
 * Biased like both of its parents; the cost is only ever evaluated at real binary configurations.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow } from './input';
import { relax } from './relaxation';
import { statelessEstimator } from './stateless';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const stGumbelInfo: EstimatorInfo = {
  id: 'st-gumbel',
  label: 'Straight-through Gumbel',
  unbiased: false,
  usesCostGradient: true,
  usesTau: true,
  minGroup: 1,
  stateful: false,
  reference: 'Jang, Gu, Poole 2017',
};

export function createStGumbel(): BernoulliEstimator {
  return statelessEstimator(stGumbelInfo, {
    gradients(input, u, { tau }) {
      const r = relax(logitRow(input.phi), u, tau);
      return { grads: tf.mul(input.cost.gradient(r.hard), r.slope) as tf.Tensor2D, samples: r.hard };
    },
    spent: ({ k }) => ({ evaluations: 0, gradientEvaluations: k }),
  });
}
