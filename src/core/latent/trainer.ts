/**
 * One model of the binary-latents experiment with its own optimiser, noise and minibatch streams: the
 * main run and each racer are one of these. Every trainer of a run draws the same initial weights,
 * minibatches and noise stream from the seed, so they differ only by how q(h|x) learns.
 */
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { createBernoulliEstimator } from '../estimators/catalogue';
import type { BernoulliEstimator } from '../estimators/types';
import { DiscreteVae } from './discrete-vae';
import type { LatentMethod } from './methods';

export type TrainerState = { kind: 'running' } | { kind: 'refused'; reason: string } | { kind: 'diverged'; step: number; reason: string };

/** One model with its own optimiser, noise and minibatch streams. */
export class Trainer {
  readonly model: DiscreteVae;
  estimator: BernoulliEstimator | null;
  readonly noise: Rng;
  readonly batches: Rng;
  status: TrainerState = { kind: 'running' };
  steps = 0;
  readonly evals: History<'negElbo' | 'nll'>;

  constructor(
    public method: LatentMethod,
    pixels: number,
    latents: number,
    seed: number,
    /** Steps between evaluations on the held-out images. */
    evalEvery: number,
  ) {
    this.evals = new History(['negElbo', 'nll'], evalEvery, 512);
    // Every trainer of a run draws the same initial weights, minibatches and noise stream.
    this.model = new DiscreteVae(pixels, latents, createRng(deriveSeed(seed, 'init')));
    this.noise = createRng(deriveSeed(seed, 'noise'));
    this.batches = createRng(deriveSeed(seed, 'batches'));
    this.estimator = method === 'wake-sleep' ? null : createBernoulliEstimator(method);
  }

  setMethod(method: LatentMethod): void {
    if (method === this.method) return;
    this.estimator?.dispose();
    this.estimator = method === 'wake-sleep' ? null : createBernoulliEstimator(method);
    this.method = method;
  }

  get active(): boolean {
    return this.status.kind !== 'diverged';
  }

  dispose(): void {
    this.model.dispose();
    this.estimator?.dispose();
  }
}
