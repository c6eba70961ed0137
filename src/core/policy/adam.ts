/** Adam for a handful of numbers (a policy's mean and log-std, or K logits), gradient ASCENT. */
export class SmallAdam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** params += lr · m̂ / (√v̂ + ε), in place. */
  ascend(params: Float64Array, grad: ArrayLike<number>, lr: number): void {
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      this.m[i] = 0.9 * this.m[i]! + 0.1 * g;
      this.v[i] = 0.999 * this.v[i]! + 0.001 * g * g;
      params[i] = params[i]! + (lr * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + 1e-8);
    }
  }

  /** [t, m..., v...] for checkpoints. */
  state(): Float64Array {
    const out = new Float64Array(1 + 2 * this.m.length);
    out[0] = this.t;
    out.set(this.m, 1);
    out.set(this.v, 1 + this.m.length);
    return out;
  }

  /** Load what state() wrote; false (nothing changed) when the size does not match. */
  setState(s: ArrayLike<number>): boolean {
    const n = this.m.length;
    if (s.length !== 1 + 2 * n) return false;
    this.t = s[0]!;
    for (let i = 0; i < n; i++) {
      this.m[i] = s[1 + i]!;
      this.v[i] = s[1 + n + i]!;
    }
    return true;
  }
}
