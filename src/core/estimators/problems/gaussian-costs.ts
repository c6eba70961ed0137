/**
 * The test costs of Mohamed, Rosca, Figurnov, Mnih 2020 (JMLR, "Monte Carlo Gradient Estimation in
 * Machine Learning", §3): under N(x | μ, σ²), f(x) = (x - k)², exp(-k x²) and cos(k x). Each has a
 * closed-form E[f] and derivatives, so bias is measured against truth. Pathwise wins for smooth,
 * slowly varying costs; the score function for rapidly varying ones (cos with large k).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GaussianCost } from '../gaussian/types';

import type { GaussianCostName } from './gaussian-cost-names';
export { GAUSSIAN_COSTS, type GaussianCostName } from './gaussian-cost-names';

export function gaussianCost(name: GaussianCostName, k: number): GaussianCost {
  switch (name) {
    case 'quadratic':
      return {
        name: `(x - ${k})²`,
        value: (x) => tf.tidy(() => tf.square(tf.sub(x, k)) as tf.Tensor1D),
        derivative: (x) => tf.tidy(() => tf.mul(tf.sub(x, k), 2) as tf.Tensor1D),
        exact: (mu, sigma) => ({ value: (mu - k) ** 2 + sigma ** 2, dMu: 2 * (mu - k), dSigma: 2 * sigma }),
      };
    case 'exp':
      return {
        name: `exp(-${k} x²)`,
        value: (x) => tf.tidy(() => tf.exp(tf.mul(tf.square(x), -k)) as tf.Tensor1D),
        derivative: (x) => tf.tidy(() => tf.mul(tf.mul(x, -2 * k), tf.exp(tf.mul(tf.square(x), -k))) as tf.Tensor1D),
        exact: (mu, sigma) => {
          // E = a^{-1/2} exp(-k μ²/a), a = 1 + 2kσ².
          const a = 1 + 2 * k * sigma * sigma;
          const value = Math.exp((-k * mu * mu) / a) / Math.sqrt(a);
          return {
            value,
            dMu: (value * (-2 * k * mu)) / a,
            dSigma: value * ((-2 * k * sigma) / a + (4 * k * k * mu * mu * sigma) / (a * a)),
          };
        },
      };
    case 'cos':
      return {
        name: `cos(${k} x)`,
        value: (x) => tf.tidy(() => tf.cos(tf.mul(x, k)) as tf.Tensor1D),
        derivative: (x) => tf.tidy(() => tf.mul(tf.sin(tf.mul(x, k)), -k) as tf.Tensor1D),
        exact: (mu, sigma) => {
          // E = cos(kμ) exp(-k²σ²/2).
          const damp = Math.exp((-k * k * sigma * sigma) / 2);
          return {
            value: Math.cos(k * mu) * damp,
            dMu: -k * Math.sin(k * mu) * damp,
            dSigma: -k * k * sigma * Math.cos(k * mu) * damp,
          };
        },
      };
  }
}
