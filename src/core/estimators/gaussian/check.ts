/** Shared validation and sampling for the Gaussian estimators (same limits as the Bernoulli ones). */
import * as tf from '@tensorflow/tfjs-core';
import { normalTensor } from '../noise';
import { EstimatorError } from '../types';
import { MAX_ELEMENTS, tooManyElementsReason } from '../limits';
import type { GaussianEstimateInput } from './types';

export function checkGaussian(input: GaussianEstimateInput, label: string, minGroup: number): { k: number; group: number } {
  const k = input.samples;
  if (!Number.isInteger(k) || k < 1) throw new EstimatorError(`${label}: K must be a whole number ≥ 1, got ${k}`);
  if (k > MAX_ELEMENTS) throw new EstimatorError(`${label}: ${tooManyElementsReason(k, 1)}`);
  if (!(input.sigma > 0)) throw new EstimatorError(`${label}: σ must be positive, got ${input.sigma}`);
  const group = input.group ?? k;
  if (!Number.isInteger(group) || k % group !== 0) throw new EstimatorError(`${label}: group ${group} must divide K = ${k}`);
  if (group < minGroup) {
    throw new EstimatorError(`${label} needs at least ${minGroup} samples per group (got ${group}) for its leave-one-out baseline`);
  }
  return { k, group };
}

/** ε [K] and x = μ + σ ε [K]. Call inside tf.tidy (ε is drawn outside by the caller). */
export function gaussianSample(input: GaussianEstimateInput, eps: tf.Tensor1D): tf.Tensor1D {
  const mu = typeof input.mu === 'number' ? input.mu : tf.reshape(input.mu, []);
  return tf.add(mu, tf.mul(eps, input.sigma)) as tf.Tensor1D;
}

export function drawEps(input: GaussianEstimateInput, k: number): tf.Tensor1D {
  const e = normalTensor(input.rng, k, 1);
  const flat = tf.reshape(e, [k]) as tf.Tensor1D;
  e.dispose();
  return flat;
}
