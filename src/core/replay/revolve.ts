/**
 * Binomial checkpointing (Griewank 1992, "revolve"): reverse T steps with s checkpoints in the fewest
 * advances, numForw(T, s). The schedule is the recursion behind Gruslys' dynamic program: from a
 * stored h_a, advance y steps, store h_{a+y}, reverse the right part with one checkpoint fewer, free
 * it, then reverse the left part with all s. Choosing y to minimise
 *   g(y) = y + F(l - y, s - 1) + F(y, s)
 * with F the closed form makes every level optimal, so the whole schedule attains numForw(T, s).
 * F(., s) is piecewise linear with slope r growing from piece to piece, so g is convex in y and a
 * binary search on its forward difference finds the minimiser in O(log l) closed-form evaluations.
 */
import { numForw } from './formulas';
import { ScheduleBuilder, type Schedule } from './schedule';

/** How far to advance before the next checkpoint when reversing l steps with s >= 2 checkpoints. */
export function revolveSplit(l: number, s: number): number {
  const g = (y: number) => y + numForw(l - y, s - 1) + numForw(y, s);
  let lo = 1;
  let hi = l - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g(mid + 1) >= g(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Reverse steps a+1 .. b, with h_a in a checkpoint that counts as one of the s. */
function reverseRange(out: ScheduleBuilder, a: number, b: number, s: number): void {
  // The left part reuses all s checkpoints, so it is a loop rather than a second recursion: the stack
  // only grows along the right parts, at most s deep.
  while (b > a) {
    if (b - a === 1) {
      out.restore(a);
      out.backward(b);
      return;
    }
    if (s === 1) {
      // One checkpoint: every step is reached again from h_a (the quadratic end of the trade-off).
      for (let t = b; t > a; t--) {
        out.restore(a);
        out.advance(t - 1);
        out.backward(t);
      }
      return;
    }
    const y = revolveSplit(b - a, s);
    out.restore(a);
    out.advance(a + y);
    if (b - (a + y) === 1) {
      // The right part is one step whose input is in the register: storing it would cost a checkpoint
      // and save nothing.
      out.backward(b);
    } else {
      out.store();
      reverseRange(out, a + y, b, s - 1);
      out.free(a + y);
    }
    b = a + y;
  }
}

/** The full schedule: store h_0, reverse 1..T, free h_0. Needs s >= 1 (h_0 takes one checkpoint). */
export function revolveSchedule(T: number, s: number): Schedule {
  const out = new ScheduleBuilder(T);
  out.store();
  reverseRange(out, 0, T, s);
  out.free(0);
  return out.build();
}
