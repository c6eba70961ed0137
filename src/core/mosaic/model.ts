/**
 * A learned forward model of the mass: from the velocity v and the action a, the next velocity.
 * One hidden tanh layer with a linear skip, on inputs scaled to about ±1, predicting the velocity change
 * in units of a full push (DV_UNIT):
 *
 *   u = (v / V_SCALE, a),   y = W2·tanh(W1 u + b1) + b2 + L·u,   v̂' = v + DV_UNIT · y
 *
 * Plain Float64Array arithmetic with hand-written gradients (checked against finite differences in the
 * tests): a tensor op per scalar would cost more than the model computes.
 *
 * Parameter layout in `w` (H hidden units): W1 [H×2] | b1 [H] | W2 [H] | b2 | L [2].
 */
import type { Rng } from '../rng';
import { DV_UNIT, V_SCALE } from './world';

export function paramCount(hidden: number): number {
  return 4 * hidden + 3;
}

/** A prediction and its derivatives with respect to the inputs (for the planner's chain rule). */
export interface Prediction {
  next: number;
  /** ∂v̂'/∂v */
  dv: number;
  /** ∂v̂'/∂a */
  da: number;
}

/** Anything the planner can roll out: a learned model or the true dynamics. */
export interface ForwardModel {
  predict(v: number, a: number, out: Prediction): Prediction;
}

export class MlpModel implements ForwardModel {
  readonly w: Float64Array;
  private readonly h: Float64Array;
  private readonly g: Float64Array;

  constructor(readonly hidden: number, rng: Rng) {
    this.w = new Float64Array(paramCount(hidden));
    this.h = new Float64Array(hidden);
    this.g = new Float64Array(paramCount(hidden));
    const H = hidden;
    // Glorot-like scales; the skip L starts at zero so a fresh model predicts "no change" ± a little.
    for (let i = 0; i < 2 * H; i++) this.w[i] = rng.normal() * Math.SQRT1_2;
    for (let j = 0; j < H; j++) this.w[3 * H + j] = (rng.normal() * 0.5) / Math.sqrt(H);
  }

  /** The normalised output y (velocity change in units of DV_UNIT), filling the hidden activations. */
  private forward(u0: number, u1: number): number {
    const H = this.hidden;
    const w = this.w;
    let y = w[4 * H]! + w[4 * H + 1]! * u0 + w[4 * H + 2]! * u1;
    for (let j = 0; j < H; j++) {
      const hj = Math.tanh(w[2 * j]! * u0 + w[2 * j + 1]! * u1 + w[2 * H + j]!);
      this.h[j] = hj;
      y += w[3 * H + j]! * hj;
    }
    return y;
  }

  predict(v: number, a: number, out: Prediction): Prediction {
    const H = this.hidden;
    const w = this.w;
    const y = this.forward(v / V_SCALE, a);
    let dy0 = w[4 * H + 1]!;
    let dy1 = w[4 * H + 2]!;
    for (let j = 0; j < H; j++) {
      const s = w[3 * H + j]! * (1 - this.h[j]! * this.h[j]!);
      dy0 += s * w[2 * j]!;
      dy1 += s * w[2 * j + 1]!;
    }
    out.next = v + DV_UNIT * y;
    out.dv = 1 + (DV_UNIT * dy0) / V_SCALE;
    out.da = DV_UNIT * dy1;
    return out;
  }

  /** Squared error in normalised units, (y − y*)², of predicting `next` from (v, a). */
  error(v: number, a: number, next: number): number {
    const r = this.forward(v / V_SCALE, a) - (next - v) / DV_UNIT;
    return r * r;
  }

  /**
   * The gradient of ½(y − y*)² with respect to w, into `grad` (overwritten). Returns the loss.
   * Kept separate from the update so the tests can check it against finite differences.
   */
  lossGradient(v: number, a: number, next: number, grad: Float64Array): number {
    const H = this.hidden;
    const w = this.w;
    const u0 = v / V_SCALE;
    const u1 = a;
    const r = this.forward(u0, u1) - (next - v) / DV_UNIT;
    for (let j = 0; j < H; j++) {
      const hj = this.h[j]!;
      const s = r * w[3 * H + j]! * (1 - hj * hj);
      grad[2 * j] = s * u0;
      grad[2 * j + 1] = s * u1;
      grad[2 * H + j] = s;
      grad[3 * H + j] = r * hj;
    }
    grad[4 * H] = r;
    grad[4 * H + 1] = r * u0;
    grad[4 * H + 2] = r * u1;
    return 0.5 * r * r;
  }

  /** One plain SGD step on one transition; returns its loss before the step (NaN/Inf passes through). */
  sgd(v: number, a: number, next: number, lr: number): number {
    const loss = this.lossGradient(v, a, next, this.g);
    for (let i = 0; i < this.w.length; i++) this.w[i] = this.w[i]! - lr * this.g[i]!;
    return loss;
  }

  /**
   * Root-mean-square normalised error on held-out inputs (v, a interleaved) against several sets of
   * true next velocities (one per regime, the same inputs), into `out`: one forward pass per input.
   */
  heldOutErrors(inputs: Float64Array, nexts: readonly Float64Array[], out: Float64Array): Float64Array {
    out.fill(0);
    const n = inputs.length / 2;
    for (let i = 0; i < n; i++) {
      const v = inputs[2 * i]!;
      const y = this.forward(v / V_SCALE, inputs[2 * i + 1]!);
      for (let k = 0; k < nexts.length; k++) out[k] = out[k]! + (y - (nexts[k]![i]! - v) / DV_UNIT) ** 2;
    }
    for (let k = 0; k < nexts.length; k++) out[k] = Math.sqrt(out[k]! / n);
    return out;
  }
}

/** The true dynamics of one regime as a forward model (the reference controller's "model"). */
export class TrueModel implements ForwardModel {
  constructor(
    public rho: number,
    public beta: number,
  ) {}
  predict(v: number, a: number, out: Prediction): Prediction {
    out.next = this.rho * v + this.beta * a;
    out.dv = this.rho;
    out.da = this.beta;
    return out;
  }
}
