/**
 * What the sparse-credit experiment's snapshot().data holds: the frame its panel reads. tfjs-free (and
 * free of any computation), so the page can import it; the core builds it in sparse-credit.ts.
 */
import type { MechanismId } from '../credit/mechanism';

/** off: switched off; paused: its step would hold the worker too long at these sizes. */
export type LearnerStatus = 'off' | 'training' | 'diverged' | 'paused';

/** One learner (credit mechanism plus its own policy) as it stands. */
export interface SparseCreditRow {
  id: MechanismId;
  enabled: boolean;
  status: LearnerStatus;
  /** Why it diverged or is paused; empty otherwise. */
  message: string;
  /** Probability its policy chooses to study (take the key). */
  p: number;
  episodes: number;
  /** Episodes it took to reach p ≥ LEARNED, or null. */
  learnedAt: number | null;
  loss: number | null;
  /** Share of the latest training semester's credit on the choice (event 1); null before one at this T. */
  creditFirst: number | null;
  /** Mean credit per event in each of the frame's bins; empty when there is none. */
  creditBins: Float32Array;
  curveEpisodes: Float32Array;
  curveP: Float32Array;
  /** Credit share on the choice at each T of the sweep (NaN: not measured in this pass). */
  sweepShare: Float32Array;
  /** Size of the raw signal reaching the choice at each T of the sweep. */
  sweepFirst: Float32Array;
}

export interface SparseCreditFrame {
  T: number;
  task: 'semester' | 'key-to-door';
  batch: number;
  window: number;
  topK: number;
  quizzes: number;
  /** Events (0-based) of the quiz learner's quizzes. */
  quizTimes: Int32Array;
  /** Why a step was refused (over the memory budget), or null. */
  refused: string | null;
  memoryBytes: number;
  budgetBytes: number;
  /** Bin edges of the credit raster over events, 0-based. */
  binEdges: Int32Array;
  sweepT: Float32Array;
  /** Lengths of the sweep measured in this pass. */
  sweepDone: number;
  /** One row per mechanism, in MECHANISMS order. */
  rows: SparseCreditRow[];
}
