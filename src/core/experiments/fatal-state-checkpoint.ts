/**
 * Checkpoints of the fatal-state run: everything both learners hold. The Q-learner's table, visits
 * and counters; the safe data (the learned model is rebuilt from it); the planner's values, its Q and
 * fall count; the three random streams; and the curves. Float64 tables travel bit for bit
 * (float64ToWords), so a restored run continues exactly.
 */
import type { RunCheckpoint } from '../experiment';
import type { History } from '../history';
import type { ParamValues } from '../../params/kinds';
import type { Rng } from '../rng';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { ACTIONS, LAYOUTS, type Layout, type QLearner, type World } from '../world/gridworld';
import { LearnedModel, type SafeExplorer, type Transition } from '../world/learned-model';
import type { FatalStateSchema } from './fatal-state.schema';

/** The run's state as the checkpoint sees it (FatalStateRun in fatal-state.ts). */
export interface FatalStateState {
  readonly values: ParamValues<FatalStateSchema>;
  readonly world: World;
  q: QLearner;
  explorer: SafeExplorer;
  model: LearnedModel;
  v: Float64Array;
  plannerQ: Float64Array;
  sweeps: number;
  rngQ: Rng;
  rngSafe: Rng;
  rngPlan: Rng;
  episodes: number;
  plannerFalls: number;
  history: History;
  diverged: { step: number; reason: string } | null;
  /** Bumped on every change, so the evaluation cache knows it is stale. */
  version: number;
  /** Value iteration on the current model. */
  replan(): void;
  /** Why the run must stop (a table holds NaN or ±Infinity), or null. */
  nonFiniteReason(): string | null;
}

/** A safe explorer's transitions as [s, a, next, reward, terminal] rows (small integers and −1: exact in float32). */
const TRANSITION_FIELDS = 5;

function transitionsToArray(data: readonly Transition[]): Float32Array {
  const out = new Float32Array(data.length * TRANSITION_FIELDS);
  data.forEach((t, i) => out.set([t.s, t.a, t.next, t.reward, t.terminal ? 1 : 0], i * TRANSITION_FIELDS));
  return out;
}

/** The transitions back, or null when the rows do not fit this world (then the checkpoint is ignored). */
function arrayToTransitions(rows: Float32Array | undefined, world: World): Transition[] | null {
  if (!rows || rows.length % TRANSITION_FIELDS !== 0) return null;
  const n = world.rows * world.cols;
  const cell = (c: number) => Number.isInteger(c) && c >= 0 && c < n;
  const out: Transition[] = [];
  for (let i = 0; i < rows.length; i += TRANSITION_FIELDS) {
    const [s, a, next, reward, terminal] = rows.subarray(i, i + TRANSITION_FIELDS);
    if (!cell(s!) || !cell(next!) || !Number.isInteger(a) || a! < 0 || a! >= ACTIONS || !Number.isFinite(reward)) return null;
    out.push({ s: s!, a: a!, next: next!, reward: reward!, terminal: terminal === 1 });
  }
  return out;
}

/**
 * Everything both learners hold: the Q-learner's table, visits and counters; the safe data (the learned
 * model is rebuilt from it); the planner's values, its Q and fall count; the three random streams; and
 * the curves. Float64 tables travel bit for bit (float64ToWords), so a restored run continues exactly.
 */
export function takeCheckpoint(run: FatalStateState): RunCheckpoint {
  const h = run.history.toSnapshot();
  const numbers: Record<string, number> = {
    layout: LAYOUTS.indexOf(run.values.layout as Layout),
    slip: run.values.slip,
    fallPenalty: run.values.fallPenalty,
    cells: run.v.length,
    told: run.values.told ? 1 : 0,
    gamma: run.values.gamma,
    safeData: run.values.safeData,
    episodes: run.episodes,
    plannerFalls: run.plannerFalls,
    sweeps: run.sweeps,
    qFalls: run.q.falls,
    qMoves: run.q.moves,
    guideCaught: run.explorer.caught,
    modelUsed: run.model.used,
    divergedAt: run.diverged ? run.diverged.step : -1,
  };
  for (const [name, rng] of [
    ['rngQ', run.rngQ],
    ['rngSafe', run.rngSafe],
    ['rngPlan', run.rngPlan],
  ] as const) {
    const [a, spare] = rng.getState();
    numbers[`${name}.a`] = a!;
    numbers[`${name}.spare`] = spare!;
  }
  return {
    step: run.episodes,
    arrays: {
      qTable: float64ToWords(run.q.q),
      qVisits: float64ToWords(run.q.visits),
      plannerV: float64ToWords(run.v),
      plannerQ: float64ToWords(run.plannerQ),
      safeData: transitionsToArray(run.explorer.data),
      safeVisits: float64ToWords(run.explorer.visits),
      historySteps: h.steps!,
      ...Object.fromEntries(run.history.names.map((name) => [`history.${name}`, h[name]!])),
    },
    numbers,
  };
}

