/**
 * A discrete VAE / one-layer sigmoid belief net with a recognition model (a Helmholtz machine).
 *   generative: h ~ Bern(sigmoid(a)) over H latents, x | h ~ Bern(sigmoid(h W + c)) over D pixels;
 *   recognition: q(h | x) = Bern(sigmoid(φ)), φ = x U + d.
 * Two ways to train the recognition model, switchable between steps:
 * - a gradient estimator from src/core/estimators on the ELBO: the estimator gets the per-row cost
 *   f(h) = −log p(x | h) − log p(h) + log q(h | x) and returns G ≈ dE_q[f]/dφ, which is pushed
 *   through φ = x U + d. Each image is repeated S times (S samples per image), and the estimator's
 *   groups are those S rows, so RLOO's leave-one-out baseline comes from samples of the same image.
 * - wake-sleep (Hinton, Dayan, Frey, Neal 1995): the sleep phase dreams (h, x) from the generative
 *   model and fits q(h | x) to recover the dreamed h by maximum likelihood, no estimator involved.
 * Either way the generative model (a, W, c) gets the exact gradient of −log p(x, h) at h ~ q(h | x)
 * (the wake phase, which is also the ELBO's decoder gradient). All derivatives are written out by
 * hand; no autodiff. One flat Adam optimiser over [a, W, c, U, d].
 */
import * as tf from '@tensorflow/tfjs-core';
import { linearLayerGradients } from '../estimators/model/chain-rule';
import { bernoulliBelow, uniformTensor } from '../estimators/noise';
import type { BernoulliCost, BernoulliEstimator } from '../estimators/types';
import { createOptimizer, type FlatOptimizer } from '../optim/flat-optimizers';
import { createRng, type Rng } from '../rng';

interface Parts {
  a: tf.Tensor1D;
  w: tf.Tensor2D;
  c: tf.Tensor1D;
  u: tf.Tensor2D;
  d: tf.Tensor1D;
}

export interface TrainSettings {
  learningRate: number;
  tau: number;
  /** Latent samples per image S (rows per image). */
  samples: number;
}

/** Largest H for which `exact` enumerates all 2^H latent configurations. */
export const MAX_EXACT_LATENTS = 12;

export class DiscreteVae {
  readonly size: number;
  readonly params: tf.Variable<tf.Rank.R1>;
  private optimizer: FlatOptimizer;

