/**
 * A learned critic (actor-critic): V(state) = w_choice[a] + w_token[x_t], trained online by TD(0)
 * with γ = 1. Its state carries what was decided at event 0 (a student knows whether they studied),
 * so the TD error right after the choice, V(after) − V(before), arrives at once: an intermediate reward
 * the critic has learned to hand out. The credit of event t is |δ_t| over the semester.
 */
import { grade, TOKENS, type SemesterBatch } from './semester';
import { allFinite, concatFlat, rowWithChoice, splitFlat, type CreditProbe, type Mechanism, type TrainContext, type TrainResult } from './mechanism';

export class CriticMechanism implements Mechanism {
  readonly id = 'critic' as const;
  /** [V(start), w_choice[study], w_choice[skip]] */
  readonly w = new Float32Array(3);
  readonly wTok = new Float32Array(TOKENS);

  /** TD errors of one semester, δ_0 … δ_{T−1}; updates the weights when `lr` > 0. */
  private sweep(tokens: Int32Array, rewards: Float32Array, offset: number, studied: boolean, task: TrainContext['task'], lr: number, deltas: Float32Array): void {
    const T = tokens.length;
    const a = studied ? 1 : 2;
    const value = (t: number) => this.w[a]! + this.wTok[tokens[t]!]!;
    // Event 0: from the start state to the first state that knows the choice.
    const d0 = value(1) - this.w[0]!;
    deltas[0] = d0;
    this.w[0] = this.w[0]! + lr * d0;
    for (let t = 1; t < T; t++) {
      const r = t === T - 1 ? grade(task, studied) : rewards[offset + t]!;
      const next = t === T - 1 ? 0 : value(t + 1);
      const d = r + next - value(t);
      deltas[t] = d;
      if (lr > 0) {
        this.w[a] = this.w[a]! + 0.5 * lr * d;
        this.wTok[tokens[t]!] = this.wTok[tokens[t]!]! + 0.5 * lr * d;
      }
    }
  }

  train(batch: SemesterBatch, actions: Uint8Array, p: number, ctx: TrainContext): TrainResult {
    const { T, B } = batch;
    const tokens = new Int32Array(T);
    const deltas = new Float32Array(T);
    const credit = new Float32Array(T);
    let pg = 0;
    let sq = 0;
    for (let b = 0; b < B; b++) {
      const studied = actions[b] === 1;
      rowWithChoice(batch, b, studied, tokens);
      this.sweep(tokens, batch.rewards, b * T, studied, ctx.task, ctx.learningRate, deltas);
      // Actor: the TD error after the choice is the choice's reward; REINFORCE with it.
      pg += deltas[0]! * ((studied ? 1 : 0) - p);
      let s = 0;
      for (let t = 0; t < T; t++) s += deltas[t]! ** 2;
      sq += s / T;
      if (b === 0) for (let t = 0; t < T; t++) credit[t] = Math.abs(deltas[t]!);
    }
    let total = 0;
    for (let t = 0; t < T; t++) total += credit[t]!;
    if (total > 0 && Number.isFinite(total)) for (let t = 0; t < T; t++) credit[t] = credit[t]! / total;
    return { policyGrad: pg / B, loss: sq / B, credit };
  }

  probe(tokens: Int32Array, rewards: Float32Array, ctx: TrainContext): CreditProbe {
    const T = tokens.length;
    const credit = new Float32Array(T);
    const saved = this.save();
    this.sweep(tokens, rewards, 0, tokens[0] === 0, ctx.task, 0, credit);
    this.load(saved);
    const first = Math.abs(credit[0]!);
    let total = 0;
    for (let t = 0; t < T; t++) {
      credit[t] = Math.abs(credit[t]!);
      total += credit[t]!;
    }
    if (total > 0 && Number.isFinite(total)) for (let t = 0; t < T; t++) credit[t] = credit[t]! / total;
    return { credit, first };
  }

  finite(): boolean {
    return allFinite(this.w, this.wTok);
  }

  save(): Float32Array {
    return concatFlat(this.w, this.wTok);
  }

  load(flat: Float32Array): void {
    splitFlat(flat, this.w, this.wTok);
  }
}
