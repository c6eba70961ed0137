/**
 * Score-function estimators for a Gaussian unit: with x = μ + σε,
 *   ∂ log N(x | μ, σ)/∂μ = ε/σ,   ∂ log N(x | μ, σ)/∂σ = (ε² - 1)/σ,
 * and g = (f(x) - c) · score. c = 0 (plain) or the leave-one-out mean of the other samples in the
 * group (independent of x_k, so unbiased; the batched stand-in for Mohamed et al.'s baseline).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGaussian, drawEps, gaussianSample } from './check';
import type { GaussianEstimator } from './types';

export function createGaussianScore(baseline: 'none' | 'leave-one-out' = 'none'): GaussianEstimator {
  const loo = baseline === 'leave-one-out';
  const label = loo ? 'Score function, leave-one-out baseline' : 'Score function';
  const minGroup = loo ? 2 : 1;
  return {
    id: loo ? 'gaussian-score-loo' : 'gaussian-score',
    label,
    unbiased: true,
    minGroup,
    estimate(input) {
      const { k, group } = checkGaussian(input, label, minGroup);
      const eps = drawEps(input, k);
      const grads = tf.tidy(() => {
        let f = input.cost.value(gaussianSample(input, eps));
        if (loo) {
          const grouped = tf.reshape(f, [k / group, group]);
          const others = tf.div(tf.sub(tf.sum(grouped, 1, true), grouped), group - 1);
          f = tf.reshape(tf.sub(grouped, others), [k]) as tf.Tensor1D;
        }
        const dMu = tf.div(eps, input.sigma);
        const dSigma = tf.div(tf.sub(tf.square(eps), 1), input.sigma);
        return tf.mul(tf.reshape(f, [k, 1]), tf.stack([dMu, dSigma], 1)) as tf.Tensor2D;
      });
      eps.dispose();
      return { grads, evaluations: k, gradientEvaluations: 0 };
    },
  };
}
