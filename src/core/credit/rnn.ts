/**
 * A small tanh RNN that reads the semester event by event and predicts the return at the end
 * (and, for the quiz learner, each quiz's score where it happens). Backprop through time is written
 * out by hand: full, truncated to the last k events, or with the quiz outputs injecting gradient
 * part-way. The policy's signal is the gradient that reaches the choice, projected on "study − skip".
 */
import { createRng } from '../rng';
import { grade, quizTimes, SKIP, STUDY, TOKENS, type SemesterBatch } from './semester';
import { allFinite, clipNorm, concatFlat, rowWithChoice, splitFlat, type CreditProbe, type Mechanism, type MechanismId, type TrainContext, type TrainResult } from './mechanism';

/** Largest norm of one step's gradient (RNNs blow up without it; the divergence test lifts it with the rate). */
export const RNN_CLIP = 5;

type Kind = 'bptt' | 'tbptt' | 'quiz';

export class RnnMechanism implements Mechanism {
  readonly W: Float32Array;
  readonly U: Float32Array;
  readonly bh: Float32Array;
  readonly v: Float32Array;
  readonly head = new Float32Array(2); // [c, cq]
  readonly vq: Float32Array;
  private readonly gW: Float32Array;
  private readonly gU: Float32Array;
  private readonly gb: Float32Array;
  private readonly gv: Float32Array;
  private readonly gvq: Float32Array;
  private readonly gHead = new Float32Array(2);
  private readonly dh: Float32Array;
  private readonly dnext: Float32Array;

