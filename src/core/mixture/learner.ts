/**
 * One learner of the race: its network, Adam state and random stream, and its training step on a
 * shared minibatch. A learner whose loss or weights stop being finite, or one of whose components
 * (holding weight) shrinks its σ below COLLAPSE_SIGMA, stops at that step with a message; the
 * others carry on.
 */
import { SmallAdam } from '../policy/adam';
import { sampleArm, gumbel } from '../policy/categorical';
import type { Rng } from '../rng';
import { backwardNet, initParams, mixtureOutputs, paramCount, type NetShape } from './network';
import { creditLoss, forwardPoint, Scratch, type Credit, type MixtureDims } from './credit';
import { inputOf, type Dataset } from './tasks';
import type { LearnerId } from '../experiments/mixture-density.schema';

/** A component holding weight with σ below this (data units, the data span ~1) has collapsed onto a few points. */
export const COLLAPSE_SIGMA = 1e-3;
/** Only components with at least this weight at a point count for collapse. */
const COLLAPSE_WEIGHT = 0.01;
/** EM: gradient steps on the same minibatch with the E-step's responsibilities held fixed. */
export const EM_INNER_STEPS = 5;
/** Relaxed winner-takes-all: ε falls linearly from its start to 0 over this many of the learner's steps. */
export const ANNEAL_STEPS = 2000;
/** Rate of the score-function learner's moving-average baseline. */
const BASELINE_RATE = 0.1;

export interface LearnerSettings {
  K: number;
  D: number;
  H: number;
  floor: number;
  lr: number;
  epsilon: number;
  tau: number;
}

export type StopKind = 'nan' | 'variance';

export interface Stop {
  step: number;
  kind: StopKind;
  reason: string;
}

export class Learner {
  readonly shape: NetShape;
  readonly mixture: boolean;
  params: Float64Array;
  adam: SmallAdam;
  baseline = NaN;
  steps = 0;
  lastLoss = NaN;
  stop: Stop | null = null;
  private readonly grad: Float64Array;
  private readonly s: Scratch;
  private readonly w: Float64Array;
  private readonly g: Float64Array;
  private rEm = new Float64Array(0);

  constructor(
    readonly id: LearnerId,
    readonly K: number,
    readonly D: number,
    H: number,
    initial: Float64Array,
    readonly rng: Rng,
  ) {
    this.mixture = id !== 'single';
    this.shape = { H, O: this.mixture ? mixtureOutputs(K, D) : D };
    this.params = Float64Array.from(initial);
    this.adam = new SmallAdam(this.params.length);
    this.grad = new Float64Array(this.params.length);
    this.s = new Scratch(this.shape, K);
    this.w = new Float64Array(K);
    this.g = new Float64Array(K);
  }

  /** Fresh initial weights for a learner kind (all mixture learners of a race share one draw). */
  static initial(mixture: boolean, K: number, D: number, H: number, scale: number, centre: number, rng: Rng): Float64Array {
    const shape = { H, O: mixture ? mixtureOutputs(K, D) : D };
    const p = initParams(shape, K, D, mixture, scale, centre, rng);
    if (p.length !== paramCount(shape)) throw new Error('mixture: parameter layout mismatch');
    return p;
  }

  dims(floor: number): MixtureDims | null {
    return this.mixture ? { K: this.K, D: this.D, floor } : null;
  }

  /** One training step on the points `idx` of `data`. Does nothing once stopped. */
  train(data: Dataset, idx: Int32Array, set: LearnerSettings): void {
    if (this.stop) return;
    const B = idx.length;
    const dims = this.dims(set.floor);
    let loss = 0;
    let minSigma = Infinity;
    if (this.id === 'em') {
      // E-step: responsibilities from the current weights, then held fixed as targets for the M-steps.
      if (this.rEm.length !== B * this.K) this.rEm = new Float64Array(B * this.K);
      for (let b = 0; b < B; b++) {
        const i = idx[b]!;
        const ld = forwardPoint(this.params, this.shape, dims, inputOf(data.x[i]!), data.y, i * this.D, this.s);
        loss -= ld / B;
        for (let k = 0; k < this.K; k++) this.rEm[b * this.K + k] = Math.exp(this.s.joint[k]! - ld);
        minSigma = Math.min(minSigma, this.weightedMinSigma());
      }
      for (let it = 0; it < EM_INNER_STEPS; it++) {
        this.grad.fill(0);
        for (let b = 0; b < B; b++) {
          const i = idx[b]!;
          const view = this.rEm.subarray(b * this.K, (b + 1) * this.K);
          this.pointGrad(data, i, dims, { kind: 'weights', w: view }, 1 / B);
        }
        this.apply(set.lr);
      }
    } else {
      this.grad.fill(0);
      const fs = new Float64Array(this.id === 'score' ? B : 0);
      const ks = this.id === 'score' ? new Int32Array(B) : null;
      for (let b = 0; b < B; b++) {
        const i = idx[b]!;
        const u = inputOf(data.x[i]!);
        const ld = forwardPoint(this.params, this.shape, dims, u, data.y, i * this.D, this.s);
        if (dims) minSigma = Math.min(minSigma, this.weightedMinSigma());
        if (this.id === 'score') {
          // Sample the component now; its advantage needs the batch's baseline, so the gradient waits.
          const pi = this.s.logPi.map(Math.exp);
          const k = sampleArm(pi, this.rng);
          ks![b] = k;
          fs[b] = -(this.s.joint[k]! - this.s.logPi[k]!);
          loss -= ld / B;
          continue;
        }
        const credit = this.credit(set, i, data);
        this.s.dOut.fill(0);
        const l = creditLoss(credit, dims, this.D, ld, data.y, i * this.D, 1 / B, this.s);
        loss += (dims ? -ld : l) / B;
        backwardNet(this.params, this.shape, u, this.s.hidden, this.s.dOut, this.grad);
      }
      if (this.id === 'score') {
        let mean = 0;
        for (let b = 0; b < B; b++) mean += fs[b]! / B;
        const base = Number.isFinite(this.baseline) ? this.baseline : mean;
        for (let b = 0; b < B; b++) this.pointGrad(data, idx[b]!, dims, { kind: 'score', k: ks![b]!, advantage: fs[b]! - base }, 1 / B);
        this.baseline = Number.isFinite(this.baseline) ? this.baseline + BASELINE_RATE * (mean - this.baseline) : mean;
      }
      this.apply(set.lr);
    }
    this.steps++;
    this.lastLoss = loss;
    this.checkHealth(loss, minSigma, set);
  }

