/**
 * A single-layer sigmoid belief net trained as a discrete VAE with any gradient estimator.
 * Generative model: h ~ Bern(sigmoid(a)) over H latents, x | h ~ Bern(sigmoid(h W + c)) over D pixels.
 * Encoder: q(h | x) = Bern(sigmoid(φ)), φ = x U + d. The cost per example is the negative ELBO
 * integrand f(h) = -log p(x | h) - log p(h) + log q(h | x); training minimises E_q[f].
 * - Decoder and prior get the ordinary gradient of f at the estimator's hard samples.
 * - The encoder gets the estimator's G ≈ dE_q[f]/dφ pushed through φ = x U + d (chain-rule.ts).
 *   f's own explicit dependence on φ (through log q) is dropped: E_q[∂ log q/∂φ] = 0.
 * All derivatives are written out, so no autodiff is needed. One sample per example, so the rows of
 * an estimate are the batch's examples: RLOO's leave-one-out baseline then comes from OTHER examples,
 * still unbiased (independent of the row's own sample) but a weaker baseline than samples of one x.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer, type FlatOptimizer } from '../../optim/flat-optimizers';
import type { Rng } from '../../rng';
import type { BernoulliCost, BernoulliEstimator } from '../types';
import { linearLayerGradients } from './chain-rule';

interface Parts {
  a: tf.Tensor1D;
  w: tf.Tensor2D;
  c: tf.Tensor1D;
  u: tf.Tensor2D;
  d: tf.Tensor1D;
}

export class SigmoidBeliefNet {
  readonly size: number;
  readonly params: tf.Variable<tf.Rank.R1>;
  private readonly optimizer: FlatOptimizer;

  constructor(
    readonly pixels: number,
    readonly latents: number,
    rng: Rng,
  ) {
    const [d, h] = [pixels, latents];
    this.size = h + h * d + d + d * h + h;
    const init = new Float32Array(this.size);
    // Small random weights break the latents' symmetry; logits start at 0 (θ = 1/2).
    const scale = 0.1;
    for (let i = h; i < h + h * d; i++) init[i] = scale * rng.normal();
    for (let i = h + h * d + d; i < h + 2 * h * d + d; i++) init[i] = scale * rng.normal();
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(init), false)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer('adam', this.size);
  }

  private parts(): Parts {
    const [d, h] = [this.pixels, this.latents];
    const p = this.params;
    let o = 0;
    const take = (n: number) => {
      const s = tf.slice(p, o, n);
      o += n;
      return s;
    };
    const a = take(h) as tf.Tensor1D;
    const w = tf.reshape(take(h * d), [h, d]) as tf.Tensor2D;
    const c = take(d) as tf.Tensor1D;
    const u = tf.reshape(take(d * h), [d, h]) as tf.Tensor2D;
    return { a, w, c, u, d: take(h) as tf.Tensor1D };
  }

  /** The per-example cost f(h) for a batch x, as a BernoulliCost over rows. Call inside tf.tidy. */
  private cost(x: tf.Tensor2D, phi: tf.Tensor2D, p: Parts): BernoulliCost {
    const decoderLogits = (h: tf.Tensor2D) => tf.add(tf.matMul(h, p.w), p.c);
    return {
      name: 'sbn-negative-elbo',
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

  /**
   * One Adam step on a batch x [B, D] with the given estimator. Returns the batch's mean cost at the
   * sampled latents (a one-sample negative-ELBO estimate). Throws EstimatorError if the estimator
   * refuses (e.g. the exact gradient, which needs shared logits).
   */
  trainStep(x: tf.Tensor2D, estimator: BernoulliEstimator, rng: Rng, settings: { learningRate: number; tau: number }): tf.Scalar {
    return tf.tidy(() => {
      const p = this.parts();
      const phi = tf.add(tf.matMul(x, p.u), p.d) as tf.Tensor2D;
      const cost = this.cost(x, phi, p);
      const b = x.shape[0];
      const est = estimator.estimate({ phi, cost, samples: b, rng, tau: settings.tau });
      const h = est.samples;
      const dl = tf.sub(tf.sigmoid(tf.add(tf.matMul(h, p.w), p.c)), x);
      const dA = tf.mean(tf.sub(tf.sigmoid(p.a), h), 0);
      const dW = tf.div(tf.matMul(h, dl, true, false), b);
      const dC = tf.mean(dl, 0);
      const enc = linearLayerGradients(x, est.grads);
      const flat = tf.concat([dA, tf.reshape(dW, [-1]), dC, tf.reshape(enc.dWeights, [-1]), enc.dBias]);
      const loss = tf.mean(cost.value(h)) as tf.Scalar;
      this.optimizer.apply(this.params, flat, { learningRate: settings.learningRate, beta: 0.9 });
      return loss;
    });
  }

  /** Mean negative ELBO over x with one latent sample per example (from uniforms u [B, H]). */
  negativeElbo(x: tf.Tensor2D, u: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const p = this.parts();
      const phi = tf.add(tf.matMul(x, p.u), p.d) as tf.Tensor2D;
      const h = tf.cast(tf.less(u, tf.sigmoid(phi)), 'float32') as tf.Tensor2D;
      return tf.mean(this.cost(x, phi, p).value(h)) as tf.Scalar;
    });
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
  }
}
