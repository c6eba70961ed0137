/**
 * A one-hidden-layer tanh network from a scalar input to the parameters of a Gaussian mixture over a
 * D-dimensional answer, in plain Float64Array arithmetic with hand-written backprop (at these sizes a
 * JIT loop beats a tensor kernel launch per op; mixture-density.test.ts checks every gradient against
 * finite differences).
 *
 * Output layout for K components: K logits a_k, K·D means μ_kd, K log-scales s_k, with
 * σ_k = floor + exp(s_k) (the variance floor keeps σ away from 0; at floor 0 nothing does).
 * The single-Gaussian learner uses the same network with D outputs only: its mean.
 *
 * Parameter layout: W1[H], b1[H], W2[O, H], b2[O].
 */
import type { Rng } from '../rng';

export const LOG_2PI = Math.log(2 * Math.PI);

export interface NetShape {
  H: number;
  /** Number of outputs: K(2 + D) for a mixture, D for the single mean. */
  O: number;
}

export const mixtureOutputs = (K: number, D: number) => K * (2 + D);
export const paramCount = (s: NetShape) => 2 * s.H + s.O * (s.H + 1);

/**
 * Initial weights: W1 ~ N(0, scale²) on the one input, W2 ~ N(0, scale²/H); the means' biases start
 * at the data's centre and the log-scales' at log 0.2, so every component starts over the data, wide.
 * `scale` is the panel's initialisation slider: larger makes the components start further apart.
 */
export function initParams(shape: NetShape, K: number, D: number, mixture: boolean, scale: number, centre: number, rng: Rng): Float64Array {
  const { H, O } = shape;
  const p = new Float64Array(paramCount(shape));
  for (let j = 0; j < H; j++) p[j] = scale * rng.normal();
  for (let j = 0; j < H; j++) p[H + j] = 0.5 * scale * rng.normal();
  const w2 = 2 * H;
  for (let i = 0; i < O * H; i++) p[w2 + i] = (scale / Math.sqrt(H)) * rng.normal();
  const b2 = w2 + O * H;
  if (mixture) {
    for (let i = 0; i < K * D; i++) p[b2 + K + i] = centre;
    for (let k = 0; k < K; k++) p[b2 + K + K * D + k] = Math.log(0.2);
  } else {
    for (let d = 0; d < D; d++) p[b2 + d] = centre;
  }
  return p;
}

/** out = W2 tanh(W1 u + b1) + b2; keeps the hidden activations in `hidden` for the backward pass. */
export function forwardNet(p: Float64Array, shape: NetShape, u: number, hidden: Float64Array, out: Float64Array): void {
  const { H, O } = shape;
  for (let j = 0; j < H; j++) hidden[j] = Math.tanh(p[j]! * u + p[H + j]!);
  const w2 = 2 * H;
  const b2 = w2 + O * H;
  for (let o = 0; o < O; o++) {
    let s = p[b2 + o]!;
    const row = w2 + o * H;
    for (let j = 0; j < H; j++) s += p[row + j]! * hidden[j]!;
    out[o] = s;
  }
}

/** grad += ∂L/∂params for one point, given ∂L/∂out (dOut) and the forward pass's hidden values. */
export function backwardNet(p: Float64Array, shape: NetShape, u: number, hidden: Float64Array, dOut: Float64Array, grad: Float64Array): void {
  const { H, O } = shape;
  const w2 = 2 * H;
  const b2 = w2 + O * H;
  for (let j = 0; j < H; j++) {
    let dh = 0;
    for (let o = 0; o < O; o++) dh += p[w2 + o * H + j]! * dOut[o]!;
    const dpre = dh * (1 - hidden[j]! * hidden[j]!);
    grad[j] = grad[j]! + dpre * u;
    grad[H + j] = grad[H + j]! + dpre;
  }
  for (let o = 0; o < O; o++) {
    const g = dOut[o]!;
    if (g === 0) continue;
    const row = w2 + o * H;
    for (let j = 0; j < H; j++) grad[row + j] = grad[row + j]! + g * hidden[j]!;
    grad[b2 + o] = grad[b2 + o]! + g;
  }
}

