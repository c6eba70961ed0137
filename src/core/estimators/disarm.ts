/**
 * DisARM (Dong, Mnih, Tucker 2020): ARM with the augmentation integrated out. Antithetic pair
 * b = 1[u < θ], b~ = 1[1 - u < θ];
 *   g_i = 1/2 (f(b) - f(b~)) (-1)^{b~_i} 1[b_i ≠ b~_i] sigmoid(|φ_i|).
 * Unbiased, two evaluations per sample, never worse than ARM in variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow, scaleRows } from './input';
import { bernoulliBelow } from './noise';
import { statelessEstimator } from './stateless';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const disarmInfo: EstimatorInfo = {
  id: 'disarm',
  label: 'DisARM',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: false,
  reference: 'Dong, Mnih, Tucker 2020',
};

export function createDisarm(): BernoulliEstimator {
  return statelessEstimator(disarmInfo, {
    gradients(input, u) {
      const phi = logitRow(input.phi); // [1, N] or [K, N], broadcast against u
      const theta = tf.sigmoid(phi) as tf.Tensor2D;
      const b = bernoulliBelow(u, theta);
      // b~ = 1[1 - u < θ] = step(θ + u - 1).
      const anti = tf.step(tf.sub(tf.add(theta, u), 1)) as tf.Tensor2D;
      const half = tf.mul(tf.sub(input.cost.value(b), input.cost.value(anti)), 0.5) as tf.Tensor1D;
      // (-1)^{b~} 1[b ≠ b~] is exactly b - b~ for 0/1 values: one op instead of four.
      const weight = tf.mul(tf.sub(b, anti), tf.sigmoid(tf.abs(phi))) as tf.Tensor2D;
      return { grads: scaleRows(half, weight), samples: b };
    },
    spent: ({ k }) => ({ evaluations: 2 * k, gradientEvaluations: 0 }),
  });
}
