/**
 * How each learner hands credit to the mixture's components, as the gradient of one point's loss with
 * respect to the network's outputs. The learners differ only here:
 * - `mse`: the single Gaussian, least squares on its mean (it converges to the conditional mean);
 * - `soft`: the mixture's negative log-likelihood −log Σ_k π_k N_k(y); its gradient gives every
 *   component credit in proportion to its responsibility r_k (Bishop 1994);
 * - `weights`: −Σ_k w_k (log π_k + log N_k(y)) with the weights held fixed: one-hot for
 *   winner-takes-all, 1−ε / ε/(K−1) for the relaxed form, the responsibilities of an earlier E-step for EM;
 * - `score`: the component k drawn from π(x) as a discrete latent; the loss f = −log N_k(y) and the
 *   choice's gradient by the score function, (f − b)∇log π_k, with b a baseline (surrogate
 *   f + (f − b)·log π_k with f − b held fixed);
 * - `gumbel`: the choice relaxed (Gumbel-softmax, Jang et al. 2017): z = softmax((log π + g)/τ), the
 *   answer N(Σ z_k μ_k, (Σ z_k σ_k)²), gradients through z.
 */
import { forwardNet, LOG_2PI, mixtureHead, mixtureLogDensity, responsibilities, weightedOutputGrad, type NetShape } from './network';

export type Credit =
  | { kind: 'mse' }
  | { kind: 'soft' }
  | { kind: 'weights'; w: ArrayLike<number> }
  | { kind: 'score'; k: number; advantage: number }
  | { kind: 'gumbel'; g: ArrayLike<number>; tau: number };

/** Scratch arrays for one network: reused across points so a step allocates nothing. */
export class Scratch {
  readonly hidden: Float64Array;
  readonly out: Float64Array;
  readonly dOut: Float64Array;
  readonly logPi: Float64Array;
  readonly sigma: Float64Array;
  readonly joint: Float64Array;
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly c: Float64Array;
  constructor(shape: NetShape, K: number) {
    this.hidden = new Float64Array(shape.H);
    this.out = new Float64Array(shape.O);
    this.dOut = new Float64Array(shape.O);
    this.logPi = new Float64Array(K);
    this.sigma = new Float64Array(K);
    this.joint = new Float64Array(K);
    this.r = new Float64Array(K);
    this.z = new Float64Array(K);
    this.c = new Float64Array(K);
  }
}

export interface MixtureDims {
  K: number;
  D: number;
  floor: number;
}

/**
 * Forward pass for one input: fills s.hidden and s.out, and for a mixture s.logPi and s.sigma.
 * Returns the mixture's log-density at y when y is given (NaN for the single Gaussian).
 */
export function forwardPoint(p: Float64Array, shape: NetShape, dims: MixtureDims | null, u: number, ys: ArrayLike<number>, yOff: number, s: Scratch): number {
  forwardNet(p, shape, u, s.hidden, s.out);
  if (!dims) return NaN;
  mixtureHead(s.out, dims.K, dims.D, dims.floor, s.logPi, s.sigma);
  return mixtureLogDensity(s.out, dims.K, dims.D, s.logPi, s.sigma, ys, yOff, s.joint);
}

/**
 * After forwardPoint: the loss of this point under `credit`, with ∂loss/∂out added to s.dOut (times
 * `scale`). For `soft`, s.r ends holding the responsibilities.
 */
