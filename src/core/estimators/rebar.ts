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
import { checkInput, logitRows, scaleRows } from './input';
import { MAX_TAU, MIN_TAU } from './limits';
import { uniformTensor } from './noise';
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
 * z~ ~ p(z | b) by inverse CDF from v ~ U(0, 1), and ∂z~/∂φ (b, v fixed), written in log space so
 * saturated θ stays finite:
 *   b = 1: z~ = log(1 - θ + θv) - log(1 - θ) - log(1 - v),   ∂z~/∂φ = θ v / (1 - θ + θ v)
 *   b = 0: z~ = log θ + log v - log(1 - v + θ v),             ∂z~/∂φ = (1 - θ)(1 - v) / (1 - v + θ v)
 */
export function conditionalLogit(
  phi: tf.Tensor2D,
  b: tf.Tensor2D,
  v: tf.Tensor2D,
): { zTilde: tf.Tensor2D; dPhi: tf.Tensor2D } {
  const theta = tf.sigmoid(phi);
  const notTheta = tf.sigmoid(tf.neg(phi));
  const onAnchor = tf.add(notTheta, tf.mul(theta, v)); // 1 - θ + θ v
  const offAnchor = tf.add(tf.sub(1, v), tf.mul(theta, v)); // 1 - v + θ v
  const zOn = tf.sub(tf.sub(tf.log(onAnchor), tf.logSigmoid(tf.neg(phi))), tf.log1p(tf.neg(v)));
  const zOff = tf.sub(tf.add(tf.logSigmoid(phi), tf.log(v)), tf.log(offAnchor));
  const dOn = tf.div(tf.mul(theta, v), onAnchor);
  const dOff = tf.div(tf.mul(notTheta, tf.sub(1, v)), offAnchor);
  const on = tf.greater(b, 0.5);
  return { zTilde: tf.where(on, zOn, zOff) as tf.Tensor2D, dPhi: tf.where(on, dOn, dOff) as tf.Tensor2D };
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
  return tf.add(tf.neg(scaleRows(fTilde, s)), tf.sub(dSoft, dTildeSoft)) as tf.Tensor2D;
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
      const u = uniformTensor(input.rng, k, n);
      const v = uniformTensor(input.rng, k, n);
      const out = tf.tidy(() => {
        const phi = logitRows(input.phi, k);
        const eta = tf.reshape(tf.slice(hyper, 0, 1), []) as tf.Scalar;
        const logTau = tf.reshape(tf.slice(hyper, 1, 1), []) as tf.Scalar;
        const r = relax(phi, u, tf.exp(logTau) as tf.Scalar);
        const b = r.hard;
        const s = tf.sub(b, tf.sigmoid(phi)) as tf.Tensor2D;
        const { zTilde, dPhi } = conditionalLogit(phi, b, v);
        const a = scaleRows(input.cost.value(b), s);
        const c = controlCoefficient(input.cost, s, r.z, zTilde, dPhi, tf.exp(logTau) as tf.Scalar);
        const grads = tf.add(a, tf.mul(eta, c)) as tf.Tensor2D;
        if (tune) {
          const dEta = tf.mul(tf.mean(tf.mul(grads, c)), 2);
          // The τ difference re-evaluates the relaxation twice; on at most TUNING_ROWS rows it is still
          // a fine tuning signal and costs a fraction (the bench's full refresh at K = 1,024).
          const rows = Math.min(k, TUNING_ROWS);
          const head = (t: tf.Tensor2D) => (rows === k ? t : (tf.slice(t, [0, 0], [rows, n]) as tf.Tensor2D));
          const [aH, sH, zH, zTildeH, dPhiH] = [a, s, r.z, zTilde, dPhi].map(head) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const meanSquareHead = (t: tf.Scalar) =>
            tf.mean(tf.square(tf.add(aH, tf.mul(eta, controlCoefficient(input.cost, sH, zH, zTildeH, dPhiH, t)))));
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
        return { grads, samples: b };
      });
      tf.dispose([u, v]);
      const tuned = Math.min(k, TUNING_ROWS);
      return tune
        ? { ...out, evaluations: 2 * k + 2 * tuned, gradientEvaluations: 2 * k + 4 * tuned }
        : { ...out, evaluations: 2 * k, gradientEvaluations: 2 * k };
    },
    async readState() {
      const h = await hyper.data();
      return { eta: h[0]!, tau: Math.exp(h[1]!) };
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
