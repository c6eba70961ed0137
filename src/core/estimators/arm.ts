/**
 * ARM, augment-REINFORCE-merge (Yin & Zhou 2019): one uniform vector u per sample gives an antithetic
 * pair b¹ = 1[u > σ(-φ)], b² = 1[u < σ(φ)], and g_i = (f(b¹) - f(b²)) (u_i - 1/2). Unbiased, two
 * evaluations per sample; when the pair coincides the estimate is exactly 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow, scaleRows } from './input';
import { bernoulliBelow } from './noise';
import { statelessEstimator } from './stateless';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const armInfo: EstimatorInfo = {
  id: 'arm',
  label: 'ARM',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: false,
  reference: 'Yin & Zhou 2019',
};

export function createArm(): BernoulliEstimator {
  return statelessEstimator(armInfo, {
    gradients(input, u) {
      const phi = logitRow(input.phi); // [1, N] or [K, N], broadcast against u
      // b¹ = 1[u > σ(-φ)] = step(u - σ(-φ)), b² = 1[u < σ(φ)] = step(σ(φ) - u) (see bernoulliBelow).
      const b1 = tf.step(tf.sub(u, tf.sigmoid(tf.neg(phi)))) as tf.Tensor2D;
      const b2 = bernoulliBelow(u, tf.sigmoid(phi) as tf.Tensor2D);
      const diff = tf.sub(input.cost.value(b1), input.cost.value(b2)) as tf.Tensor1D;
      return { grads: scaleRows(diff, tf.sub(u, 0.5) as tf.Tensor2D), samples: b2 };
    },
    spent: ({ k }) => ({ evaluations: 2 * k, gradientEvaluations: 0 }),
  });
}