export function creditLoss(credit: Credit, dims: MixtureDims | null, D: number, logDensity: number, ys: ArrayLike<number>, yOff: number, scale: number, s: Scratch): number {
  const out = s.out;
  if (credit.kind === 'mse' || !dims) {
    let loss = 0;
    for (let d = 0; d < D; d++) {
      const e = out[d]! - ys[yOff + d]!;
      loss += 0.5 * e * e;
      s.dOut[d] = s.dOut[d]! + scale * e;
    }
    return loss;
  }
  const { K, floor } = dims;
  switch (credit.kind) {
    case 'soft': {
      responsibilities(s.joint, logDensity, K, s.r);
      weightedOutputGrad(out, K, D, floor, s.logPi, s.sigma, s.r, ys, yOff, scale, s.dOut);
      return -logDensity;
    }
    case 'weights': {
      weightedOutputGrad(out, K, D, floor, s.logPi, s.sigma, credit.w, ys, yOff, scale, s.dOut);
      let loss = 0;
      for (let k = 0; k < K; k++) if (credit.w[k] !== 0) loss -= credit.w[k]! * s.joint[k]!;
      return loss;
    }
    case 'score': {
      const k = credit.k;
      s.r.fill(0);
      s.r[k] = 1;
      weightedOutputGrad(out, K, D, floor, s.logPi, s.sigma, s.r, ys, yOff, scale, s.dOut, false);
      // ∂/∂a_j of (f − b)·log π_k = (f − b)(δ_jk − π_j).
      for (let j = 0; j < K; j++) s.dOut[j] = s.dOut[j]! + scale * credit.advantage * ((j === k ? 1 : 0) - Math.exp(s.logPi[j]!));
      // f = −log N_k(y) = −(joint_k − log π_k); the surrogate adds (f − b)·log π_k with f − b fixed.
      return -(s.joint[k]! - s.logPi[k]!) + credit.advantage * s.logPi[k]!;
    }
    case 'gumbel':
      return gumbelLoss(credit.g, credit.tau, dims, D, ys, yOff, scale, s);
  }
}

/** The Gumbel-softmax relaxed choice: loss −log N(y; Σ z_k μ_k, (Σ z_k σ_k)²) and its gradient. */
function gumbelLoss(g: ArrayLike<number>, tau: number, dims: MixtureDims, D: number, ys: ArrayLike<number>, yOff: number, scale: number, s: Scratch): number {
  const { K, floor } = dims;
  const out = s.out;
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, (s.logPi[k]! + g[k]!) / tau);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    s.z[k] = Math.exp((s.logPi[k]! + g[k]!) / tau - max);
    sum += s.z[k]!;
  }
  let sig = 0;
  for (let k = 0; k < K; k++) {
    s.z[k] = s.z[k]! / sum;
    sig += s.z[k]! * s.sigma[k]!;
  }
  let d2 = 0;
  // c_k = ∂f/∂z_k = Σ_d ∂f/∂μ̃_d μ_kd + ∂f/∂σ̃ σ_k, built up over d below.
  s.c.fill(0);
  const inv2 = 1 / (sig * sig);
  for (let d = 0; d < D; d++) {
    let mu = 0;
    for (let k = 0; k < K; k++) mu += s.z[k]! * out[K + k * D + d]!;
    const e = mu - ys[yOff + d]!;
    d2 += e * e;
    const dMu = e * inv2;
    for (let k = 0; k < K; k++) {
      s.dOut[K + k * D + d] = s.dOut[K + k * D + d]! + scale * s.z[k]! * dMu;
      s.c[k] = s.c[k]! + dMu * out[K + k * D + d]!;
    }
  }
  const dSig = D / sig - d2 * inv2 / sig;
  let cbar = 0;
  for (let k = 0; k < K; k++) {
    s.dOut[K + K * D + k] = s.dOut[K + K * D + k]! + scale * s.z[k]! * dSig * (s.sigma[k]! - floor);
    s.c[k] = s.c[k]! + dSig * s.sigma[k]!;
    cbar += s.z[k]! * s.c[k]!;
  }
  // ∂f/∂log π_k = z_k (c_k − c̄)/τ; these sum to 0, so they are also ∂f/∂a_k through the log-softmax.
  for (let k = 0; k < K; k++) s.dOut[k] = s.dOut[k]! + (scale * s.z[k]! * (s.c[k]! - cbar)) / tau;
  return D * Math.log(sig) + 0.5 * D * LOG_2PI + d2 * inv2 / 2;
}
