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

/** μ as a scalar tensor (a number, or the race's one-element trainable μ). */
const scalarMu = (mu: number | tf.Tensor): tf.Scalar => (typeof mu === 'number' ? tf.scalar(mu) : (tf.reshape(mu, []) as tf.Scalar));

/**
 * The optimal constant baselines [c_μ, c_σ] = [E[f ε²], E[f (ε² − 1)²]/2] under x = μ + σε, from the
 * moments of ε that a cost's closed form gives (derivations beside each case). A pure tensor function;
 * the tests check it against quadrature.
 */
export function gaussianCost(name: GaussianCostName, k: number): GaussianCost {
  switch (name) {
    case 'quadratic':
      return {
        name: `(x - ${k})²`,
        value: (x) => tf.tidy(() => tf.square(tf.sub(x, k)) as tf.Tensor1D),
        derivative: (x) => tf.tidy(() => tf.mul(tf.sub(x, k), 2) as tf.Tensor1D),
        exact: (mu, sigma) => ({ value: (mu - k) ** 2 + sigma ** 2, dMu: 2 * (mu - k), dSigma: 2 * sigma }),
        // f = A² + 2Aσε + σ²ε², A = μ − k; E[ε²] = 1, E[ε⁴] = 3, E[ε⁶] = 15:
        // E[f ε²] = A² + 3σ², E[f (ε² − 1)²] = 2A² + 10σ².
        optimalBaseline: (mu, sigma) =>
          tf.tidy(() => {
            const a2 = tf.square(tf.sub(scalarMu(mu), k));
            return tf.stack([tf.add(a2, 3 * sigma * sigma), tf.add(a2, 5 * sigma * sigma)]) as tf.Tensor1D;
          }),
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
        // exp(−k(μ + σε)²) φ(ε) = E[f] · N(ε | m, v) with v = 1/a, m = −2kσμ/a: the tilted moments are
        // E₂ = v + m², E₄ = m⁴ + 6m²v + 3v², so c_μ = E[f] E₂ and c_σ = E[f] (E₄ − 2E₂ + 1)/2.
        optimalBaseline: (mu, sigma) =>
          tf.tidy(() => {
            const a = 1 + 2 * k * sigma * sigma;
            const v = 1 / a;
            const m = scalarMu(mu);
            const ef = tf.div(tf.exp(tf.mul(tf.square(m), -k / a)), Math.sqrt(a));
            const mean2 = tf.square(tf.mul(m, (-2 * k * sigma) / a));
            const e2 = tf.add(mean2, v);
            const e4 = tf.add(tf.add(tf.square(mean2), tf.mul(mean2, 6 * v)), 3 * v * v);
            const cSigma = tf.div(tf.mul(ef, tf.add(tf.sub(e4, tf.mul(e2, 2)), 1)), 2);
            return tf.stack([tf.mul(ef, e2), cSigma]) as tf.Tensor1D;
          }),
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
        // E[cos(kμ + sε) εⁿ] = cos(kμ) · (−1)^{n/2} dⁿ/dsⁿ e^{−s²/2} with s = kσ: E[f ε²] = cos(kμ)(1 − s²)e^{−s²/2},
        // E[f ε⁴] = cos(kμ)(s⁴ − 6s² + 3)e^{−s²/2}, so E[f (ε² − 1)²] = cos(kμ)(s⁴ − 4s² + 2)e^{−s²/2}.
        optimalBaseline: (mu, sigma) =>
          tf.tidy(() => {
            const s2 = (k * sigma) ** 2;
            const damp = Math.exp(-s2 / 2);
            const c = tf.cos(tf.mul(scalarMu(mu), k));
            return tf.stack([tf.mul(c, (1 - s2) * damp), tf.mul(c, ((s2 * s2 - 4 * s2 + 2) * damp) / 2)]) as tf.Tensor1D;
          }),
      };
  }
}
