/**
 * The closed-form costs the memory panel needs on the main thread: the optimal frontier NUMFORW(T, s)
 * (Griewank 1992) and where each strategy would sit at the current T, k and s. The formulas come from
 * src/core/replay/formulas.ts, a pure module the page may import (it loads no tfjs);
 * replay-costs.test.ts holds these placements to the planner's.
 */
import { numForw, revolveCost, segmentCost, sqrtSegment, storeAllCost, type Cost } from '../core/replay/formulas';

export { numForw };
export type StrategyId = 'store-all' | 'every-k' | 'sqrt' | 'revolve';
export type CostPoint = Cost;

/** Exact cost of a strategy's schedule at T (the planner's numbers, before any budget check). */
export function strategyCost(strategy: StrategyId, T: number, k: number, s: number): CostPoint {
  switch (strategy) {
    case 'store-all':
      return storeAllCost(T);
    case 'every-k':
      return segmentCost(T, Math.min(T, Math.max(1, Math.round(k))));
    case 'sqrt':
      return segmentCost(T, sqrtSegment(T));
    case 'revolve':
      return revolveCost(T, Math.max(1, Math.round(s)));
  }
}

/** The optimal frontier: (s, NUMFORW(T, s)) for s = 1 … T − 1, where one more checkpoint stops paying. */
export function frontier(T: number): { states: Float64Array; forward: Float64Array } {
  const n = Math.max(1, T - 1);
  const states = new Float64Array(n);
  const forward = new Float64Array(n);
  for (let s = 1; s <= n; s++) {
    states[s - 1] = s;
    forward[s - 1] = numForw(T, s);
  }
  return { states, forward };
}
