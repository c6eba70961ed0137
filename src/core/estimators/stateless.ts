/**
 * The frame of every stateless Bernoulli estimator: check the input, draw one [K, N] uniform tensor
 * (first, so every estimator's noise stream advances alike), turn it into per-sample gradients and
 * hard samples inside one tidy, free the noise, and say what the call spent. Stateful estimators
 * (moving-average and optimal baselines, REBAR) keep their own state and write this out themselves.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput, type CheckedInput } from './input';
import { uniformTensor } from './noise';
import type { BernoulliEstimator, Estimate, EstimateInput, EstimatorInfo } from './types';

type Checked = Omit<CheckedInput, 'phi'>;

export interface StatelessSteps {
  /** Refuse inputs this estimator cannot take (throw an EstimatorError), before any noise is drawn. */
  refuse?(input: EstimateInput, checked: Checked): void;
  /** Per-sample gradients [K, N] and hard samples [K, N] from the noise u; runs inside a tidy. */
  gradients(input: EstimateInput, u: tf.Tensor2D, checked: Checked): Pick<Estimate, 'grads' | 'samples'>;
  /** Rows pushed through f and through ∂f/∂b for the whole call. */
  spent(checked: Checked, input: EstimateInput): Pick<Estimate, 'evaluations' | 'gradientEvaluations'>;
}

export function statelessEstimator(info: EstimatorInfo, steps: StatelessSteps): BernoulliEstimator {
  return {
    info,
    estimate(input) {
      const checked = checkInput(input, info);
      steps.refuse?.(input, checked);
      const u = uniformTensor(input.rng, checked.k, checked.n);
      const out = tf.tidy(() => steps.gradients(input, u, checked));
      u.dispose();
      return { ...out, ...steps.spent(checked, input) };
    },
    readState: async () => ({}),
    saveState: async () => ({ numbers: [], arrays: [] }),
    loadState() {},
    reset() {},
    dispose() {},
  };
}
