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
}
