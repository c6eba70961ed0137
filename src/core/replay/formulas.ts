/**
 * Closed-form costs of backprop through time under each memory strategy, kept apart from the schedules
 * so the panel can print "measured" (counted while a schedule runs) beside "formula" (this file), and
 * the tests can hold one to the other.
 *
 * Accounting (Griewank's, used throughout src/core/replay): a stored state is a checkpoint of a hidden
 * state h_t; a forward step is an advance h_{t-1} -> h_t outside the backward sweep; every backward
 * step t re-runs step t once from h_{t-1} (its "taped" forward) before sending the gradient back, so
 * each strategy also does T taped steps, and Gruslys' total cost is forward steps + T.
 */

export interface Cost {
  /** Peak number of checkpoints held at once. */
  states: number;
  /** Advances outside the backward sweep (Griewank's NUMFORW). */
  forward: number;
}

/** beta(s, r) = C(s + r, s): the longest chain s checkpoints can reverse with r repetitions; 0 for r < 0. */
export function beta(s: number, r: number): number {
  if (r < 0 || s < 0) return 0;
  // Multiplying by (s + i) / i keeps every partial product a whole binomial, so doubles stay exact.
  let b = 1;
  for (let i = 1; i <= r; i++) b = (b * (s + i)) / i;
  return Math.round(b);
}

/** r = min{ r : beta(s, r) >= T }: how many times the busiest step is evaluated, less one. */
export function repetitions(T: number, s: number): number {
  if (s < 1) throw new RangeError(`revolve needs s >= 1 checkpoints, got ${s}`);
  let r = 0;
  let b = 1;
  while (b < T) {
    r += 1;
    b = (b * (s + r)) / r;
  }
  return r;
}

/** Griewank's minimal number of advances to reverse T steps with s checkpoints: rT - beta(s+1, r-1). */
export function numForw(T: number, s: number): number {
  if (T <= 1) return 0;
  const r = repetitions(T, s);
  return r * T - beta(s + 1, r - 1);
}

/** Store-all keeps h_0 ... h_{T-1} (every state a backward step reads) after one forward pass. */
export function storeAllCost(T: number): Cost {
  return { states: T, forward: T - 1 };
}

/**
 * Segments of length k (Chen et al. 2016), exact for the schedule in strategies.ts: one pass stores
 * the m = ceil(T/k) segment starts; each segment is then recomputed once and stored whole while its
 * steps are reversed. Segment j (0-based, length L_j) holds j + 1 starts plus L_j - 1 inner states.
 */
export function segmentCost(T: number, k: number): Cost {
  const m = Math.ceil(T / k);
  const last = T - (m - 1) * k;
  const states = Math.max(m - 1 + last, m >= 2 ? m - 2 + k : 0);
  return { states, forward: (m - 1) * k + (T - m) };
}

/** The textbook reading of segmentCost: memory about T/k + k, about one extra forward pass. */
export function segmentApprox(T: number, k: number): Cost {
  return { states: T / k + k, forward: 2 * T };
}

/** k = ceil(sqrt T) balances the T/k starts against the k states of one segment (Chen et al. 2016). */
export function sqrtSegment(T: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(T)));
}

/** Revolve with s checkpoints never stores the state the next backward step reads from the register. */
export function revolveCost(T: number, s: number): Cost {
  return { states: Math.min(s, Math.max(1, T - 1)), forward: numForw(T, s) };
}

/** Largest t * t * m the Gruslys table is built for (a few tenths of a second). */
export const GRUSLYS_MAX_WORK = 60_000_000;

/**
 * Gruslys et al. 2016's dynamic program, C(t, m) for t = 0..tMax at one m: total forward evaluations
 * (taped ones included) with m stored states. C(t, 1) = t(t+1)/2, C(1, m) = 1,
 * C(t, m) = min_{1<=y<t} [y + C(t - y, m - 1) + C(y, m)]: advance y steps, store h_y, reverse the right
 * part with one slot fewer, then the left part with the slot back. Equals numForw(t, m) + t.
 */
export function gruslysTable(tMax: number, m: number): Float64Array {
  if (tMax * tMax * m > GRUSLYS_MAX_WORK) {
    throw new RangeError(`Gruslys table for t <= ${tMax}, m = ${m} is too large to build live; use numForw(t, m) + t`);
  }
  let prev = new Float64Array(tMax + 1);
  for (let t = 1; t <= tMax; t++) prev[t] = (t * (t + 1)) / 2;
  for (let mm = 2; mm <= m; mm++) {
    const row = new Float64Array(tMax + 1);
    if (tMax >= 1) row[1] = 1;
    for (let t = 2; t <= tMax; t++) {
      let best = Infinity;
      for (let y = 1; y < t; y++) best = Math.min(best, y + prev[t - y]! + row[y]!);
      row[t] = best;
    }
    prev = row;
  }
  return prev;
}
