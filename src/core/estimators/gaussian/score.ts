/**
 * Score-function estimators for a Gaussian unit: with x = μ + σε,
 *   ∂ log N(x | μ, σ)/∂μ = ε/σ,   ∂ log N(x | μ, σ)/∂σ = (ε² - 1)/σ,
 * and g = (f(x) - c) · score. c is one of:
 * - 0 (plain);
 * - the leave-one-out mean of the other samples in the group (independent of x_k, so unbiased; the
 *   batched stand-in for Mohamed et al.'s baseline);
 * - the variance-optimal constant c = E[f s²]/E[s²] per coordinate, computed exactly from the cost's
 *   closed form (Mohamed et al. 2020 tabulate it beside the plain score function and the pathwise
 *   estimator). It is not E[f]: for the μ score, c_μ = E[f ε²].
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGaussian, drawEps, gaussianSample } from './check';
import type { GaussianEstimator, GaussianEstimatorId } from './types';

export type GaussianBaseline = 'none' | 'leave-one-out' | 'optimal-constant';

const VARIANTS: Record<GaussianBaseline, { id: GaussianEstimatorId; label: string; minGroup: number }> = {
  none: { id: 'gaussian-score', label: 'Score function', minGroup: 1 },
  'leave-one-out': { id: 'gaussian-score-loo', label: 'Score function, leave-one-out baseline', minGroup: 2 },
  'optimal-constant': { id: 'gaussian-score-optimal', label: 'Score function, optimal constant baseline (exact c*)', minGroup: 1 },
};

export function createGaussianScore(baseline: GaussianBaseline = 'none'): GaussianEstimator {
  const { id, label, minGroup } = VARIANTS[baseline];
  return {
    id,
    label,
    unbiased: true,
    minGroup,
    estimate(input) {
      const { k, group } = checkGaussian(input, label, minGroup);
      const eps = drawEps(input, k);
      const grads = tf.tidy(() => {
        const f = tf.reshape(input.cost.value(gaussianSample(input, eps)), [k, 1]);
        let centred: tf.Tensor2D;
        if (baseline === 'leave-one-out') {
          const grouped = tf.reshape(f, [k / group, group]);
          const others = tf.div(tf.sub(tf.sum(grouped, 1, true), grouped), group - 1);
          centred = tf.tile(tf.reshape(tf.sub(grouped, others), [k, 1]), [1, 2]) as tf.Tensor2D;
        } else if (baseline === 'optimal-constant') {
          // [K, 1] − [1, 2]: each coordinate gets its own constant.
          centred = tf.sub(f, tf.reshape(input.cost.optimalBaseline(input.mu, input.sigma), [1, 2])) as tf.Tensor2D;
        } else centred = tf.tile(f, [1, 2]) as tf.Tensor2D;
        const dMu = tf.div(eps, input.sigma);
        const dSigma = tf.div(tf.sub(tf.square(eps), 1), input.sigma);
        return tf.mul(centred, tf.stack([dMu, dSigma], 1)) as tf.Tensor2D;
      });
      eps.dispose();
      return { grads, evaluations: k, gradientEvaluations: 0 };
    },
  };
}
