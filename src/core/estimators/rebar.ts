/**
 * REBAR (Tucker, Mnih, Maddison, Lawson, Sohl-Dickstein 2017): the score function with a relaxed
 * control variate c(z) = η f(sigmoid(z/τ)), made unbiased by adding back its reparameterised gradient:
 *
 *   g = [f(b) - η f(σ_τ(z~))] (b - θ) + η ∂_φ f(σ_τ(z)) - η ∂_φ f(σ_τ(z~)),
 *
 * with z = φ + L, b = 1[z > 0], and z~ a fresh sample of z conditioned on b (noise v, differentiated
 * with v and b held fixed). Unbiased for every η and τ, so both are tuned online, as in the paper, to
 * minimise the estimator's mean g² (its variance plus a constant): η by its exact derivative (g is
 * linear in η), log τ by a central difference with the same noise (the second derivative of f would
 * otherwise be needed). Tuning uses this call's samples but changes only LATER calls, so the
 * returned estimate stays unbiased.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInput, logitRow, scaleRows } from './input';
import { MAX_TAU, MIN_TAU } from './limits';
import { uniformArray } from './noise';
import { relax, relaxedSigmoid } from './relaxation';
import type { BernoulliCost, BernoulliEstimator, EstimatorInfo } from './types';

export const rebarInfo: EstimatorInfo = {
  id: 'rebar',
  label: 'REBAR (η, τ tuned online)',
  unbiased: true,
  usesCostGradient: true,
  usesTau: true,
  minGroup: 1,
  stateful: true,
  reference: 'Tucker et al. 2017',
};

/**
 * z~ ~ p(z | b) by inverse CDF from v ~ U(0, 1), and ∂z~/∂φ (b, v fixed). With r the odds of the drawn
 * value (r = θ/(1 - θ) = e^φ when b = 1, r = e^-φ when b = 0), one formula covers both cases:
 *   z~ = ±log((1 + r v) / (1 - v))  (+ when b = 1),   ∂z~/∂φ = r v / (1 + r v) = 1 - 1/(1 + r v).
 * For b = 1 this is log(1 - θ + θ v) - log(1 - θ) - log(1 - v), the inverse CDF of z on (0, ∞); for
 * b = 0 it is the mirror image with v standing for 1 - v (equally uniform). r and the sign are picked
 * by arithmetic with b's exact 0/1 values, which wasm vectorises (a select or comparison it does
 * not), and there is one log instead of six. |φ| is capped at 40 inside e^±φ so 0 · e^φ never makes
 * a NaN nor (1 + r v)/(1 - v) an Infinity; past 40, θ is 0 or 1 in float32 and the relaxation is saturated.
 * φ is [1, N] (broadcast) or [K, N]; b and v are [K, N]. Call inside tf.tidy.
 */
export function conditionalLogit(
  phi: tf.Tensor2D,
  b: tf.Tensor2D,
  v: tf.Tensor2D,
): { zTilde: tf.Tensor2D; dPhi: tf.Tensor2D } {
  const capped = tf.clipByValue(phi, -40, 40);
  const odds = tf.add(tf.mul(b, tf.exp(capped)), tf.mul(tf.sub(1, b), tf.exp(tf.neg(capped))));
  const q = tf.add(tf.mul(odds, v), 1); // 1 + r v
  const sign = tf.sub(tf.mul(b, 2), 1);
  const zTilde = tf.mul(sign, tf.log(tf.div(q, tf.sub(1, v)))) as tf.Tensor2D;
  return { zTilde, dPhi: tf.sub(1, tf.div(1, q)) as tf.Tensor2D };
}

