/**
 * Exact expectations over all 2^N configurations of N ≤ 16 independent Bernoulli units, as one batched
 * pass: the ground truth every unbiased estimator is tested against when the cost does not factorise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MAX_ENUMERATION_UNITS } from './limits';
import { EstimatorError, type BernoulliCost } from './types';

/** Every configuration as the rows of a [2^N, N] 0/1 matrix (row r holds the bits of r). */
export function allConfigurations(n: number): tf.Tensor2D {
  if (n > MAX_ENUMERATION_UNITS) {
    throw new EstimatorError(`exact enumeration covers at most ${MAX_ENUMERATION_UNITS} units (2^${n} configurations asked)`);
  }
  const m = 2 ** n;
  const bits = new Float32Array(m * n);
  for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) bits[r * n + i] = (r >> i) & 1;
  return tf.tensor2d(bits, [m, n]);
}

/** p(b) for every row of b under logits φ [N]: exp Σ_i [b_i log θ_i + (1 - b_i) log(1 - θ_i)]. */
function probabilities(b: tf.Tensor2D, phi: tf.Tensor1D): tf.Tensor1D {
  const logp = tf.add(tf.mul(b, tf.logSigmoid(phi)), tf.mul(tf.sub(1, b), tf.logSigmoid(tf.neg(phi))));
  return tf.exp(tf.sum(logp, 1)) as tf.Tensor1D;
}

/**
 * dE[f]/dφ = Σ_b p(b) f(b) (b - θ): the score-function identity summed exactly, so it needs only f.
 * Call inside tf.tidy.
 */
export function enumerateGradient(phi: tf.Tensor1D, cost: BernoulliCost): tf.Tensor1D {
  const b = allConfigurations(phi.shape[0]!);
  const w = tf.mul(probabilities(b, phi), cost.value(b));
  return tf.sum(tf.mul(tf.reshape(w, [-1, 1]), tf.sub(b, tf.sigmoid(phi))), 0) as tf.Tensor1D;
}

/** E[f] = Σ_b p(b) f(b). Call inside tf.tidy. */
export function enumerateExpectation(phi: tf.Tensor1D, cost: BernoulliCost): tf.Scalar {
  const b = allConfigurations(phi.shape[0]!);
  return tf.sum(tf.mul(probabilities(b, phi), cost.value(b))) as tf.Scalar;
}
