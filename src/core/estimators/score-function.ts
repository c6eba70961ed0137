/**
 * Score function / REINFORCE (Williams 1992): g_k = (f(b_k) - c) (b_k - θ). Unbiased for any c that
 * does not depend on b_k. Here c = 0 (plain) or c = E[f] computed exactly (an oracle the real world
 * never has: it shows what centring f on its mean buys, e.g. variance ∝ N instead of N² on the N-unit
 * problem). E[f] is not the variance-optimal constant: that is E[f s²]/E[s²] with s = b − θ, equal to
 * E[f] only at θ = ½ (see score-optimal.ts, which estimates it online).
 */
import * as tf from '@tensorflow/tfjs-core';
import { enumerateExpectation } from './enumerate';
import { logitRow, scaleRows } from './input';
import { MAX_ENUMERATION_UNITS } from './limits';
import { statelessEstimator } from './stateless';
import { scoreTerms } from './score-common';
import { EstimatorError, type BernoulliEstimator, type EstimatorInfo } from './types';

export const scoreInfo: EstimatorInfo = {
  id: 'score',
  label: 'Score function (REINFORCE)',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: false,
  reference: 'Williams 1992',
};

export const scoreMeanOracleInfo: EstimatorInfo = {
  ...scoreInfo,
  id: 'score-mean-oracle',
  label: 'Score function, exact-mean baseline (oracle)',
  reference: 'Williams 1992; baseline c = E[f] computed exactly',
};

export function createScoreFunction(baseline: 'none' | 'exact-mean' = 'none'): BernoulliEstimator {
  const info = baseline === 'none' ? scoreInfo : scoreMeanOracleInfo;
  return statelessEstimator(info, {
    refuse(input, { n }) {
      if (baseline !== 'exact-mean') return;
      if (input.phi.rank !== 1) throw new EstimatorError(`${info.label} needs shared logits φ [N]`);
      if (!input.cost.expectedValue && n > MAX_ENUMERATION_UNITS) {
        throw new EstimatorError(`${info.label}: "${input.cost.name}" has no closed-form E[f] and N = ${n} is too many to enumerate`);
      }
    },
    gradients(input, u) {
      const { b, f, s } = scoreTerms(logitRow(input.phi), u, input.cost);
      let centred: tf.Tensor1D = f;
      if (baseline === 'exact-mean') {
        const phi = input.phi as tf.Tensor1D;
        const mean = input.cost.expectedValue ? input.cost.expectedValue(phi) : enumerateExpectation(phi, input.cost);
        centred = tf.sub(f, mean) as tf.Tensor1D;
      }
      return { grads: scaleRows(centred, s), samples: b };
    },
    spent: ({ k }) => ({ evaluations: k, gradientEvaluations: 0 }),
  });
}
