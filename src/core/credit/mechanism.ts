/**
 * What every credit mechanism offers the sparse-credit experiment: train on a batch of semesters
 * (updating its own parameters) and say how much the policy's choice should change, and measure,
 * without learning, the credit each event of one semester gets for the grade.
 */
import type { SemesterBatch, Task } from './semester';
import type { Rng } from '../rng';

export const MECHANISMS = ['bptt', 'tbptt', 'soft', 'sparse', 'abstract', 'quiz', 'critic'] as const;
export type MechanismId = (typeof MECHANISMS)[number];

export interface TrainContext {
  task: Task;
  learningRate: number;
  /** Truncation window k of truncated BPTT. */
  window: number;
  /** Events the sparse attention keeps. */
  topK: number;
  /** Quizzes between the choice and the grade. */
  quizzes: number;
  /** For the sampled top-k during training. */
  rng: Rng;
}

export interface TrainResult {
  /** Estimate of d E[return] / d φ for the policy logit φ, averaged over the batch. */
  policyGrad: number;
  /** Mean squared error of the batch's predictions (NaN when the model blew up). */
  loss: number;
  /** Normalised credit of every event of the batch's first semester. */
  credit: Float32Array;
}

export interface CreditProbe {
  /** Normalised credit of every event (sums to 1, or all zeros when no signal arrives). */
  credit: Float32Array;
  /** Size of the raw signal reaching the choice (gradient norm, attention weight or TD error). */
  first: number;
}

export interface Mechanism {
  readonly id: MechanismId;
  /** `actions[b]` is 1 when semester b's learner chose to study (take the key). */
  train(batch: SemesterBatch, actions: Uint8Array, p: number, ctx: TrainContext): TrainResult;
  /** Credit over one semester (tokens with the choice filled in) with the current parameters. */
  probe(tokens: Int32Array, rewards: Float32Array, ctx: TrainContext): CreditProbe;
  finite(): boolean;
  /** Parameters as one flat array (checkpoints). */
  save(): Float32Array;
  load(flat: Float32Array): void;
}

/** Copy a batch row with the learner's choice written into event 0. */
export function rowWithChoice(batch: SemesterBatch, b: number, study: boolean, out: Int32Array): Int32Array {
  out.set(batch.tokens.subarray(b * batch.T, (b + 1) * batch.T));
  out[0] = study ? 0 : 1;
  return out;
}

export function allFinite(...arrays: ArrayLike<number>[]): boolean {
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

/** Scale a set of gradient arrays so their joint norm is at most `max` (in place). */
export function clipNorm(max: number, ...grads: Float32Array[]): void {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  const n = Math.sqrt(s);
  if (!(n > max)) return;
  const f = max / n;
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * f;
}

export function concatFlat(...arrays: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export function splitFlat(flat: Float32Array, ...targets: Float32Array[]): void {
  let o = 0;
  for (const t of targets) {
    t.set(flat.subarray(o, o + t.length));
    o += t.length;
  }
}
