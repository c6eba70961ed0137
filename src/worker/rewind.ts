/**
 * Rewind and branch (issue 16) on the worker side: the scheduler hands the run to `record` as it trains
 * and `Rewind` keeps checkpoints in a CheckpointTimeline (geometric thinning within 32 MB). `view` shows
 * a kept checkpoint by restoring it into the run (paused); `branch` (Train or Step while viewing the
 * past) abandons the checkpoints after the one shown, and the run goes on from there with the settings
 * it has now. Because a checkpoint holds the optimiser's moments and the random streams, a run restored
 * from it takes the original's steps bit for bit (src/core/timeline/replay.test.ts).
 */
import type { Run } from '../core/experiment';
import { CheckpointTimeline, TIMELINE_MAX_BYTES } from '../core/timeline/timeline';
import type { TimelineInfo, ViewResult } from '../shared/frame';

/** Wall time between checkpoints while training: at most four a second (each costs a read-back). */
const RECORD_EVERY_MS = 250;

export class Rewind {
  private readonly timeline = new CheckpointTimeline();
  private viewing: number | null = null;
  private lastRecord = -Infinity;
  private unavailable: string | null = null;

  /** A new or rebuilt run: its past is not this one's. */
  clear(): void {
    this.timeline.clear();
    this.viewing = null;
    this.lastRecord = -Infinity;
    this.unavailable = null;
  }

  /** Keep a checkpoint of `run` when one is due (or `force`: the start, a single step, leaving the present). */
  async record(run: Run, now: number, force = false): Promise<void> {
    if (this.viewing !== null || this.unavailable !== null) return;
    if (!run.checkpoint || !run.restore) {
      this.unavailable = 'this experiment keeps no checkpoints, so it cannot be rewound';
      return;
    }
    if (!force && now - this.lastRecord < RECORD_EVERY_MS) return;
    this.lastRecord = now;
    const added = this.timeline.add(await run.checkpoint());
    if (!added.kept) this.unavailable = added.reason;
  }

  get isEmpty(): boolean {
    return this.timeline.length === 0;
  }

  /** The run's step went back without a view (divergence rolled back): the future after it is gone. */
  rolledBack(step: number): void {
    this.timeline.truncateAfter(step);
  }

  /**
   * Show the checkpoint at `step` (or the latest kept before it, saying so), restored into `run`. Before
   * leaving the present it is kept, so the newest position of the scrubber brings it back.
   */
  async view(run: Run, step: number, now: number): Promise<ViewResult | null> {
    if (!run.restore) return null;
    if (this.viewing === null) await this.record(run, now, true);
    const entry = this.timeline.nearest(step);
    if (!entry) return null;
    run.restore(entry.checkpoint);
    const steps = this.timeline.steps;
    const index = steps.indexOf(entry.step);
    this.viewing = index === steps.length - 1 ? null : index;
    const shown = entry.step.toLocaleString('en-US');
    const note = entry.step === step ? null : `Step ${step.toLocaleString('en-US')} was not kept (the past thins out); showing step ${shown}, the nearest kept before it.`;
    return { step: entry.step, present: this.viewing === null, note };
  }

  /** Train or Step while viewing the past: the checkpoints after the one shown are abandoned. */
  branch(): number | null {
    if (this.viewing === null) return null;
    const from = this.timeline.steps[this.viewing]!;
    this.timeline.truncateAfter(from);
    this.viewing = null;
    return from;
  }

  get isViewingPast(): boolean {
    return this.viewing !== null;
  }

  info(): TimelineInfo {
    return { steps: this.timeline.steps, viewing: this.viewing, bytes: this.timeline.bytes, maxBytes: TIMELINE_MAX_BYTES, unavailable: this.unavailable };
  }
}
