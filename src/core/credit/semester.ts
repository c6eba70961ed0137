/**
 * The semester (REFERENCES §5, seed §4): event 0 is a choice (study or not; in the key-to-door
 * variant, take the key or not), events 1 … T − 2 are distractors (random tokens, optional small
 * rewards), and event T − 1 is the grade, which depends only on the choice. Pure arithmetic, no tensors.
 */
import type { Rng } from '../rng';

export const TASKS = ['semester', 'key-to-door'] as const;
export type Task = (typeof TASKS)[number];

/** Token ids: the two choices, eight distractor kinds, the grade (exam or door). */
export const STUDY = 0;
export const SKIP = 1;
export const FIRST_DISTRACTOR = 2;
export const DISTRACTOR_KINDS = 8;
export const GRADE_TOKEN = FIRST_DISTRACTOR + DISTRACTOR_KINDS;
export const TOKENS = GRADE_TOKEN + 1;
/** In key-to-door, the distractor kind that is an apple (the others are empty corridor). */
export const APPLE = FIRST_DISTRACTOR;

/** A batch of B semesters of length T, row-major [B, T]; the choice slot (event 0) is filled by each learner. */
export interface SemesterBatch {
  task: Task;
  T: number;
  B: number;
  tokens: Int32Array;
  /** Distractor reward of each event (0 at the choice and the grade). */
  rewards: Float32Array;
}

export function sampleBatch(rng: Rng, task: Task, T: number, B: number, distractorReward: number): SemesterBatch {
  const tokens = new Int32Array(B * T);
  const rewards = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const row = b * T;
    tokens[row] = STUDY;
    for (let t = 1; t < T - 1; t++) {
      const kind = rng.int(DISTRACTOR_KINDS);
      tokens[row + t] = FIRST_DISTRACTOR + kind;
      if (distractorReward > 0) {
        // Semester: a random ±a each day, unrelated to the grade. Key-to-door: a per apple.
        if (task === 'semester') rewards[row + t] = rng.next() < 0.5 ? distractorReward : -distractorReward;
        else if (FIRST_DISTRACTOR + kind === APPLE) rewards[row + t] = distractorReward;
      }
    }
    tokens[row + T - 1] = GRADE_TOKEN;
  }
  return { task, T, B, tokens, rewards };
}

/** The grade at the end: pass (+1) or fail (−1) in the semester; the door pays 1 with the key, else 0. */
export function grade(task: Task, studied: boolean): number {
  if (task === 'semester') return studied ? 1 : -1;
  return studied ? 1 : 0;
}

/** Event indices of m quizzes spread evenly between the choice and the grade. */
export function quizTimes(T: number, m: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= m; j++) {
    const t = Math.round((j * (T - 1)) / (m + 1));
    if (t >= 1 && t <= T - 2 && out[out.length - 1] !== t) out.push(t);
  }
  return out;
}

/** Geometric bins over event indices for the heatmap: event 0 alone, then wider and wider bins up to T. */
export function logBins(T: number, maxBins: number): Int32Array {
  const edges = [0, 1];
  const n = Math.max(2, maxBins);
  for (let i = 1; i <= n; i++) {
    const e = Math.round(T ** (i / n));
    if (e > edges[edges.length - 1]! && e <= T) edges.push(e);
  }
  if (edges[edges.length - 1] !== T) edges.push(T);
  return Int32Array.from(edges);
}

/** Mean credit per event inside each bin. */
export function binCredit(credit: Float32Array, edges: Int32Array): Float32Array {
  const out = new Float32Array(edges.length - 1);
  for (let i = 0; i + 1 < edges.length; i++) {
    let s = 0;
    for (let t = edges[i]!; t < edges[i + 1]!; t++) s += credit[t]!;
    out[i] = s / (edges[i + 1]! - edges[i]!);
  }
  return out;
}

/** Divide by the sum so the credit of one semester adds up to 1 (all zeros stay zeros). */
export function normalise(credit: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < credit.length; i++) s += credit[i]!;
  if (s > 0 && Number.isFinite(s)) for (let i = 0; i < credit.length; i++) credit[i] = credit[i]! / s;
  return credit;
}
