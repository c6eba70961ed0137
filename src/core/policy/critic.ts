/**
 * A small reward model for the policy experiments: one tanh hidden layer, x ∈ R^d → H → 1, written
 * out by hand in plain arithmetic (a bandit step is a few dozen numbers; tensors would be all
 * dispatch). It fits (x, r) pairs by Adam on squared error, and gives ∂critic/∂x, the direction a
 * policy that backprops through the model follows.
 */
import type { Rng } from '../rng';

export interface CriticFit {
  /** Mean squared error of the minibatch before the update. */
  loss: number;
  /** False when the loss or the weights left the finite range (the caller stops using the critic). */
  finite: boolean;
}

export class Critic {
  /** Layout: W1 [h, d] row-major, b1 [h], w2 [h], b2. */
  readonly w: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly hid: Float64Array;
  private readonly grad: Float64Array;

  constructor(
    readonly inputs: number,
    readonly hidden: number,
    rng: Rng,
    /** Multiplies each input before the first layer (keeps tanh out of saturation for wide action ranges). */
    readonly inputScale = 1,
  ) {
    const size = hidden * inputs + hidden + hidden + 1;
    this.w = new Float64Array(size);
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.hid = new Float64Array(hidden);
    this.grad = new Float64Array(size);
    const s1 = Math.sqrt(2 / (inputs + hidden)) * 2;
    for (let i = 0; i < hidden * inputs; i++) this.w[i] = s1 * rng.normal();
    // Spread the first-layer biases so the hidden units' kinks tile the input range.
    for (let j = 0; j < hidden; j++) this.w[hidden * inputs + j] = (rng.next() * 2 - 1) * 2;
    const s2 = Math.sqrt(1 / hidden);
    for (let j = 0; j < hidden; j++) this.w[hidden * inputs + hidden + j] = s2 * rng.normal() * 0.1;
  }

  get size(): number {
    return this.w.length;
  }

  /** Weights and Adam moments, [t, w..., m..., v...], for checkpoints. */
  state(): Float64Array {
    const n = this.w.length;
    const out = new Float64Array(1 + 3 * n);
    out[0] = this.t;
    out.set(this.w, 1);
    out.set(this.m, 1 + n);
    out.set(this.v, 1 + 2 * n);
    return out;
  }

  /** Load what state() wrote; false (nothing changed) when the size does not match. */
  setState(s: ArrayLike<number>): boolean {
    const n = this.w.length;
    if (s.length !== 1 + 3 * n) return false;
    this.t = s[0]!;
    for (let i = 0; i < n; i++) {
      this.w[i] = s[1 + i]!;
      this.m[i] = s[1 + n + i]!;
      this.v[i] = s[1 + 2 * n + i]!;
    }
    return true;
  }

  private forwardHidden(x: ArrayLike<number>, offset: number): number {
    const { inputs: d, hidden: h, w, hid, inputScale } = this;
    const w2 = h * d + h;
    let out = w[w2 + h]!;
    for (let j = 0; j < h; j++) {
      let z = w[h * d + j]!;
      for (let i = 0; i < d; i++) z += w[j * d + i]! * x[offset + i]! * inputScale;
      const a = Math.tanh(z);
      hid[j] = a;
      out += w[w2 + j]! * a;
    }
    return out;
  }

  /** critic(x) for one input stored at x[offset .. offset + d). */
  predict(x: ArrayLike<number>, offset = 0): number {
    return this.forwardHidden(x, offset);
  }

  /** ∂critic/∂x at x (written into out[0 .. d)), and the value. */
  inputGradient(x: ArrayLike<number>, out: Float64Array, offset = 0): number {
    const value = this.forwardHidden(x, offset);
    const { inputs: d, hidden: h, w, hid, inputScale } = this;
    const w2 = h * d + h;
    out.fill(0, 0, d);
    for (let j = 0; j < h; j++) {
      const back = w[w2 + j]! * (1 - hid[j]! * hid[j]!) * inputScale;
      for (let i = 0; i < d; i++) out[i] = out[i]! + back * w[j * d + i]!;
    }
    return value;
  }

