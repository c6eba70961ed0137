/**
 * What one training step will allocate and compute, estimated from the settings before anything is
 * allocated: the experiment refuses settings over the memory budget and pauses a learner whose step
 * would hold the worker for too long.
 */
import type { MechanismId } from './mechanism';

/** Bytes one training step may allocate across all learners. */
export const MEMORY_BUDGET_BYTES = 256 * 2 ** 20;
/** Multiply-adds one learner may spend on one step (about 0.1 s in a browser's JIT). */
export const WORK_CAP = 3e7;

export interface Sizes {
  T: number;
  B: number;
  H: number;
  topK: number;
  quizzes: number;
  window: number;
}

/** Bytes of the arrays a step of this learner allocates (hidden states, weights or scores of the batch). */
export function stepBytes(id: MechanismId, s: Sizes): number {
  const f = 4;
  switch (id) {
    case 'bptt':
    case 'tbptt':
    case 'quiz':
      // Every hidden state of every semester of the batch, kept for the backward pass.
      return s.B * (s.T + 1) * s.H * f + 2 * s.T * f;
    case 'soft':
    case 'sparse':
      // One score or weight per event of the batch (one query, never T × T), and k indices.
      return s.B * s.T * f + 3 * s.T * f + s.B * s.topK * 8;
    case 'critic':
      return 3 * s.T * f;
    case 'abstract':
      return s.T * f;
  }
}

/** Multiply-adds of one step. */
export function stepWork(id: MechanismId, s: Sizes): number {
  const cell = s.H * (s.H + 2);
  switch (id) {
    case 'bptt':
      return s.B * s.T * cell * 3;
    case 'tbptt':
      return s.B * (s.T * cell + Math.min(s.T, s.window) * cell * 2);
    case 'quiz':
      return s.B * s.T * cell * 5;
    case 'soft':
    case 'sparse':
      return s.B * s.T * 12;
    case 'critic':
      return s.B * s.T * 6;
    case 'abstract':
      return s.B * 10;
  }
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GB`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
