/**
 * Pure geometry of the reverse-replay timeline: a checkpointing schedule (one entry per operation, as
 * the bptt-memory snapshot ships it) turned into marks in data units, x = work done before the
 * operation (forward + backward steps), y = time step. No DOM; the chart scales and draws these.
 */

/** Operation codes of a schedule (src/core/replay/schedule.ts: advance, store, restore, free, backward). */
export const OPS = { advance: 0, store: 1, restore: 2, free: 3, backward: 4 } as const;

export interface ScheduleArrays {
  /** Operation code of each entry. */
  kind: Uint8Array;
  /** Start state of an advance; the time step of any other operation. */
  from: Int32Array;
  /** End state of an advance; equal to `from` otherwise. */
  to: Int32Array;
  /** Work done before each operation (an advance costs its length, a backward step 1). */
  clock: Int32Array;
  /** Checkpoints held after each operation. */
  live: Int32Array;
}

export interface TimelineMarks {
  /** Advances that reach states never computed before, flat [x0, y0, x1, y1, …]. */
  sweep: number[];
  /** Advances that recompute states from a checkpoint, flat [x0, y0, x1, y1, …]. */
  recompute: number[];
  /** Backward steps t → t − 1, flat [x0, y0, x1, y1, …]. */
  backward: number[];
  /** Checkpoint lifetimes, flat [xStore, xFree, t, …]. */
  kept: number[];
  /** Jumps of the working register back to a checkpoint, flat [x, yFrom, yTo, …]. */
  restores: number[];
  /** Per operation: 1 for an advance that recomputes states computed before. */
  recomputes: Uint8Array;
  /** Total work: the right end of the x axis. */
  cost: number;
}

export function timelineMarks(s: ScheduleArrays, T: number, cost: number): TimelineMarks {
  const n = s.kind.length;
  const m: TimelineMarks = { sweep: [], recompute: [], backward: [], kept: [], restores: [], recomputes: new Uint8Array(n), cost };
  const open = new Float64Array(T + 1).fill(-1);
  // Where each backward step ends: a checkpoint of h_t is last read by backward step t + 1.
  const readBy = new Float64Array(T + 2).fill(cost);
  let reached = 0;
  let register = 0;
  for (let i = 0; i < n; i++) {
    const c = s.clock[i]!;
    const a = s.from[i]!;
    const b = s.to[i]!;
    switch (s.kind[i]) {
      case OPS.advance:
        if (a < reached) m.recomputes[i] = 1;
        (a < reached ? m.recompute : m.sweep).push(c, a, c + (b - a), b);
        reached = Math.max(reached, b);
        register = b;
        break;
      case OPS.store:
        if (open[a]! >= 0) m.kept.push(open[a]!, c, a);
        open[a] = c;
        break;
      case OPS.free:
        if (open[a]! >= 0) m.kept.push(open[a]!, c, a);
        open[a] = -1;
        break;
      case OPS.restore:
        if (register !== a) m.restores.push(c, register, a);
        register = a;
        break;
      case OPS.backward:
        m.backward.push(c, a, c + 1, a - 1);
        readBy[a] = c + 1;
        register = a - 1;
        break;
    }
  }
  // Thinned schedules ship no frees: end those lifetimes where the checkpoint is last read.
  for (let t = 0; t <= T; t++) if (open[t]! >= 0) m.kept.push(open[t]!, readBy[t + 1]!, t);
  return m;
}

export interface PlayheadState {
  /** Index of the operation running at this point of the work. */
  index: number;
  /** Where the activity is on the time axis (register during advances, gradient during backward steps). */
  y: number;
}

/** The operation under work position x, and where along the time axis it is working. */
export function playheadAt(s: ScheduleArrays, x: number): PlayheadState {
  const n = s.clock.length;
  if (n === 0) return { index: -1, y: 0 };
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.clock[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  const c = s.clock[lo]!;
  const a = s.from[lo]!;
  const b = s.to[lo]!;
  switch (s.kind[lo]) {
    case OPS.advance:
      return { index: lo, y: Math.min(b, a + (x - c)) };
    case OPS.backward:
      return { index: lo, y: a - Math.min(1, x - c) };
    default:
      return { index: lo, y: a };
  }
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
/** h with a subscript index: h₁₂. */
const h = (t: number) => `h${String(t).replace(/\d/g, (d) => SUB[Number(d)]!)}`;

/** Plain words for one operation, for the playhead's readout. */
export function describeOp(s: ScheduleArrays, i: number, recomputes: boolean): string {
  const a = s.from[i]!;
  const b = s.to[i]!;
  switch (s.kind[i]) {
    case OPS.advance:
      return recomputes ? `recompute ${h(a)} → ${h(b)} from a checkpoint` : `forward sweep ${h(a)} → ${h(b)}`;
    case OPS.store:
      return `keep ${h(a)} as a checkpoint`;
    case OPS.restore:
      return `reload checkpoint ${h(a)}`;
    case OPS.free:
      return `drop checkpoint ${h(a)}`;
    case OPS.backward:
      return `backward step ${a}: gradient from ${h(a)} to ${h(a - 1)}`;
    default:
      return '';
  }
}
