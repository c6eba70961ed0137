/**
 * The closed-form costs the memory panel needs on the main thread: the optimal frontier NUMFORW(T, s)
 * (Griewank 1992) and where each strategy would sit at the current T, k and s. The page may not import
 * src/core/replay (see eslint.config.js), so these few lines mirror src/core/replay/formulas.ts and
 * strategies.ts; replay-costs.test.ts holds the two to each other.
 */

export type StrategyId = 'store-all' | 'every-k' | 'sqrt' | 'revolve';

export interface CostPoint {
  /** Peak checkpoints held at once. */
  states: number;
  /** Advances outside the backward sweep (NUMFORW). */
  forward: number;
}

/** C(s + r, s), exact in doubles for the sizes planned here; 0 for r < 0. */
function beta(s: number, r: number): number {
  if (r < 0 || s < 0) return 0;
  let b = 1;
  for (let i = 1; i <= r; i++) b = (b * (s + i)) / i;
  return Math.round(b);
}

function repetitions(T: number, s: number): number {
  let r = 0;
  let b = 1;
  while (b < T) {
    r += 1;
    b = (b * (s + r)) / r;
  }
  return r;
}

/** Fewest forward steps that reverse T steps with s checkpoints: r T − β(s + 1, r − 1). */
export function numForw(T: number, s: number): number {
  if (T <= 1) return 0;
  const r = repetitions(T, Math.max(1, s));
  return r * T - beta(Math.max(1, s) + 1, r - 1);
}

function segmentCost(T: number, k: number): CostPoint {
  const m = Math.ceil(T / k);
  const last = T - (m - 1) * k;
  return { states: Math.max(m - 1 + last, m >= 2 ? m - 2 + k : 0), forward: (m - 1) * k + (T - m) };
}

/** Exact cost of a strategy's schedule at T (the planner's numbers, before any budget check). */
export function strategyCost(strategy: StrategyId, T: number, k: number, s: number): CostPoint {
  switch (strategy) {
    case 'store-all':
      return { states: T, forward: T - 1 };
    case 'every-k':
      return segmentCost(T, Math.min(T, Math.max(1, Math.round(k))));
    case 'sqrt':
      return segmentCost(T, Math.max(1, Math.ceil(Math.sqrt(T))));
    case 'revolve': {
      const ss = Math.max(1, Math.round(s));
      return { states: Math.min(ss, Math.max(1, T - 1)), forward: numForw(T, ss) };
    }
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
