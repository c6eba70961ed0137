/**
 * The "formula" column of the memory panel: exact cost of the planned schedule, the textbook
 * approximation students meet in the papers, and what the optimal (binomial) schedule would need with
 * the same memory, so every strategy can be placed against the best possible one.
 */
import { beta, gruslysTable, numForw, repetitions, segmentApprox, type Cost } from './formulas';
import type { Strategy } from './strategies';

/** Gruslys' table is built live only below this t * t * m (a few milliseconds). */
const LIVE_GRUSLYS_WORK = 4_000_000;

export interface FormulaInput {
  T: number;
  strategy: Strategy;
  k: number | null;
  s: number | null;
  expected: Cost;
}

/** The formula column: exact cost, the textbook estimate, the optimum at the same memory, revolve's terms. */
export type FormulaFrame = {
  peakStates: number;
  forwardSteps: number;
  forwardEvaluations: number;
  approxStates: number;
  approxForward: number;
  optimalForwardAtSameMemory: number;
  /** Revolve only: repetitions r, β(s, r) and Gruslys' C(T, s); null for the other strategies. */
  r: number | null;
  beta: number | null;
  gruslys: number | null;
};

export function formulaReport({ T, strategy, k, s, expected }: FormulaInput): FormulaFrame {
  const textbook =
    strategy === 'store-all'
      ? { states: T, forward: T }
      : strategy === 'revolve'
        ? { states: s!, forward: numForw(T, s!) }
        : segmentApprox(T, k!);
  const out: FormulaFrame = {
    peakStates: expected.states,
    forwardSteps: expected.forward,
    // Every backward step re-runs its own step once, whatever the strategy.
    forwardEvaluations: expected.forward + T,
    approxStates: textbook.states,
    approxForward: textbook.forward,
    optimalForwardAtSameMemory: numForw(T, expected.states),
    r: null,
    beta: null,
    gruslys: null,
  };
  if (strategy === 'revolve') {
    const r = repetitions(T, s!);
    out.r = r;
    out.beta = beta(s!, r);
    // C(T, s) from the dynamic program when it is cheap; it equals NUMFORW(T, s) + T.
    out.gruslys = T * T * s! <= LIVE_GRUSLYS_WORK ? gruslysTable(T, s!)[T]! : numForw(T, s!) + T;
  }
  return out;
}
