/**
 * The exact gradient as an "estimator" with zero variance: the reference racer and the row every
 * statistic is measured against. Closed form when the cost supplies one (cost-free), otherwise
 * enumeration of all 2^N configurations (N ≤ 16).
 */
import * as tf from '@tensorflow/tfjs-core';
import { enumerateGradient } from './enumerate';
import { repeatRows } from './input';
import { MAX_ENUMERATION_UNITS } from './limits';
import { bernoulliBelow } from './noise';
import { statelessEstimator } from './stateless';
import { EstimatorError, type BernoulliEstimator, type EstimateInput, type EstimatorInfo } from './types';

export const exactInfo: EstimatorInfo = {
  id: 'exact',
  label: 'Exact gradient',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: false,
  reference: 'Closed form, or enumeration of all 2^N configurations',
};

export function createExact(): BernoulliEstimator {
  const closed = (input: EstimateInput) => input.cost.exactGradient !== undefined;
  return statelessEstimator(exactInfo, {
    refuse(input, { n }) {
      if (input.phi.rank !== 1) throw new EstimatorError('Exact gradient needs one shared set of logits φ [N], not per-row logits');
      if (!closed(input) && n > MAX_ENUMERATION_UNITS) {
        throw new EstimatorError(
          `Exact gradient: "${input.cost.name}" has no closed form and N = ${n} is too many units to ` +
            `enumerate (≤ ${MAX_ENUMERATION_UNITS})`,
        );
      }
    },
    // The samples are drawn as every other estimator draws them, so the noise stream advances alike.
    gradients(input, u, { k, n }) {
      const phi = input.phi as tf.Tensor1D;
      const g = closed(input) ? input.cost.exactGradient!(phi) : enumerateGradient(phi, input.cost);
      const grads = repeatRows(g as tf.Tensor1D, k);
      const samples = bernoulliBelow(u, tf.reshape(tf.sigmoid(phi), [1, n]) as tf.Tensor2D);
      return { grads, samples };
    },
    spent: ({ n }, input) => ({ evaluations: closed(input) ? 0 : 2 ** n, gradientEvaluations: 0 }),
  });
}
