/**
 * A deliberately slow reference: the plain score-function estimator computed one sample at a time in
 * a JS loop, as a naive port would. It exists only so the bench can show what batching the K samples
 * into one [K, N] pass buys; it consumes the noise stream in the same order as the batched estimator
 * (row by row), so with one seed both return the same numbers. Never use it for training.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput } from './input';
import { uniformArray } from './noise';
import { scoreInfo } from './score-function';
import { scoreTerms } from './score-common';
import type { Estimate, EstimateInput } from './types';

export function scoreFunctionPerSampleLoop(input: EstimateInput): Estimate {
  const { k, n } = checkInput(input, scoreInfo);
  const u = uniformArray(input.rng, k, n);
  const gradRows: tf.Tensor2D[] = [];
  const sampleRows: tf.Tensor2D[] = [];
  for (let r = 0; r < k; r++) {
    const { g, b } = tf.tidy(() => {
      const phi = input.phi.rank === 2 ? tf.slice(input.phi, [r, 0], [1, n]) : tf.reshape(input.phi, [1, n]);
      const ur = tf.tensor2d(u.subarray(r * n, (r + 1) * n), [1, n]);
      const t = scoreTerms(phi as tf.Tensor2D, ur, input.cost);
      return { g: tf.mul(tf.reshape(t.f, [1, 1]), t.s) as tf.Tensor2D, b: t.b };
    });
    gradRows.push(g);
    sampleRows.push(b);
  }
  const grads = tf.concat(gradRows, 0) as tf.Tensor2D;
  const samples = tf.concat(sampleRows, 0) as tf.Tensor2D;
  tf.dispose([...gradRows, ...sampleRows]);
  return { grads, samples, evaluations: k, gradientEvaluations: 0 };
}
