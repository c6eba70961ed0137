/**
 * What the worker sends the page each animation frame. Shared by both sides (the worker's scheduler
 * writes it, the bridge and the store read it); type-only, so neither side loads the other's code.
 */
import type { AnySnapshot } from '../core/contracts';

export interface FrameStats {
  running: boolean;
  stepsPerSecond: number;
  /** Time the last snapshot took to compute and read back, in ms. */
  snapshotMs: number;
}

/**
 * A snapshot of the current run, discriminated by `snapshot.experimentId`: checking the id narrows
 * `snapshot.data` to that experiment's frame type (its contract's), with no cast.
 */
export interface Frame {
  snapshot: AnySnapshot;
  stats: FrameStats;
  timeline: TimelineInfo;
}

/** The run's kept checkpoints (rewind and branch, src/worker/rewind.ts), for the scrubber. */
export interface TimelineInfo {
  /** Steps of the kept checkpoints, oldest first (dense near the present, thinning into the past). */
  steps: number[];
  /** Index into `steps` of the checkpoint shown now, or null at the present (the run's own step). */
  viewing: number | null;
  bytes: number;
  maxBytes: number;
  /** Why checkpoints are not being kept for this run (too large, or the experiment cannot), else null. */
  unavailable: string | null;
}

/** What showing a kept checkpoint answers (Host.view). */
export interface ViewResult {
  /** The step shown now. */
  step: number;
  /** True when that is the newest kept checkpoint: the scrubber is back at the present. */
  present: boolean;
  /** Set when the step asked for was not kept (thinned away): which one is shown instead. */
  note: string | null;
}
