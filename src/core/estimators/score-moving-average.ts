/**
 * Score function with a moving-average baseline: g_k = (f(b_k) - c) (b_k - θ), where c is an
 * exponential moving average of f over EARLIER calls. Using only earlier calls keeps c independent of
 * this call's samples, so the estimate stays unbiased; the average lags when θ moves, which is why
 * it helps less than the optimal or leave-one-out baselines on a moving target.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput, logitRow, scaleRows } from './input';
import { uniformTensor } from './noise';
import { scoreTerms } from './score-common';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const scoreMovingAverageInfo: EstimatorInfo = {
  id: 'score-moving-average',
  label: 'Score function, moving-average baseline',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: true,
  reference: 'Williams 1992; baseline = running mean of f',
};

/** `decay` is the weight kept per call; the average is bias-corrected (Adam-style) so it starts at f. */
export function createScoreMovingAverage(decay = 0.9): BernoulliEstimator {
  const info = scoreMovingAverageInfo;
  // Made inside tidy so the initial value tensor does not outlive the variable.
  const average = tf.tidy(() => tf.variable(tf.scalar(0), false));
  let calls = 0;
  return {
    info,
    estimate(input) {
      const { k, n } = checkInput(input, info);
      const u = uniformTensor(input.rng, k, n);
      const correction = calls > 0 ? 1 / (1 - decay ** calls) : 0;
      const out = tf.tidy(() => {
        const { b, f, s } = scoreTerms(logitRow(input.phi), u, input.cost);
        const baseline = tf.mul(average, correction);
        const grads = scaleRows(tf.sub(f, baseline) as tf.Tensor1D, s);
        // Update after use: this call's f only shapes the baseline of later calls.
        average.assign(tf.add(tf.mul(average, decay), tf.mul(tf.mean(f), 1 - decay)) as tf.Scalar);
        return { grads, samples: b };
      });
      calls += 1;
      u.dispose();
      return { ...out, evaluations: k, gradientEvaluations: 0 };
    },
    async readState() {
      const v = (await average.data())[0]!;
      return { baseline: calls > 0 ? v / (1 - decay ** calls) : 0 };
    },
    async saveState() {
      return { numbers: [calls], arrays: [Float32Array.from(await average.data())] };
    },
    loadState(s) {
      const a = s.arrays[0];
      if (s.numbers.length !== 1 || !a || a.length !== 1) return;
      calls = s.numbers[0]!;
      tf.tidy(() => average.assign(tf.scalar(a[0]!)));
    },
    reset() {
      tf.tidy(() => average.assign(tf.scalar(0)));
      calls = 0;
    },
    dispose() {
      average.dispose();
    },
  };
}