/** The η-coefficient of g: -f(σ_τ(z~)) s + ∂_φ f(σ_τ(z)) - ∂_φ f(σ_τ(z~)). Call inside tf.tidy. */
function controlCoefficient(
  cost: BernoulliCost,
  s: tf.Tensor2D,
  z: tf.Tensor2D,
  zTilde: tf.Tensor2D,
  dTilde: tf.Tensor2D,
  tau: tf.Scalar,
): tf.Tensor2D {
  const soft = relaxedSigmoid(z, tau);
  const softTilde = relaxedSigmoid(zTilde, tau);
  const fTilde = cost.value(softTilde.soft);
  const dSoft = tf.mul(cost.gradient(soft.soft), soft.slope); // dz/dφ = 1
  const dTildeSoft = tf.mul(tf.mul(cost.gradient(softTilde.soft), softTilde.slope), dTilde);
  return tf.add(scaleRows(tf.neg(fTilde) as tf.Tensor1D, s), tf.sub(dSoft, dTildeSoft)) as tf.Tensor2D;
}

/** One block of rows through the estimator: everything the estimate and the tuning need. Call inside tf.tidy. */
function rebarRows(cost: BernoulliCost, phi: tf.Tensor2D, u: tf.Tensor2D, v: tf.Tensor2D, eta: tf.Scalar, tau: tf.Scalar) {
  const r = relax(phi, u, tau);
  const b = r.hard;
  const s = tf.sub(b, tf.sigmoid(phi)) as tf.Tensor2D;
  const { zTilde, dPhi } = conditionalLogit(phi, b, v);
  const a = scaleRows(cost.value(b), s);
  const c = controlCoefficient(cost, s, r.z, zTilde, dPhi, tau);
  return { b, s, z: r.z, zTilde, dPhi, a, c, grads: tf.add(a, tf.mul(eta, c)) as tf.Tensor2D };
}

/** Rows of each call's batch that the log τ central difference uses. */
export const TUNING_ROWS = 256;

export interface RebarOptions {
  /** Adam step size for η and log τ. */
  tuningRate?: number;
  /** Half-width of the central difference in log τ. */
  logTauStep?: number;
  /** Turn tuning off (fixed η = 1 and the given τ). */
  tune?: boolean;
}

