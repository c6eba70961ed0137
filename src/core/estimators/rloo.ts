/**
 * REINFORCE leave-one-out, RLOO (Kool, van Hoof, Welling 2019). Within each group of G samples, row k
 * is (f_k - mean_{j≠k} f_j) (b_k - θ): the baseline is the mean of the OTHER samples, independent of
 * b_k, so each row is unbiased, and the group mean equals the usual form
 * 1/(G-1) Σ_k (f_k - mean_j f_j)(b_k - θ). It needs G ≥ 2: with one sample there is no "other".
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow, scaleRows } from './input';
import { statelessEstimator } from './stateless';
import { scoreTerms } from './score-common';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const rlooInfo: EstimatorInfo = {
  id: 'rloo',
  label: 'RLOO (leave-one-out baseline)',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 2,
  stateful: false,
  reference: 'Kool, van Hoof, Welling 2019',
};

export function createRloo(): BernoulliEstimator {
  return statelessEstimator(rlooInfo, {
    gradients(input, u, { k, group }) {
      const { b, f, s } = scoreTerms(logitRow(input.phi), u, input.cost);
      const grouped = tf.reshape(f, [k / group, group]);
      const others = tf.div(tf.sub(tf.sum(grouped, 1, true), grouped), group - 1);
      const centred = tf.reshape(tf.sub(grouped, others), [k]) as tf.Tensor1D;
      return { grads: scaleRows(centred, s), samples: b };
    },
    spent: ({ k }) => ({ evaluations: k, gradientEvaluations: 0 }),
  });
}