  constructor(
    readonly id: MechanismId & Kind,
    readonly H: number,
    seed: number,
  ) {
    const rng = createRng(seed);
    this.W = new Float32Array(H * H);
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) this.W[i * H + j] = (i === j ? 0.9 : 0) + (rng.normal() * 0.3) / Math.sqrt(H);
    this.U = Float32Array.from({ length: H * TOKENS }, () => rng.normal() * 0.5);
    this.bh = new Float32Array(H);
    this.v = Float32Array.from({ length: H }, () => rng.normal() / Math.sqrt(H));
    this.vq = Float32Array.from({ length: H }, () => rng.normal() / Math.sqrt(H));
    this.gW = new Float32Array(H * H);
    this.gU = new Float32Array(H * TOKENS);
    this.gb = new Float32Array(H);
    this.gv = new Float32Array(H);
    this.gvq = new Float32Array(H);
    this.dh = new Float32Array(H);
    this.dnext = new Float32Array(H);
  }

  /** h[s] for s = 0 … T into hs (row s at s·H); h[0] = 0. */
  private forward(tokens: Int32Array, hs: Float32Array): void {
    const { H, W, U, bh } = this;
    hs.fill(0, 0, H);
    const T = tokens.length;
    for (let s = 1; s <= T; s++) {
      const prev = (s - 1) * H;
      const cur = s * H;
      const x = tokens[s - 1]!;
      for (let i = 0; i < H; i++) {
        let a = bh[i]! + U[i * TOKENS + x]!;
        const wi = i * H;
        for (let j = 0; j < H; j++) a += W[wi + j]! * hs[prev + j]!;
        hs[cur + i] = Math.tanh(a);
      }
    }
  }

  private readout(hs: Float32Array, s: number, w: Float32Array, c: number): number {
    let y = c;
    for (let i = 0; i < this.H; i++) y += w[i]! * hs[s * this.H + i]!;
    return y;
  }

  /**
   * Backward from the end (scale `endScale` on v) and from the quizzes (scale quizScale[j] on vq at
   * h[τj + 1]) down to event `stop`. Fills credit[t] = |∂/∂(embedding of event t)|, returns the
   * gradient at the choice projected on U[:, study] − U[:, skip], and adds `accumulate` times the
   * weight gradients (0: none).
   */
  private backward(
    tokens: Int32Array,
    hs: Float32Array,
    endScale: number,
    quizAt: number[],
    quizScale: number[],
    stop: number,
    credit: Float32Array | null,
    accumulate: number,
  ): number {
    const { H, W, U } = this;
    const T = tokens.length;
    const dh = this.dh;
    const dn = this.dnext;
    for (let i = 0; i < H; i++) dh[i] = endScale * this.v[i]!;
    let q = quizAt.length - 1;
    let advantage = 0;
    if (credit) credit.fill(0);
    for (let s = T; s >= 1 && s - 1 >= stop; s--) {
      while (q >= 0 && quizAt[q]! + 1 === s) {
        for (let i = 0; i < H; i++) dh[i] = dh[i]! + quizScale[q]! * this.vq[i]!;
        q--;
      }
      const cur = s * H;
      const prev = (s - 1) * H;
      const x = tokens[s - 1]!;
      // dh becomes the gradient at the pre-activation of step s (the embedding of event s − 1).
      let norm = 0;
      for (let i = 0; i < H; i++) {
        const h = hs[cur + i]!;
        dh[i] = dh[i]! * (1 - h * h);
        norm += dh[i]! * dh[i]!;
      }
      if (credit) credit[s - 1] = Math.sqrt(norm);
      if (s === 1) for (let i = 0; i < H; i++) advantage += dh[i]! * (U[i * TOKENS + STUDY]! - U[i * TOKENS + SKIP]!);
      if (accumulate !== 0) {
        for (let i = 0; i < H; i++) {
          const d = dh[i]! * accumulate;
          if (d === 0) continue;
          const wi = i * H;
          for (let j = 0; j < H; j++) this.gW[wi + j] = this.gW[wi + j]! + d * hs[prev + j]!;
          this.gU[i * TOKENS + x] = this.gU[i * TOKENS + x]! + d;
          this.gb[i] = this.gb[i]! + d;
        }
      }
      dn.fill(0);
      for (let i = 0; i < H; i++) {
        const d = dh[i]!;
        const wi = i * H;
        for (let j = 0; j < H; j++) dn[j] = dn[j]! + W[wi + j]! * d;
      }
      dh.set(dn);
    }
    return advantage;
  }

  private stopFor(T: number, ctx: TrainContext): number {
    return this.id === 'tbptt' ? Math.max(0, T - Math.max(1, ctx.window)) : 0;
  }

  train(batch: SemesterBatch, actions: Uint8Array, p: number, ctx: TrainContext): TrainResult {
    const { T, B } = batch;
    const H = this.H;
    const hs = new Float32Array(B * (T + 1) * H);
    const tokens = new Int32Array(T);
    const credit = new Float32Array(T);
    const quizAt = this.id === 'quiz' ? quizTimes(T, ctx.quizzes) : [];
    const stop = this.stopFor(T, ctx);
    this.gW.fill(0);
    this.gU.fill(0);
    this.gb.fill(0);
    this.gv.fill(0);
    this.gvq.fill(0);
    this.gHead.fill(0);
    let lossSum = 0;
    let advSum = 0;
    for (let b = 0; b < B; b++) {
      const studied = actions[b] === 1;
      rowWithChoice(batch, b, studied, tokens);
      const h = hs.subarray(b * (T + 1) * H, (b + 1) * (T + 1) * H);
      this.forward(tokens, h);
      let R = grade(ctx.task, studied);
      for (let t = 0; t < T; t++) R += batch.rewards[b * T + t]!;
      const y = this.readout(h, T, this.v, this.head[0]!);
      const eEnd = 2 * (y - R);
      lossSum += (y - R) ** 2;
      for (let i = 0; i < H; i++) this.gv[i] = this.gv[i]! + eEnd * h[T * H + i]!;
      this.gHead[0] = this.gHead[0]! + eEnd;
      const qScale: number[] = [];
      const qOne: number[] = [];
      const qTarget = grade(ctx.task, studied);
      for (const tq of quizAt) {
        const yq = this.readout(h, tq + 1, this.vq, this.head[1]!);
        const e = 2 * (yq - qTarget);
        lossSum += (yq - qTarget) ** 2;
        for (let i = 0; i < H; i++) this.gvq[i] = this.gvq[i]! + e * h[(tq + 1) * H + i]!;
        this.gHead[1] = this.gHead[1]! + e;
        qScale.push(e);
        qOne.push(1);
      }
      // The prediction's own gradient is the credit (and the policy's signal); the loss gradient is
      // that times 2(ŷ − R) when there is one output, so one pass serves both.
      const row = b === 0 ? credit : null;
      if (quizAt.length === 0) {
        advSum += this.backward(tokens, h, 1, [], [], stop, row, eEnd);
      } else {
        advSum += this.backward(tokens, h, 1, quizAt, qOne, stop, row, 0);
        this.backward(tokens, h, eEnd, quizAt, qScale, stop, null, 1);
      }
    }
    const scale = 1 / B;
    for (const g of [this.gW, this.gU, this.gb, this.gv, this.gvq, this.gHead]) for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
    clipNorm(RNN_CLIP, this.gW, this.gU, this.gb, this.gv, this.gvq, this.gHead);
    const lr = ctx.learningRate;
    const pairs: [Float32Array, Float32Array][] = [
      [this.W, this.gW],
      [this.U, this.gU],
      [this.bh, this.gb],
      [this.v, this.gv],
      [this.vq, this.gvq],
      [this.head, this.gHead],
    ];
    for (const [w, g] of pairs) for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
    let total = 0;
    for (let t = 0; t < T; t++) total += credit[t]!;
    if (total > 0) for (let t = 0; t < T; t++) credit[t] = credit[t]! / total;
    return { policyGrad: (advSum / B) * p * (1 - p), loss: lossSum / B, credit };
  }

  probe(tokens: Int32Array, _rewards: Float32Array, ctx: TrainContext): CreditProbe {
    const T = tokens.length;
    const hs = new Float32Array((T + 1) * this.H);
    this.forward(tokens, hs);
    const credit = new Float32Array(T);
    const quizAt = this.id === 'quiz' ? quizTimes(T, ctx.quizzes) : [];
    this.backward(tokens, hs, 1, quizAt, quizAt.map(() => 1), this.stopFor(T, ctx), credit, 0);
    const first = credit[0]!;
    let total = 0;
    for (let t = 0; t < T; t++) total += credit[t]!;
    if (total > 0 && Number.isFinite(total)) for (let t = 0; t < T; t++) credit[t] = credit[t]! / total;
    return { credit, first };
  }

  finite(): boolean {
    return allFinite(this.W, this.U, this.bh, this.v, this.vq, this.head);
  }

  save(): Float32Array {
    return concatFlat(this.W, this.U, this.bh, this.v, this.vq, this.head);
  }

  load(flat: Float32Array): void {
    splitFlat(flat, this.W, this.U, this.bh, this.v, this.vq, this.head);
  }
}