  constructor(
    readonly pixels: number,
    readonly latents: number,
    rng: Rng,
  ) {
    const [d, h] = [pixels, latents];
    this.size = h + h * d + d + d * h + h;
    const init = new Float32Array(this.size);
    // Small random weights break the latents' symmetry; every logit starts near 0 (probability 1/2).
    const scale = 0.1;
    for (let i = h; i < h + h * d; i++) init[i] = scale * rng.normal();
    for (let i = h + h * d + d; i < h + 2 * h * d + d; i++) init[i] = scale * rng.normal();
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(init), false)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer('adam', this.size);
  }

  /** Slices of the flat parameter vector. Call inside tf.tidy. */
  private parts(): Parts {
    const [d, h] = [this.pixels, this.latents];
    let o = 0;
    const take = (n: number) => {
      const s = tf.slice(this.params, o, n);
      o += n;
      return s;
    };
    const a = take(h) as tf.Tensor1D;
    const w = tf.reshape(take(h * d), [h, d]) as tf.Tensor2D;
    const c = take(d) as tf.Tensor1D;
    const u = tf.reshape(take(d * h), [d, h]) as tf.Tensor2D;
    return { a, w, c, u, d: take(h) as tf.Tensor1D };
  }

  /** Row i of x repeated `times` times, consecutively: [B·times, D]. Call inside tf.tidy. */
  private static repeatEach(x: tf.Tensor2D, times: number): tf.Tensor2D {
    if (times === 1) return x;
    const b = x.shape[0];
    const idx = new Int32Array(b * times);
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(i / times);
    return tf.gather(x, tf.tensor1d(idx, 'int32')) as tf.Tensor2D;
  }

  /** Per-row negative-ELBO integrand f(h) as a cost the estimators accept. Call inside tf.tidy. */
  private cost(x: tf.Tensor2D, phi: tf.Tensor2D, p: Parts): BernoulliCost {
    const decoderLogits = (h: tf.Tensor2D) => tf.add(tf.matMul(h, p.w), p.c);
    return {
      name: 'discrete-vae-negative-elbo',
      n: this.latents,
      value: (h) =>
        tf.tidy(() => {
          const l = decoderLogits(h);
          const nll = tf.sum(tf.sub(tf.softplus(l), tf.mul(x, l)), 1);
          const prior = tf.sum(tf.sub(tf.softplus(p.a), tf.mul(h, p.a)), 1);
          const posterior = tf.sum(tf.sub(tf.mul(h, phi), tf.softplus(phi)), 1);
          return tf.add(tf.add(nll, prior), posterior) as tf.Tensor1D;
        }),
      gradient: (h) =>
        tf.tidy(() => {
          const dl = tf.sub(tf.sigmoid(decoderLogits(h)), x);
          return tf.add(tf.sub(tf.matMul(dl, p.w, false, true), p.a), phi) as tf.Tensor2D;
        }),
    };
  }

  /** Gradients of −log p(x, h) w.r.t. a, W, c, averaged over rows. Call inside tf.tidy. */
  private generativeGradients(x: tf.Tensor2D, h: tf.Tensor2D, p: Parts): tf.Tensor1D[] {
    const rows = x.shape[0];
    const dl = tf.sub(tf.sigmoid(tf.add(tf.matMul(h, p.w), p.c)), x);
    const dA = tf.mean(tf.sub(tf.sigmoid(p.a), h), 0) as tf.Tensor1D;
    const dW = tf.div(tf.matMul(h, dl, true, false), rows);
    const dC = tf.mean(dl, 0) as tf.Tensor1D;
    return [dA, tf.reshape(dW, [-1]) as tf.Tensor1D, dC];
  }

  /**
   * One Adam step on images x [B, D] with an estimator (`estimator` given) or wake-sleep (null).
   * Returns the mean of f at the wake samples: a one-sample estimate of the negative ELBO. Throws the
   * estimator's EstimatorError when it refuses (e.g. RLOO with one sample per image).
   */
  trainStep(x: tf.Tensor2D, estimator: BernoulliEstimator | null, rng: Rng, s: TrainSettings): tf.Scalar {
    return tf.tidy(() => {
      const p = this.parts();
      const xr = DiscreteVae.repeatEach(x, s.samples);
      const rows = xr.shape[0];
      const phi = tf.add(tf.matMul(xr, p.u), p.d) as tf.Tensor2D;
      const cost = this.cost(xr, phi, p);
      let h: tf.Tensor2D;
      let encoder: { dWeights: tf.Tensor2D; dBias: tf.Tensor1D };
      if (estimator) {
        const est = estimator.estimate({ phi, cost, samples: rows, rng, group: s.samples, tau: s.tau });
        h = est.samples;
        encoder = linearLayerGradients(xr, est.grads);
      } else {
        // Wake: h ~ q(h | x) for the data. Sleep: dream h' ~ p(h), x' ~ p(x | h'), then fit q to h'.
        h = bernoulliBelow(uniformTensor(rng, rows, this.latents), tf.sigmoid(phi) as tf.Tensor2D);
        const prior = tf.matMul(tf.ones([rows, 1]), tf.reshape(tf.sigmoid(p.a), [1, this.latents])) as tf.Tensor2D;
        const dreamH = bernoulliBelow(uniformTensor(rng, rows, this.latents), prior);
        const dreamMean = tf.sigmoid(tf.add(tf.matMul(dreamH, p.w), p.c)) as tf.Tensor2D;
        const dreamX = bernoulliBelow(uniformTensor(rng, rows, this.pixels), dreamMean);
        const dreamPhi = tf.add(tf.matMul(dreamX, p.u), p.d);
        // d(−log q(h' | x'))/dφ = sigmoid(φ) − h'.
        encoder = linearLayerGradients(dreamX, tf.sub(tf.sigmoid(dreamPhi), dreamH) as tf.Tensor2D);
      }
      const flat = tf.concat([...this.generativeGradients(xr, h, p), tf.reshape(encoder.dWeights, [-1]), encoder.dBias]);
      const loss = tf.mean(cost.value(h)) as tf.Scalar;
      this.optimizer.apply(this.params, flat, { learningRate: s.learningRate, beta: 0.9 });
      return loss;
    });
  }

  /**
   * Evaluation on images x [N, D] with K samples h ~ q(h | x) each, from a fresh stream seeded by
   * `seed` (the same noise every call, so curves are not jittered by it). Returns [2]:
   *   [0] the negative ELBO, mean over images and samples of f(h);
   *   [1] the importance-sampled −log p(x): −mean_x log (1/K Σ_k p(x, h_k)/q(h_k | x)), an upper bound
   *       on −log p(x) that tightens as K grows (Burda, Grosse, Salakhutdinov 2016).
   */
  evaluate(x: tf.Tensor2D, k: number, seed: number): tf.Tensor1D {
    const n = x.shape[0];
    const u = uniformTensor(createRng(seed), n * k, this.latents);
    const out = tf.tidy(() => {
      const p = this.parts();
      const xr = DiscreteVae.repeatEach(x, k);
      const phi = tf.add(tf.matMul(xr, p.u), p.d) as tf.Tensor2D;
      const h = bernoulliBelow(u, tf.sigmoid(phi) as tf.Tensor2D);
      const f = tf.reshape(this.cost(xr, phi, p).value(h), [n, k]);
      const negElbo = tf.mean(f);
      const logMeanW = tf.sub(tf.logSumExp(tf.neg(f), 1), Math.log(k));
      return tf.stack([negElbo, tf.neg(tf.mean(logMeanW))]) as tf.Tensor1D;
    });
    u.dispose();
    return out;
  }

  /**
   * Exact values by enumerating all 2^H latent configurations (H ≤ MAX_EXACT_LATENTS), per image of
   * x [N, D]: [N, 2] with column 0 the negative ELBO −E_q[log p(x, h) − log q(h | x)] and column 1
   * −log p(x) = −log Σ_h p(x, h).
   */
  exact(x: tf.Tensor2D): tf.Tensor2D {
    const h = this.latents;
    if (h > MAX_EXACT_LATENTS) throw new Error(`exact enumeration needs H ≤ ${MAX_EXACT_LATENTS}, got ${h}`);
    const m = 2 ** h;
    const all = new Float32Array(m * h);
    for (let i = 0; i < m; i++) for (let j = 0; j < h; j++) all[i * h + j] = (i >> j) & 1;
    return tf.tidy(() => {
      const p = this.parts();
      const hs = tf.tensor2d(all, [m, h]);
      const l = tf.add(tf.matMul(hs, p.w), p.c); // [M, D]
      // log p(x | h) for every image and configuration: x·l − Σ softplus(l), [N, M].
      const logPxh = tf.sub(tf.matMul(x, l, false, true), tf.reshape(tf.sum(tf.softplus(l), 1), [1, m]));
      const logPh = tf.sub(tf.matMul(hs, tf.reshape(p.a, [h, 1])), tf.sum(tf.softplus(p.a))); // [M, 1]
      const logJoint = tf.add(logPxh, tf.reshape(logPh, [1, m]));
      const phi = tf.add(tf.matMul(x, p.u), p.d); // [N, H]
      const logQ = tf.sub(tf.matMul(phi, hs, false, true), tf.sum(tf.softplus(phi), 1, true)); // [N, M]
      const q = tf.exp(logQ);
      const elbo = tf.sum(tf.mul(q, tf.sub(logJoint, logQ)), 1);
      const logPx = tf.logSumExp(logJoint, 1);
      return tf.stack([tf.neg(elbo), tf.neg(logPx)], 1) as tf.Tensor2D;
    });
  }

  /**
   * Pictures, as one flat tensor: for images x [G, D], reconstructions mean p(x | h), h ~ q(h | x)
   * [G·D]; G model samples mean p(x | h), h ~ p(h) [G·D]; and for one probe image x₁ [1, D]:
   * q(h | x₁) [H], the prior sigmoid(a) [H] and the decoder's output at h = q's probabilities [D];
   * then what each unit draws alone, p(x | h = e_j) [H·D].
   */
  pictures(x: tf.Tensor2D, probe: tf.Tensor2D, seed: number): tf.Tensor1D {
    const g = x.shape[0];
    const rng = createRng(seed);
    const uq = uniformTensor(rng, g, this.latents);
    const up = uniformTensor(rng, g, this.latents);
    const out = tf.tidy(() => {
      const p = this.parts();
      const decode = (h: tf.Tensor2D) => tf.sigmoid(tf.add(tf.matMul(h, p.w), p.c));
      const q = tf.sigmoid(tf.add(tf.matMul(x, p.u), p.d)) as tf.Tensor2D;
      const recon = decode(bernoulliBelow(uq, q));
      const prior = tf.sigmoid(p.a);
      const priorRows = tf.matMul(tf.ones([g, 1]), tf.reshape(prior, [1, this.latents])) as tf.Tensor2D;
      const dreams = decode(bernoulliBelow(up, priorRows));
      const qProbe = tf.sigmoid(tf.add(tf.matMul(probe, p.u), p.d)) as tf.Tensor2D;
      const probeRecon = decode(qProbe);
      // Each unit alone: p(x | h = e_j) = sigmoid(W_j + c), what switching on unit j draws.
      const units = tf.sigmoid(tf.add(p.w, p.c));
      return tf.concat([
        tf.reshape(recon, [-1]),
        tf.reshape(dreams, [-1]),
        tf.reshape(qProbe, [-1]),
        prior,
        tf.reshape(probeRecon, [-1]),
        tf.reshape(units, [-1]),
      ]);
    });
    tf.dispose([uq, up]);
    return out as tf.Tensor1D;
  }

  /** Overwrite the weights (checkpoint restore, rollback); the optimiser starts afresh. */
  load(values: Float32Array | tf.Tensor1D): void {
    const n = values instanceof Float32Array ? values.length : values.size;
    if (n !== this.size) throw new Error(`expected ${this.size} weights, got ${n}`);
    tf.tidy(() => this.params.assign(values instanceof Float32Array ? tf.tensor1d(values) : values));
    this.optimizer.dispose();
    this.optimizer = createOptimizer('adam', this.size);
  }

  /** The optimiser (its moments go into a checkpoint, after `load`, which starts a fresh one). */
  get currentOptimizer(): FlatOptimizer {
    return this.optimizer;
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
  }
}
