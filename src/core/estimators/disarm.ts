/**
 * DisARM (Dong, Mnih, Tucker 2020): ARM with the augmentation integrated out. Antithetic pair
 * b = 1[u < θ], b~ = 1[1 - u < θ];
 *   g_i = 1/2 (f(b) - f(b~)) (-1)^{b~_i} 1[b_i ≠ b~_i] sigmoid(|φ_i|).
 * Unbiased, two evaluations per sample, never worse than ARM in variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput, logitRows, scaleRows } from './input';
import { bernoulliBelow, uniformTensor } from './noise';
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
  return {
    info: disarmInfo,
    estimate(input) {
      const { k, n } = checkInput(input, disarmInfo);
      const u = uniformTensor(input.rng, k, n);
      const out = tf.tidy(() => {
        const phi = logitRows(input.phi, k);
        const theta = tf.sigmoid(phi) as tf.Tensor2D;
        const b = bernoulliBelow(u, theta);
        const anti = bernoulliBelow(tf.sub(1, u) as tf.Tensor2D, theta);
        const half = tf.mul(tf.sub(input.cost.value(b), input.cost.value(anti)), 0.5) as tf.Tensor1D;
        const sign = tf.sub(1, tf.mul(anti, 2)); // (-1)^{b~}
        const differ = tf.abs(tf.sub(b, anti)); // 1[b ≠ b~]
        const weight = tf.mul(tf.mul(sign, differ), tf.sigmoid(tf.abs(phi))) as tf.Tensor2D;
        return { grads: scaleRows(half, weight), samples: b };
      });
      u.dispose();
      return { ...out, evaluations: 2 * k, gradientEvaluations: 0 };
    },
    readState: async () => ({}),
    reset() {},
    dispose() {},
  };
}
