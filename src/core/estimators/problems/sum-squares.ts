/**
 * f(b) = Σ_i (b_i - t)², the cost of both canonical Bernoulli problems (REFERENCES §1):
 * - the Tucker toy (REBAR, RELAX): N = 1, minimise E[(b - t)²] = t² + θ(1 - 2t), optimum θ = 0 for
 *   t < 1/2; t = 0.45 (REBAR) or 0.499 (RELAX, where REINFORCE's signal-to-noise ratio is tiny);
 * - the N-unit problem: the same cost on N independent units, where d/dφ_1 does not depend on N but
 *   the score function's variance does (the other units' cost is noise in unit 1's signal).
 * It factorises, so the exact gradient is closed form: dE/dφ_i = θ_i(1 - θ_i)((1 - t)² - t²).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BernoulliCost } from '../types';

export function sumSquaresCost(n: number, t: number, name = 'sum-squares'): BernoulliCost {
  return {
    name,
    n,
    // squaredDifference is one pass over [K, N] where square(sub) is two.
    value: (b) => tf.tidy(() => tf.sum(tf.squaredDifference(b, t), 1) as tf.Tensor1D),
    gradient: (b) => tf.tidy(() => tf.mul(tf.sub(b, t), 2) as tf.Tensor2D),
    exactGradient: (phi) =>
      tf.tidy(() => {
        const theta = tf.sigmoid(phi);
        return tf.mul(tf.mul(theta, tf.sub(1, theta)), 1 - 2 * t) as tf.Tensor1D;
      }),
    expectedValue: (phi) => tf.tidy(() => tf.add(tf.mul(tf.sum(tf.sigmoid(phi)), 1 - 2 * t), n * t * t) as tf.Scalar),
  };
}

/** The Tucker toy: one unit, E[(b - t)²]. */
export function tuckerToy(t: number): BernoulliCost {
  return sumSquaresCost(1, t, 'tucker-toy');
}

/** The N-unit problem's exact d/dφ_1 at θ (the same for every N). */
export function sumSquaresUnitGradient(theta: number, t: number): number {
  return theta * (1 - theta) * (1 - 2 * t);
}