  /** The credit rule of this learner for point i (after forwardPoint filled the scratch). */
  private credit(set: LearnerSettings, i: number, data: Dataset): Credit {
    switch (this.id) {
      case 'single':
        return { kind: 'mse' };
      case 'mdn':
        return { kind: 'soft' };
      case 'wta':
      case 'ewta': {
        const win = this.nearest(data.y, i * this.D);
        const eps = this.id === 'ewta' && this.K > 1 ? set.epsilon * Math.max(0, 1 - this.steps / ANNEAL_STEPS) : 0;
        this.w.fill(this.K > 1 ? eps / (this.K - 1) : 0);
        this.w[win] = 1 - eps;
        return { kind: 'weights', w: this.w };
      }
      case 'gumbel':
        for (let k = 0; k < this.K; k++) this.g[k] = gumbel(this.rng);
        return { kind: 'gumbel', g: this.g, tau: set.tau };
      default:
        throw new Error(`mixture: no per-point credit for ${this.id}`);
    }
  }

  private pointGrad(data: Dataset, i: number, dims: MixtureDims | null, credit: Credit, scale: number): void {
    const u = inputOf(data.x[i]!);
    const ld = forwardPoint(this.params, this.shape, dims, u, data.y, i * this.D, this.s);
    this.s.dOut.fill(0);
    creditLoss(credit, dims, this.D, ld, data.y, i * this.D, scale, this.s);
    backwardNet(this.params, this.shape, u, this.s.hidden, this.s.dOut, this.grad);
  }

  /** Index of the component whose mean is nearest to y (the winner of winner-takes-all). */
  private nearest(ys: ArrayLike<number>, off: number): number {
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k < this.K; k++) {
      let d2 = 0;
      for (let d = 0; d < this.D; d++) d2 += (ys[off + d]! - this.s.out[this.K + k * this.D + d]!) ** 2;
      if (d2 < bestD) {
        bestD = d2;
        best = k;
      }
    }
    return best;
  }

  private weightedMinSigma(): number {
    let m = Infinity;
    for (let k = 0; k < this.K; k++) if (Math.exp(this.s.logPi[k]!) >= COLLAPSE_WEIGHT) m = Math.min(m, this.s.sigma[k]!);
    return m;
  }

  /** Adam descent step: the gradient is negated because SmallAdam climbs. */
  private apply(lr: number): void {
    for (let j = 0; j < this.grad.length; j++) this.grad[j] = -this.grad[j]!;
    this.adam.ascend(this.params, this.grad, lr);
    this.s.dOut.fill(0);
  }

  private checkHealth(loss: number, minSigma: number, set: LearnerSettings): void {
    let finite = Number.isFinite(loss);
    for (let j = 0; finite && j < this.params.length; j++) finite = Number.isFinite(this.params[j]!);
    if (!finite) {
      this.stop = {
        step: this.steps,
        kind: 'nan',
        reason: `its loss or weights stopped being finite numbers at its step ${this.steps} (learning rate ${set.lr}, variance floor ${set.floor}); the other learners carry on. Lower the learning rate or raise the floor, then reset.`,
      };
    } else if (minSigma < COLLAPSE_SIGMA) {
      this.stop = {
        step: this.steps,
        kind: 'variance',
        reason: `a component’s σ fell to ${minSigma.toExponential(1)} at its step ${this.steps}: it has shrunk onto a few points, where its likelihood grows without bound. Raise the variance floor (now ${set.floor}) or lower the learning rate, then reset.`,
      };
    }
  }
}
