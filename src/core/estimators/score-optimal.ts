/**
 * Score function with the variance-optimal constant baseline, one per unit:
 *   c*_i = E[f s_i²] / E[s_i²],  s = b - θ,
 * (the c minimising Var[(f - c) s_i]). Both expectations are running averages over EARLIER calls, so
 * c is independent of this call's samples and the estimate stays unbiased. The ratio of two averages
 * with the same weights needs no bias correction.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput, logitRow, scaleRows } from './input';
import { uniformTensor } from './noise';
import { scoreTerms } from './score-common';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const scoreOptimalInfo: EstimatorInfo = {
  id: 'score-optimal',
  label: 'Score function, optimal constant baseline',
  unbiased: true,
  usesCostGradient: false,
  usesTau: false,
  minGroup: 1,
  stateful: true,
  reference: 'c* = E[f s²]/E[s²], estimated online (Weaver & Tao 2001; Mohamed et al. 2020 §7)',
};

export function createScoreOptimal(decay = 0.9): BernoulliEstimator {
  const info = scoreOptimalInfo;
  // Running E[f s²] and E[s²] per unit; rebuilt when N changes.
  let numerator: tf.Variable | null = null;
  let denominator: tf.Variable | null = null;
  const clear = () => {
    numerator?.dispose();
    denominator?.dispose();
    numerator = null;
    denominator = null;
  };
  return {
    info,
    estimate(input) {
      const { k, n } = checkInput(input, info);
      if (!numerator || numerator.shape[0] !== n) {
        clear();
        numerator = tf.tidy(() => tf.variable(tf.zeros([n]), false));
        denominator = tf.tidy(() => tf.variable(tf.zeros([n]), false));
      }
      const num = numerator;
      const den = denominator!;
      const u = uniformTensor(input.rng, k, n);
      const out = tf.tidy(() => {
        const { b, f, s } = scoreTerms(logitRow(input.phi), u, input.cost);
        // 0/0 before the first call: the tiny floor makes c = 0 there.
        const c = tf.div(num, tf.maximum(den, 1e-30));
        // (f_k − c) s = f_k s − c s, written without a [K, 1] − [N] double broadcast (slow on wasm).
        const grads = tf.sub(scaleRows(f, s), tf.mul(s, tf.reshape(c, [1, n]))) as tf.Tensor2D;
        const s2 = tf.square(s);
        // Column means as [1, K] × [K, N] matmuls: a mean over axis 0 is about 20× slower on wasm.
        const fsMean = tf.reshape(tf.matMul(tf.reshape(tf.div(f, k), [1, k]), s2), [n]);
        const s2Mean = tf.reshape(tf.matMul(tf.fill([1, k], 1 / k), s2), [n]);
        num.assign(tf.add(tf.mul(num, decay), tf.mul(fsMean, 1 - decay)));
        den.assign(tf.add(tf.mul(den, decay), tf.mul(s2Mean, 1 - decay)));
        return { grads, samples: b };
      });
      u.dispose();
      return { ...out, evaluations: k, gradientEvaluations: 0 };
    },
    async readState(): Promise<Record<string, number>> {
      if (!numerator) return { baseline: 0 };
      const [a, d] = await Promise.all([numerator.data(), denominator!.data()]);
      // Unit 1's baseline: the one the N-unit problem's statistics look at.
      return { baseline: d[0]! > 0 ? a[0]! / d[0]! : 0 };
    },
    async saveState() {
      if (!numerator) return { numbers: [], arrays: [] };
      const [a, d] = await Promise.all([numerator.data(), denominator!.data()]);
      return { numbers: [], arrays: [Float32Array.from(a), Float32Array.from(d)] };
    },
    loadState(s) {
      clear();
      const [a, d] = s.arrays;
      if (!a || !d || a.length !== d.length) return;
      numerator = tf.tidy(() => tf.variable(tf.tensor1d(a), false));
      denominator = tf.tidy(() => tf.variable(tf.tensor1d(d), false));
    },
    reset: clear,
    dispose: clear,
  };
}
