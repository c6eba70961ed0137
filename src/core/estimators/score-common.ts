/**
 * The part every score-function estimator shares: draw b = 1[u < θ], evaluate f(b) once per row and
 * form the score s = ∂ log p(b)/∂φ = b - θ (Williams 1992). Call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bernoulliBelow } from './noise';
import type { BernoulliCost } from './types';

export interface ScoreTerms {
  b: tf.Tensor2D;
  /** f(b) per row [K]. */
  f: tf.Tensor1D;
  /** b - θ [K, N]. */
  s: tf.Tensor2D;
}

/** φ may be [1, N] (shared, broadcast) or [K, N]; u is [K, N]. */
export function scoreTerms(phi: tf.Tensor2D, u: tf.Tensor2D, cost: BernoulliCost): ScoreTerms {
  const theta = tf.sigmoid(phi) as tf.Tensor2D;
  const b = bernoulliBelow(u, theta);
  return { b, f: cost.value(b), s: tf.sub(b, theta) as tf.Tensor2D };
}