/**
 * Resume a checkpoint of this same world (layout, slip and fall penalty). One of another world, or
 * one missing a table, is ignored: nothing changes and the run goes on from where it is.
 */
export function restoreCheckpoint(run: FatalStateState, c: RunCheckpoint): void {
  const w = run.world;
  const cells = w.rows * w.cols;
  const num = c.numbers ?? {};
  const arr = c.arrays ?? {};
  if (
    num.layout !== LAYOUTS.indexOf(run.values.layout as Layout) ||
    num.slip !== run.values.slip ||
    num.fallPenalty !== run.values.fallPenalty ||
    num.cells !== cells
  )
    return;
  const qTable = wordsToFloat64(arr.qTable, cells * ACTIONS);
  const qVisits = wordsToFloat64(arr.qVisits, cells);
  const v = wordsToFloat64(arr.plannerV, cells);
  const plannerQ = wordsToFloat64(arr.plannerQ, cells * ACTIONS);
  const safeVisits = wordsToFloat64(arr.safeVisits, cells);
  const data = arrayToTransitions(arr.safeData, w);
  const count = (key: string) => {
    const x = num[key];
    return x !== undefined && Number.isInteger(x) && x >= 0 ? x : null;
  };
  const counters = ['episodes', 'plannerFalls', 'sweeps', 'qFalls', 'qMoves', 'guideCaught', 'modelUsed'].map(count);
  if (!qTable || !qVisits || !v || !plannerQ || !safeVisits || !data || counters.some((x) => x === null)) return;
  const [episodes, plannerFalls, sweeps, qFalls, qMoves, guideCaught, modelUsed] = counters as number[];

  run.q.q.set(qTable);
  run.q.visits.set(qVisits);
  run.q.falls = qFalls!;
  run.q.moves = qMoves!;
  run.explorer.data.length = 0;
  run.explorer.data.push(...data);
  run.explorer.visits.set(safeVisits);
  run.explorer.caught = guideCaught!;
  run.model = new LearnedModel(w);
  run.model.absorb(run.explorer.data, modelUsed!);
  run.v = v;
  run.plannerQ = plannerQ;
  run.sweeps = sweeps!;
  run.episodes = episodes!;
  run.plannerFalls = plannerFalls!;
  for (const [name, rng] of [
    ['rngQ', run.rngQ],
    ['rngSafe', run.rngSafe],
    ['rngPlan', run.rngPlan],
  ] as const) {
    rng.setState([num[`${name}.a`] ?? NaN, num[`${name}.spare`] ?? NaN]);
  }
  run.history.load(arr.historySteps ?? [], run.history.names.map((name) => arr[`history.${name}`] ?? []));
  const divergedAt = num.divergedAt ?? -1;
  run.diverged =
    divergedAt >= 0
      ? {
          step: divergedAt,
          reason:
            run.nonFiniteReason() ??
            'the learners stopped here before the restart.',
        }
      : null;
  // Settings that apply live may differ from the checkpoint's: apply them as setParams would.
  if (run.explorer.data.length > run.values.safeData) {
    run.explorer.data.length = run.values.safeData;
    run.model = new LearnedModel(w);
    run.model.absorb(run.explorer.data, run.values.safeData);
    run.replan();
  } else if (num.told !== (run.values.told ? 1 : 0) || num.gamma !== run.values.gamma) run.replan();
  run.version++;
}
