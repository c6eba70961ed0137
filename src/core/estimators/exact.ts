/**
 * The exact gradient as an "estimator" with zero variance: the reference racer and the row every
 * statistic is measured against. Closed form when the cost supplies one (cost-free), otherwise
 * enumeration of all 2^N configurations (N ≤ 16).
 */
import * as tf from '@tensorflow/tfjs-core';
import { enumerateGradient } from './enumerate';
import { checkInput, repeatRows } from './input';
import { MAX_ENUMERATION_UNITS } from './limits';
import { bernoulliBelow, uniformTensor } from './noise';
import { EstimatorError, type BernoulliEstimator, type EstimatorInfo } from './types';

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
  return {
    info: exactInfo,
    estimate(input) {
      const { k, n } = checkInput(input, exactInfo);
      if (input.phi.rank !== 1) throw new EstimatorError('Exact gradient needs one shared set of logits φ [N], not per-row logits');
      const closed = input.cost.exactGradient !== undefined;
      if (!closed && n > MAX_ENUMERATION_UNITS) {
        throw new EstimatorError(
          `Exact gradient: "${input.cost.name}" has no closed form and N = ${n} is too many units to ` +
            `enumerate (≤ ${MAX_ENUMERATION_UNITS})`,
        );
      }
      const phi = input.phi as tf.Tensor1D;
      // Draw the samples first so the noise stream advances as for every other estimator.
      const u = uniformTensor(input.rng, k, n);
      const out = tf.tidy(() => {
        const g = closed ? input.cost.exactGradient!(phi) : enumerateGradient(phi, input.cost);
        const grads = repeatRows(g as tf.Tensor1D, k);
        const samples = bernoulliBelow(u, tf.reshape(tf.sigmoid(phi), [1, n]) as tf.Tensor2D);
        return { grads, samples };
      });
      u.dispose();
      return { ...out, evaluations: closed ? 0 : 2 ** n, gradientEvaluations: 0 };
    },
    readState: async () => ({}),
    reset() {},
    dispose() {},
  };
}
