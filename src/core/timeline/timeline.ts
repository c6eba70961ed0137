/**
 * The checkpoints a run keeps as it trains, for rewind and branch (issue 16). Dense near the present and
 * thinning into the past: when a new checkpoint would take the timeline past its count or its memory
 * bound, the interior checkpoint whose neighbours stand closest together relative to its age is dropped,
 * so the gaps grow in proportion to age (geometric spacing). The first checkpoint (the start, for Home)
 * and the newest are never dropped. Pure: no tfjs, no DOM; deterministic in the steps it is given.
 */
import type { RunCheckpoint } from '../experiment';

/** The per-experiment memory bound the issue sets. */
export const TIMELINE_MAX_BYTES = 32 * 1024 * 1024;
/** Positions on the scrubber: enough to be dense near the present, few enough to drag through. */
export const TIMELINE_MAX_ENTRIES = 64;

export interface TimelineEntry {
  step: number;
  bytes: number;
  checkpoint: RunCheckpoint;
}

/** Bytes a checkpoint holds: its arrays' buffers and 8 per number. */
export function checkpointBytes(c: RunCheckpoint): number {
  let bytes = 0;
  for (const a of Object.values(c.arrays)) bytes += a.byteLength;
  return bytes + 8 * Object.keys(c.numbers).length;
}

export type AddResult = { kept: true; dropped: number[] } | { kept: false; reason: string };

export class CheckpointTimeline {
  private list: TimelineEntry[] = [];
  private total = 0;

  constructor(
    readonly maxBytes = TIMELINE_MAX_BYTES,
    readonly maxEntries = TIMELINE_MAX_ENTRIES,
  ) {}

  /**
   * Keep a checkpoint (replacing one of the same step). One larger than half the bound is refused with
   * the reason: two of them (the start and the present) must always fit.
   */
  add(checkpoint: RunCheckpoint): AddResult {
    const bytes = checkpointBytes(checkpoint);
    if (bytes * 2 > this.maxBytes) {
      return { kept: false, reason: `a checkpoint of this run takes ${mb(bytes)}, more than half the timeline's ${mb(this.maxBytes)}` };
    }
    const step = checkpoint.step;
    // Steps only grow between branches; an older step than the newest means the caller forgot to truncate.
    const last = this.list[this.list.length - 1];
    if (last && step < last.step) this.truncateAfter(step);
    if (last && last.step === step) this.remove(this.list.length - 1);
    this.list.push({ step, bytes, checkpoint });
    this.total += bytes;
    const dropped: number[] = [];
    while (this.list.length > this.maxEntries || this.total > this.maxBytes) dropped.push(this.thinOne(step));
    return { kept: true, dropped };
  }

  /** Drop the interior entry whose removal leaves the smallest gap for its age; returns its step. */
  private thinOne(now: number): number {
    let best = 1;
    let bestCost = Infinity;
    for (let i = 1; i < this.list.length - 1; i++) {
      const gap = this.list[i + 1]!.step - this.list[i - 1]!.step;
      const age = now - this.list[i]!.step + 1;
      const cost = gap / age;
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    const step = this.list[best]!.step;
    this.remove(best);
    return step;
  }

  private remove(index: number): void {
    this.total -= this.list[index]!.bytes;
    this.list.splice(index, 1);
  }

  /** The entry at `step`, else the latest before it, else the first (null when empty). */
  nearest(step: number): TimelineEntry | null {
    let found: TimelineEntry | null = this.list[0] ?? null;
    for (const e of this.list) if (e.step <= step) found = e;
    return found;
  }

  at(index: number): TimelineEntry | null {
    return this.list[index] ?? null;
  }

  /** Forget everything after `step` (a branch: that future is abandoned). Returns how many went. */
  truncateAfter(step: number): number {
    const keep = this.list.filter((e) => e.step <= step);
    const gone = this.list.length - keep.length;
    this.list = keep;
    this.total = keep.reduce((s, e) => s + e.bytes, 0);
    return gone;
  }

  clear(): void {
    this.list = [];
    this.total = 0;
  }

  get steps(): number[] {
    return this.list.map((e) => e.step);
  }

  get bytes(): number {
    return this.total;
  }

  get length(): number {
    return this.list.length;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
