/**
 * The memory strategies the panel offers, one entry point that plans a schedule for a sequence length
 * and a memory budget, and refuses, with a reason a student can act on, when the budget is below what
 * the strategy needs or the sequence is longer than the demo plans.
 */
import { numForw, revolveCost, segmentCost, sqrtSegment, storeAllCost, type Cost } from './formulas';
import { revolveSchedule } from './revolve';
import type { Schedule } from './schedule';
import { segmentSchedule } from './segments';

export const STRATEGIES = ['store-all', 'every-k', 'sqrt', 'revolve'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_LABELS: Record<Strategy, string> = {
  'store-all': 'Store all',
  'every-k': 'Checkpoint every k',
  sqrt: '√T segments (Chen 2016)',
  revolve: 'Binomial / revolve (Griewank)',
};

/** Longest sequence planned: the timeline stays drawable and a dry run stays instant. */
export const MAX_T = 4096;

export interface PlanRequest {
  T: number;
  strategy: Strategy;
  /** Segment length for every-k. */
  k?: number;
  /** Checkpoints for revolve (h_0 takes one, so s = 1 recomputes every step from the start). */
  s?: number;
  /** Most checkpoints allowed at once; unlimited when absent. */
  budget?: number;
}

export type Plan =
  | {
      ok: true;
      schedule: Schedule;
      /** Exact cost of this schedule from the formulas (the executor measures it independently). */
      expected: Cost;
      /** Segment length actually used (every-k clamps k to [1, T]; sqrt picks ceil sqrt T). */
      k: number | null;
      s: number | null;
    }
  | { ok: false; reason: string };

/** Cost of a request without building its schedule (what the budget check and the panel use). */
export function expectedCost(req: PlanRequest): { cost: Cost; k: number | null; s: number | null } {
  const { T } = req;
  switch (req.strategy) {
    case 'store-all':
      return { cost: storeAllCost(T), k: null, s: null };
    case 'every-k': {
      const k = Math.min(T, Math.max(1, Math.round(req.k ?? sqrtSegment(T))));
      return { cost: segmentCost(T, k), k, s: null };
    }
    case 'sqrt': {
      const k = sqrtSegment(T);
      return { cost: segmentCost(T, k), k, s: null };
    }
    case 'revolve': {
      const s = Math.max(1, Math.round(req.s ?? 1));
      return { cost: revolveCost(T, s), k: null, s };
    }
  }
}

function refuse(reason: string): Plan {
  return { ok: false, reason };
}

export function planSchedule(req: PlanRequest): Plan {
  const { T, strategy } = req;
  if (!Number.isInteger(T) || T < 1) return refuse(`T must be a whole number of steps, at least 1 (got ${T}).`);
  if (T > MAX_T) return refuse(`T = ${T} is longer than the ${MAX_T} steps this demo plans; shorten the sequence.`);
  if (!(STRATEGIES as readonly string[]).includes(strategy)) return refuse(`unknown strategy "${String(strategy)}".`);
  if (strategy === 'revolve' && req.s !== undefined && !(req.s >= 1)) {
    return refuse(`revolve needs at least s = 1 checkpoint: h_0 itself must be kept to recompute from (got s = ${req.s}).`);
  }
  const budget = req.budget ?? Infinity;
  if (!(budget >= 1)) {
    return refuse(
      `No schedule fits a budget of ${budget} stored states: h_0 alone needs one (revolve with s = 1 recomputes every step from it).`,
    );
  }
  const { cost, k, s } = expectedCost(req);
  if (cost.states > budget) {
    const fit = Math.floor(budget);
    const hint =
      strategy === 'revolve'
        ? `lower s to ${fit} or raise the budget.`
        : `raise the budget, or use revolve with s = ${fit} (${numForw(T, fit)} forward steps instead of ${cost.forward}).`;
    return refuse(`${STRATEGY_LABELS[strategy]} needs ${cost.states} stored states at T = ${T}, over the budget of ${fit}: ${hint}`);
  }
  const schedule =
    strategy === 'revolve'
      ? revolveSchedule(T, s!)
      : strategy === 'store-all'
        ? segmentSchedule(T, T)
        : segmentSchedule(T, k!);
  return { ok: true, schedule, expected: cost, k, s };
}