export function createRebar(options: RebarOptions = {}): BernoulliEstimator {
  const info = rebarInfo;
  const rate = options.tuningRate ?? 0.01;
  const delta = options.logTauStep ?? 0.05;
  const tune = options.tune ?? true;
  // [η, log τ] and Adam's moments for them; log τ is set from the first call's τ after a reset.
  // Made inside tidy so the initial value tensors do not outlive the variables.
  const [hyper, m, v2] = tf.tidy(() => [
    tf.variable(tf.tensor1d([1, 0]), false),
    tf.variable(tf.zeros([2]), false),
    tf.variable(tf.zeros([2]), false),
  ]);
  let steps = 0;
  let started = false;
  return {
    info,
    estimate(input) {
      const { k, n, tau } = checkInput(input, info);
      if (!started) {
        tf.tidy(() => hyper.assign(tf.tensor1d([1, Math.log(tau)])));
        started = true;
      }
      const u = uniformArray(input.rng, k, n);
      const v = uniformArray(input.rng, k, n);
      // The τ difference re-evaluates the relaxation twice; on at most TUNING_ROWS rows it is still a
      // fine tuning signal and costs a fraction (the bench's full refresh at K = 1,024). Those rows are
      // computed as a block of their own and the blocks concatenated: on wasm a concat is cheap and
      // slicing rows out of a [K, N] tensor is not.
      const head = tune ? Math.min(k, TUNING_ROWS) : k;
      const out = tf.tidy(() => {
        const phi = logitRow(input.phi);
        const rowsOf = (t: tf.Tensor2D, r0: number, r1: number) => (t.shape[0] === 1 ? t : (tf.slice(t, [r0, 0], [r1 - r0, n]) as tf.Tensor2D));
        const noise = (a: Float32Array, r0: number, r1: number) => tf.tensor2d(a.subarray(r0 * n, r1 * n), [r1 - r0, n]);
        const eta = tf.reshape(tf.slice(hyper, 0, 1), []) as tf.Scalar;
        const logTau = tf.reshape(tf.slice(hyper, 1, 1), []) as tf.Scalar;
        const tauNow = tf.exp(logTau) as tf.Scalar;
        const block = (r0: number, r1: number) => rebarRows(input.cost, rowsOf(phi, r0, r1), noise(u, r0, r1), noise(v, r0, r1), eta, tauNow);
        const first = block(0, head);
        const blocks = head < k ? [first, block(head, k)] : [first];
        const join = (pick: (b: typeof first) => tf.Tensor2D) => (blocks.length === 1 ? pick(first) : (tf.concat(blocks.map(pick), 0) as tf.Tensor2D));
        const grads = join((b) => b.grads);
        const samples = join((b) => b.b);
        if (tune) {
          // g is linear in η: d mean(g²)/dη = 2 mean(g c), over every row.
          const dEta = tf.mul(tf.addN(blocks.map((b) => tf.sum(tf.mul(b.grads, b.c)))), 2 / (k * n));
          const meanSquareHead = (t: tf.Scalar) =>
            tf.mean(tf.square(tf.add(first.a, tf.mul(eta, controlCoefficient(input.cost, first.s, first.z, first.zTilde, first.dPhi, t)))));
          const up = meanSquareHead(tf.exp(tf.add(logTau, delta)) as tf.Scalar);
          const down = meanSquareHead(tf.exp(tf.sub(logTau, delta)) as tf.Scalar);
          const dLogTau = tf.div(tf.sub(up, down), 2 * delta);
          // A non-finite tuning signal (e.g. f overflowing at an extreme θ) is dropped, not learned from.
          const raw = tf.stack([dEta, dLogTau]);
          const g = tf.where(tf.isFinite(raw), raw, tf.zerosLike(raw));
          steps += 1;
          m.assign(tf.add(tf.mul(m, 0.9), tf.mul(g, 0.1)));
          v2.assign(tf.add(tf.mul(v2, 0.999), tf.mul(tf.square(g), 0.001)));
          const size = (rate * Math.sqrt(1 - 0.999 ** steps)) / (1 - 0.9 ** steps);
          const next = tf.sub(hyper, tf.mul(tf.div(m, tf.add(tf.sqrt(v2), 1e-8)), size));
          // η is kept in [-4, 4] so a tuner chasing noise cannot let the control variate swamp f;
          // τ stays in the range every relaxation accepts.
          const lo = tf.tensor1d([-4, Math.log(MIN_TAU)]);
          const hi = tf.tensor1d([4, Math.log(MAX_TAU)]);
          hyper.assign(tf.minimum(tf.maximum(next, lo), hi) as tf.Tensor1D);
        }
        return { grads, samples };
      });
      return tune
        ? { ...out, evaluations: 2 * k + 2 * head, gradientEvaluations: 2 * k + 4 * head }
        : { ...out, evaluations: 2 * k, gradientEvaluations: 2 * k };
    },
    async readState() {
      const h = await hyper.data();
      return { eta: h[0]!, tau: Math.exp(h[1]!) };
    },
    async saveState() {
      const arrays = await Promise.all([hyper, m, v2].map(async (t) => Float32Array.from(await t.data())));
      return { numbers: [steps, started ? 1 : 0], arrays };
    },
    loadState(s) {
      if (s.numbers.length !== 2 || s.arrays.length !== 3 || s.arrays.some((a) => a.length !== 2)) return;
      steps = s.numbers[0]!;
      started = s.numbers[1] === 1;
      tf.tidy(() => [hyper, m, v2].forEach((t, i) => t.assign(tf.tensor1d(s.arrays[i]!))));
    },
    reset() {
      started = false;
      steps = 0;
      tf.tidy(() => {
        hyper.assign(tf.tensor1d([1, 0]));
        m.assign(tf.zeros([2]));
        v2.assign(tf.zeros([2]));
      });
    },
    dispose() {
      tf.dispose([hyper, m, v2]);
    },
  };
}