  /**
   * One Adam step on the mean squared error over `rows` (indices into xs [n, d] and ys [n]).
   * Returns the minibatch loss before the step.
   */
  fit(xs: Float64Array, ys: Float64Array, rows: ArrayLike<number>, lr: number): CriticFit {
    const { inputs: d, hidden: h, w, hid, grad, inputScale } = this;
    const w2 = h * d + h;
    grad.fill(0);
    let loss = 0;
    const n = rows.length;
    for (let k = 0; k < n; k++) {
      const row = rows[k]!;
      const err = this.forwardHidden(xs, row * d) - ys[row]!;
      loss += err * err;
      const e = (2 * err) / n;
      grad[w2 + h] = grad[w2 + h]! + e;
      for (let j = 0; j < h; j++) {
        grad[w2 + j] = grad[w2 + j]! + e * hid[j]!;
        const back = e * w[w2 + j]! * (1 - hid[j]! * hid[j]!);
        grad[h * d + j] = grad[h * d + j]! + back;
        for (let i = 0; i < d; i++) grad[j * d + i] = grad[j * d + i]! + back * xs[row * d + i]! * inputScale;
      }
    }
    loss /= Math.max(1, n);
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    let finite = Number.isFinite(loss);
    for (let i = 0; i < w.length; i++) {
      const g = grad[i]!;
      this.m[i] = b1 * this.m[i]! + (1 - b1) * g;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g;
      w[i] = w[i]! - (lr * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + 1e-8);
      if (!Number.isFinite(w[i]!)) finite = false;
    }
    return { loss, finite };
  }
}

/** A fixed-capacity ring of (x, r) samples the critic is fitted on. */
export class SampleBuffer {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly inputs: number,
    readonly capacity: number,
  ) {
    this.xs = new Float64Array(inputs * capacity);
    this.ys = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** [next, count, xs..., ys...] for checkpoints. */
  state(): Float64Array {
    const out = new Float64Array(2 + this.xs.length + this.ys.length);
    out[0] = this.next;
    out[1] = this.count;
    out.set(this.xs, 2);
    out.set(this.ys, 2 + this.xs.length);
    return out;
  }

  /** Load what state() wrote; false (nothing changed) when the size or the counters do not fit. */
  setState(s: ArrayLike<number>): boolean {
    const nx = this.xs.length;
    if (s.length !== 2 + nx + this.ys.length) return false;
    const next = s[0]!;
    const count = s[1]!;
    const ok = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
    if (!ok(next, this.capacity - 1) || !ok(count, this.capacity)) return false;
    this.next = next;
    this.count = count;
    for (let i = 0; i < nx; i++) this.xs[i] = s[2 + i]!;
    for (let i = 0; i < this.ys.length; i++) this.ys[i] = s[2 + nx + i]!;
    return true;
  }

  add(x: ArrayLike<number>, r: number, offset = 0): void {
    for (let i = 0; i < this.inputs; i++) this.xs[this.next * this.inputs + i] = x[offset + i]!;
    this.ys[this.next] = r;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** Random rows (with replacement) for one minibatch. */
  draw(rng: Rng, size: number, out: Int32Array): Int32Array {
    for (let k = 0; k < size; k++) out[k] = rng.int(this.count);
    return out;
  }

  /** The `n` newest samples, newest last: [x..., r] pairs for a 1-input buffer. */
  recent(n: number): { x: Float32Array; r: Float32Array } {
    const m = Math.min(n, this.count);
    const x = new Float32Array(m * this.inputs);
    const r = new Float32Array(m);
    for (let k = 0; k < m; k++) {
      const row = (this.next - m + k + this.capacity) % this.capacity;
      for (let i = 0; i < this.inputs; i++) x[k * this.inputs + i] = this.xs[row * this.inputs + i]!;
      r[k] = this.ys[row]!;
    }
    return { x, r };
  }
}
