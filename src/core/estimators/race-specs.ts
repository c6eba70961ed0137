/**
 * Adapters from estimators to race entries: a Bernoulli estimator trains the logits φ [N]; a Gaussian
 * one trains the mean μ [1] (σ held fixed). The settings are read through a getter at every step,
 * so a slider moved mid-race (t, K, τ) applies to the very next step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GaussianCost, GaussianEstimator } from './gaussian/types';
import type { RaceTrack, RacerSpec } from './race';
import type { BernoulliCost, BernoulliEstimator } from './types';

export interface BernoulliSettings {
  cost: BernoulliCost;
  samples: number;
  tau: number;
}

export function bernoulliRacer(estimator: BernoulliEstimator, settings: () => BernoulliSettings): RacerSpec {
  return {
    id: estimator.info.id,
    label: estimator.info.label,
    gradient(params, rng) {
      const s = settings();
      const est = estimator.estimate({ phi: params, cost: s.cost, samples: s.samples, rng, tau: s.tau });
      return tf.mean(est.grads, 0) as tf.Tensor1D;
    },
    readState: () => estimator.readState(),
    saveState: () => estimator.saveState(),
    loadState: (state) => estimator.loadState(state),
    dispose: () => estimator.dispose(),
  };
}

/** Watch θ₁ and mean θ; loss = E[f] of the sum-squares cost, N·mean θ·(1 - 2t) + N t². */
export function sumSquaresTrack(n: number, t: () => number): RaceTrack {
  return {
    trace: (phi) => tf.stack([tf.sigmoid(tf.reshape(tf.slice(phi, 0, 1), [])), tf.mean(tf.sigmoid(phi))]) as tf.Tensor1D,
    loss: (_theta1, meanTheta) => n * meanTheta * (1 - 2 * t()) + n * t() * t(),
  };
}

export interface GaussianSettings {
  cost: GaussianCost;
  sigma: number;
  samples: number;
}

export function gaussianRacer(estimator: GaussianEstimator, settings: () => GaussianSettings): RacerSpec {
  return {
    id: estimator.id,
    label: estimator.label,
    gradient(params, rng) {
      const s = settings();
      const est = estimator.estimate({ mu: params, sigma: s.sigma, cost: s.cost, samples: s.samples, rng });
      return tf.reshape(tf.mean(tf.slice(est.grads, [0, 0], [-1, 1])), [1]) as tf.Tensor1D;
    },
    readState: async () => ({}),
    // Gaussian estimators carry nothing between calls.
    saveState: async () => ({ numbers: [], arrays: [] }),
    loadState() {},
    dispose() {},
  };
}

/** Watch μ; loss = E[f] under N(μ, σ²) from the closed form. */
export function gaussianTrack(settings: () => GaussianSettings): RaceTrack {
  return {
    trace: (mu) => tf.concat([mu, mu]) as tf.Tensor1D,
    loss: (mu) => settings().cost.exact(mu, settings().sigma).value,
  };
}
