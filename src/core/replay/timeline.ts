/**
 * The schedule as plain typed arrays for the timeline panel: one entry per operation with the cost
 * spent before it (x), the time steps it touches (y) and the checkpoints held after it. A frame never
 * ships more than `maxOps` entries. Thinning first drops restores and frees, which the picture does
 * not need (a restore is where the next advance starts; a free shows in `live` of the next entry), so
 * every schedule up to T = 4096 keeps all its advances, stores and backward steps. Only beyond that
 * is a regular stride taken. Execution.computed (per step) is exact whatever was dropped.
 */
import type { Execution } from './execute';
import { OP, type Schedule } from './schedule';

export const MAX_TIMELINE_OPS = 16384;

/** The schedule as the timeline chart draws it: one entry per kept operation (see above). */
export type TimelineFrame = {
  kind: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  clock: Int32Array;
  live: Int32Array;
  /** Operations in the whole schedule, before thinning. */
  total: number;
  /** What was left out: nothing, the restores and frees, or all but one operation in `stride`. */
  thinned: 'none' | 'restore-free' | 'stride';
  stride: number;
  /** Forward plus backward steps: the length of the clock axis. */
  cost: number;
  computed: Int32Array;
};

export function timelineArrays(
  schedule: Schedule,
  execution: Execution,
  maxOps = MAX_TIMELINE_OPS,
): TimelineFrame {
  const total = schedule.length;
  let keep: number[] = [];
  let thinned: TimelineFrame['thinned'] = 'none';
  if (total > maxOps) {
    thinned = 'restore-free';
    for (let i = 0; i < total; i++) {
      const k = schedule.kind[i];
      if (k !== OP.restore && k !== OP.free) keep.push(i);
    }
  } else {
    keep = Array.from({ length: total }, (_, i) => i);
  }
  const stride = Math.max(1, Math.ceil(keep.length / maxOps));
  if (stride > 1) {
    thinned = 'stride';
    keep = keep.filter((_, j) => j % stride === 0);
  }
  const n = keep.length;
  const kind = new Uint8Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const clock = new Int32Array(n);
  const live = new Int32Array(n);
  keep.forEach((i, j) => {
    kind[j] = schedule.kind[i]!;
    from[j] = schedule.from[i]!;
    to[j] = schedule.to[i]!;
    clock[j] = execution.clock[i]!;
    live[j] = execution.live[i]!;
  });
  const cost = execution.forwardSteps + execution.backwardSteps;
  return { kind, from, to, clock, live, total, thinned, stride, cost, computed: execution.computed.slice() };
}
