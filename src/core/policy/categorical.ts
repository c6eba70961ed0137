/** Softmax policies over K arms: probabilities at a temperature, entropy, sampling, Gumbel noise. */
import type { Rng } from '../rng';

/** p = softmax(θ / T), computed stably (max subtracted). Writes into out. */
export function softmax(theta: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < theta.length; k++) max = Math.max(max, theta[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < theta.length; k++) {
    const e = Math.exp(theta[k]! / temperature - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < theta.length; k++) out[k] = out[k]! / sum;
  return out;
}

/** Shannon entropy in nats; 0·log 0 counts as 0. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < p.length; k++) if (p[k]! > 0) h -= p[k]! * Math.log(p[k]!);
  return h;
}

/**
 * ∂H/∂θ for p = softmax(θ/T): −p_j (log p_j + H) / T. Added to the score-function gradient, scaled
 * by the entropy bonus β. Writes into out.
 */
export function entropyGradient(p: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  const h = entropy(p);
  for (let k = 0; k < p.length; k++) out[k] = p[k]! > 0 ? (-p[k]! * (Math.log(p[k]!) + h)) / temperature : 0;
  return out;
}

/** One arm drawn from p by inverse CDF. */
export function sampleArm(p: ArrayLike<number>, rng: Rng): number {
  const u = rng.next();
  let c = 0;
  for (let k = 0; k < p.length; k++) {
    c += p[k]!;
    if (u < c) return k;
  }
  return p.length - 1;
}

/** Standard Gumbel noise −log(−log u), u kept away from 0 and 1. */
export function gumbel(rng: Rng): number {
  const u = Math.min(1 - 1e-12, Math.max(1e-12, rng.next()));
  return -Math.log(-Math.log(u));
}

/** Expected reward Σ p_k m_k. */
export function expectedReward(p: ArrayLike<number>, means: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += p[k]! * means[k]!;
  return s;
}

/** Index of the largest entry. */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < x.length; k++) if (x[k]! > x[best]!) best = k;
  return best;
}
