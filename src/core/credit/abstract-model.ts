/**
 * The abstract model of seed §5: the semester compressed into two steps, "what I decided" → "how
 * prepared I am" → "the grade", z = tanh(w₁a + b₁), ĝ = w₂z + b₂ with a = ±1. It never sees the
 * distractors, so backprop through it has nowhere to go but the choice: all the credit lands on event 0
 * whatever T is. The structure is the prior; the weights are learned from (choice, return) pairs.
 */
import { createRng } from '../rng';
import { grade, type SemesterBatch } from './semester';
import { allFinite, type CreditProbe, type Mechanism, type TrainContext, type TrainResult } from './mechanism';

export class AbstractMechanism implements Mechanism {
  readonly id = 'abstract' as const;
  /** [w1, b1, w2, b2] */
  readonly w: Float32Array;

  constructor(seed: number) {
    const rng = createRng(seed);
    this.w = Float32Array.from([rng.normal() * 0.5, 0, rng.normal() * 0.5, 0]);
  }

  train(batch: SemesterBatch, actions: Uint8Array, p: number, ctx: TrainContext): TrainResult {
    const { T, B } = batch;
    const g = new Float32Array(4);
    let adv = 0;
    let loss = 0;
    const [w1, b1, w2, b2] = this.w as unknown as [number, number, number, number];
    for (let b = 0; b < B; b++) {
      const studied = actions[b] === 1;
      const a = studied ? 1 : -1;
      let R = grade(ctx.task, studied);
      for (let t = 0; t < T; t++) R += batch.rewards[b * T + t]!;
      const z = Math.tanh(w1 * a + b1);
      const y = w2 * z + b2;
      const e = 2 * (y - R);
      loss += (y - R) ** 2;
      const dz = e * w2 * (1 - z * z);
      g[0] = g[0]! + dz * a;
      g[1] = g[1]! + dz;
      g[2] = g[2]! + e * z;
      g[3] = g[3]! + e;
      // d ĝ / d a through the two steps; study − skip is a change of 2 in a.
      adv += 2 * w2 * (1 - z * z) * w1;
    }
    for (let i = 0; i < 4; i++) this.w[i] = this.w[i]! - (ctx.learningRate * g[i]!) / B;
    const credit = new Float32Array(T);
    credit[0] = 1;
    return { policyGrad: (adv / B) * p * (1 - p), loss: loss / B, credit };
  }

  probe(tokens: Int32Array): CreditProbe {
    const credit = new Float32Array(tokens.length);
    credit[0] = 1;
    const [w1, b1, w2] = this.w as unknown as [number, number, number];
    const z = Math.tanh(w1 + b1);
    return { credit, first: Math.abs(w2 * (1 - z * z) * w1) };
  }

  finite(): boolean {
    return allFinite(this.w);
  }

  save(): Float32Array {
    return Float32Array.from(this.w);
  }

  load(flat: Float32Array): void {
    this.w.set(flat.subarray(0, 4));
  }
}