/** The mixture an output vector describes: log π_k (log-softmax of the logits) and σ_k. */
export function mixtureHead(out: Float64Array, K: number, D: number, floor: number, logPi: Float64Array, sigma: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, out[k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.exp(out[k]! - max);
  const lse = max + Math.log(sum);
  for (let k = 0; k < K; k++) {
    logPi[k] = out[k]! - lse;
    sigma[k] = floor + Math.exp(out[K + K * D + k]!);
  }
}

/** log N(y; μ_k, σ_k² I) for component k of an output vector (y at offset yOff of ys). */
export function logNormal(out: Float64Array, K: number, D: number, k: number, sigma: number, ys: ArrayLike<number>, yOff: number): number {
  let d2 = 0;
  for (let d = 0; d < D; d++) {
    const e = ys[yOff + d]! - out[K + k * D + d]!;
    d2 += e * e;
  }
  return -D * Math.log(sigma) - 0.5 * D * LOG_2PI - d2 / (2 * sigma * sigma);
}

/**
 * Fill `joint` with log π_k + log N_k(y) and return the mixture's log-density log Σ_k π_k N_k(y)
 * (log-sum-exp, so far tails do not underflow to −∞).
 */
export function mixtureLogDensity(
  out: Float64Array,
  K: number,
  D: number,
  logPi: Float64Array,
  sigma: Float64Array,
  ys: ArrayLike<number>,
  yOff: number,
  joint: Float64Array,
): number {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    joint[k] = logPi[k]! + logNormal(out, K, D, k, sigma[k]!, ys, yOff);
    max = Math.max(max, joint[k]!);
  }
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let k = 0; k < K; k++) s += Math.exp(joint[k]! - max);
  return max + Math.log(s);
}

/** Responsibilities r_k = π_k N_k(y) / Σ_j π_j N_j(y), from `joint` and the log-density. */
export function responsibilities(joint: Float64Array, logDensity: number, K: number, r: Float64Array): void {
  for (let k = 0; k < K; k++) r[k] = Math.exp(joint[k]! - logDensity);
}

/**
 * ∂L/∂out (added, times `scale`) for the credit-weighted loss L = −Σ_k w_k (log π_k + log N_k(y)),
 * with the weights w held fixed (Σ w = 1). With w = the responsibilities this is exactly the gradient
 * of the mixture's negative log-likelihood (soft credit); with a one-hot w it is winner-takes-all.
 * Components with w_k = 0 still get the logit term π_k: they are told to lose weight.
 */
export function weightedOutputGrad(
  out: Float64Array,
  K: number,
  D: number,
  floor: number,
  logPi: Float64Array,
  sigma: Float64Array,
  w: ArrayLike<number>,
  ys: ArrayLike<number>,
  yOff: number,
  scale: number,
  dOut: Float64Array,
  withLogits = true,
): void {
  for (let k = 0; k < K; k++) {
    if (withLogits) dOut[k] = dOut[k]! + scale * (Math.exp(logPi[k]!) - w[k]!);
    const wk = w[k]!;
    if (wk === 0) continue;
    const s = sigma[k]!;
    const inv2 = 1 / (s * s);
    let d2 = 0;
    for (let d = 0; d < D; d++) {
      const e = out[K + k * D + d]! - ys[yOff + d]!;
      d2 += e * e;
      dOut[K + k * D + d] = dOut[K + k * D + d]! + scale * wk * e * inv2;
    }
    // ∂/∂σ (−log N) = D/σ − d²/σ³, and ∂σ/∂s = exp(s) = σ − floor.
    const dSigma = D / s - d2 * inv2 / s;
    dOut[K + K * D + k] = dOut[K + K * D + k]! + scale * wk * dSigma * (s - floor);
  }
}
