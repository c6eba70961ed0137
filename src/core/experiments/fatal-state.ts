/**
 * Never experienced (seed §7, issue 7 item 3): a grid world with fatal cells. Two learners from the
 * same seed, one episode each per step:
 *  - a planner: a safe explorer (held back from the fatal cells by a guide) collects transitions; a
 *    model of moves and rewards is learned from them, the fatal cells' consequence is a described rule,
 *    and value iteration plans through the model. Its greedy policy runs one episode in the true world
 *    per step (its return curve and fall counter).
 *  - Q-learning: ε-greedy, tabular, learning only from what happens to it, falls included.
 * Tabular arithmetic on plain typed arrays, no tensors (48 cells × 4 actions).
 */
import type { Experiment, Run, RunCheckpoint, SetParamsResult, Snapshot, StepResult } from '../experiment';
import { resolveValues, sameValue, validatePartial, type ParamValues } from '../../params/kinds';
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { firstNonFinite } from '../divergence';
import {
  ACTIONS,
  LAYOUTS,
  LearnedModel,
  QLearner,
  SafeExplorer,
  greedyEpisode,
  greedyPath,
  makeWorld,
  startCells,
  valueIteration,
  type Layout,
  type Transition,
  type World,
} from '../world/gridworld';
import { fatalStateContract, fatalStateMeta, fatalStateSchema, type FatalStateEvaluation, type FatalStateFrameData, type FatalStateSchema } from './fatal-state.schema';
import { float64ToWords, wordsToFloat64 } from '../float64-words';

type Params = ParamValues<FatalStateSchema>;

/** Greedy evaluation episodes from random start cells (the test's and the panel's check). */
export const EVAL_EPISODES = 100;

/** Episodes the bench's probe trains (long enough to time well above the worker clock's resolution). */
export const PROBE_EPISODES = 5000;

/** Non-finite entries in Q or V stop the run: the reason names the table and the cell. */
export function checkFinite(tables: Record<string, ArrayLike<number>>, perCell = 1): string | null {
  for (const [name, t] of Object.entries(tables)) {
    const i = firstNonFinite(t);
    if (i >= 0) return `${name} became ${String(t[i])} at cell ${Math.floor(i / perCell)}: the learners stopped here.`;
  }
  return null;
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

class FatalStateRun implements Run<FatalStateFrameData> {
  private values: Params;
  private world!: World;
  private q!: QLearner;
  private explorer!: SafeExplorer;
  private model!: LearnedModel;
  private v!: Float64Array;
  private plannerQ!: Float64Array;
  private sweeps = 0;
  private rngQ!: Rng;
  private rngSafe!: Rng;
  private rngPlan!: Rng;
  private episodes = 0;
  private plannerFalls = 0;
  private history!: History;
  private diverged: { step: number; reason: string } | null = null;
  private evalCache: { key: string; result: FatalStateEvaluation } | null = null;
  private version = 0;

  constructor(
    private readonly seed: number,
    params: Params,
  ) {
    this.values = params;
    this.build();
  }

  private build(): void {
    const { layout, slip, fallPenalty } = this.values;
    this.world = makeWorld(layout as Layout, slip, fallPenalty);
    this.q = new QLearner(this.world);
    this.explorer = new SafeExplorer(this.world);
    this.model = new LearnedModel(this.world);
    this.v = new Float64Array(this.world.rows * this.world.cols);
    this.plannerQ = new Float64Array(this.v.length * ACTIONS).fill(-Infinity);
    this.sweeps = 0;
    this.rngQ = createRng(deriveSeed(this.seed, 'fatal:q'));
    this.rngSafe = createRng(deriveSeed(this.seed, 'fatal:safe'));
    this.rngPlan = createRng(deriveSeed(this.seed, 'fatal:plan'));
    this.episodes = 0;
    this.plannerFalls = 0;
    this.history = new History(['qReturn', 'plannerReturn', 'qFalls', 'plannerFalls'], 1, 512);
    this.diverged = null;
    this.version++;
  }

  params() {
    return { ...this.values };
  }

  private replan(): void {
    const r = valueIteration(this.model, this.values.told, this.values.gamma, this.v);
    this.plannerQ = r.q;
    this.sweeps = r.sweeps;
  }

  /** One episode of each learner. */
  private episode(): void {
    const { epsilon, alpha, gamma, safeData } = this.values;
    const qRec = this.q.episode(this.rngQ, epsilon, alpha, gamma);
    if (this.explorer.data.length < safeData) this.explorer.episode(this.rngSafe, safeData);
    if (this.model.absorb(this.explorer.data, safeData) || this.episodes === 0) this.replan();
    const pRec = greedyEpisode(this.world, this.plannerQ, this.world.start, this.rngPlan);
    if (pRec.fatal) this.plannerFalls++;
    this.episodes++;
    this.history.push(this.episodes, [qRec.ret, pRec.moves > 0 ? pRec.ret : NaN, this.q.falls, this.plannerFalls]);
  }

  async step(count: number): Promise<StepResult> {
    if (this.diverged) return { taken: 0, diverged: this.diverged };
    for (let i = 0; i < count; i++) {
      this.episode();
      // Planner Q holds −Infinity for actions the model has no data on: check V, which is finite once any action is known.
      const reason = checkFinite({ 'Q-learning Q': this.q.q }, ACTIONS) ?? checkFinite({ 'planner value V': this.v });
      if (reason) {
        this.diverged = { step: this.episodes, reason };
        this.version++;
        return { taken: i + 1, diverged: this.diverged };
      }
    }
    this.version++;
    return { taken: count, diverged: null };
  }

  /**
   * Everything both learners hold: the Q-learner's table, visits and counters; the safe data (the learned
   * model is rebuilt from it); the planner's values, its Q and fall count; the three random streams; and
   * the curves. Float64 tables travel bit for bit (float64ToWords), so a restored run continues exactly.
   */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot();
    const numbers: Record<string, number> = {
      layout: LAYOUTS.indexOf(this.values.layout as Layout),
      slip: this.values.slip,
      fallPenalty: this.values.fallPenalty,
      cells: this.v.length,
      told: this.values.told ? 1 : 0,
      gamma: this.values.gamma,
      safeData: this.values.safeData,
      episodes: this.episodes,
      plannerFalls: this.plannerFalls,
      sweeps: this.sweeps,
      qFalls: this.q.falls,
      qMoves: this.q.moves,
      guideCaught: this.explorer.caught,
      modelUsed: this.model.used,
      divergedAt: this.diverged ? this.diverged.step : -1,
    };
    for (const [name, rng] of [
      ['rngQ', this.rngQ],
      ['rngSafe', this.rngSafe],
      ['rngPlan', this.rngPlan],
    ] as const) {
      const [a, spare] = rng.getState();
      numbers[`${name}.a`] = a!;
      numbers[`${name}.spare`] = spare!;
    }
    return {
      step: this.episodes,
      arrays: {
        qTable: float64ToWords(this.q.q),
        qVisits: float64ToWords(this.q.visits),
        plannerV: float64ToWords(this.v),
        plannerQ: float64ToWords(this.plannerQ),
        safeData: transitionsToArray(this.explorer.data),
        safeVisits: float64ToWords(this.explorer.visits),
        historySteps: h.steps!,
        ...Object.fromEntries(this.history.names.map((name) => [`history.${name}`, h[name]!])),
      },
      numbers,
    };
  }

  /**
   * Resume a checkpoint of this same world (layout, slip and fall penalty). One of another world, or
   * one missing a table, is ignored: nothing changes and the run goes on from where it is.
   */
  restore(c: RunCheckpoint): void {
    const w = this.world;
    const cells = w.rows * w.cols;
    const num = c.numbers ?? {};
    const arr = c.arrays ?? {};
    if (
      num.layout !== LAYOUTS.indexOf(this.values.layout as Layout) ||
      num.slip !== this.values.slip ||
      num.fallPenalty !== this.values.fallPenalty ||
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

    this.q.q.set(qTable);
    this.q.visits.set(qVisits);
    this.q.falls = qFalls!;
    this.q.moves = qMoves!;
    this.explorer.data.length = 0;
    this.explorer.data.push(...data);
    this.explorer.visits.set(safeVisits);
    this.explorer.caught = guideCaught!;
    this.model = new LearnedModel(w);
    this.model.absorb(this.explorer.data, modelUsed!);
    this.v = v;
    this.plannerQ = plannerQ;
    this.sweeps = sweeps!;
    this.episodes = episodes!;
    this.plannerFalls = plannerFalls!;
    for (const [name, rng] of [
      ['rngQ', this.rngQ],
      ['rngSafe', this.rngSafe],
      ['rngPlan', this.rngPlan],
    ] as const) {
      rng.setState([num[`${name}.a`] ?? NaN, num[`${name}.spare`] ?? NaN]);
    }
    this.history.load(arr.historySteps ?? [], this.history.names.map((name) => arr[`history.${name}`] ?? []));
    const divergedAt = num.divergedAt ?? -1;
    this.diverged =
      divergedAt >= 0
        ? {
            step: divergedAt,
            reason:
              checkFinite({ 'Q-learning Q': this.q.q }, ACTIONS) ??
              checkFinite({ 'planner value V': this.v }) ??
              'the learners stopped here before the restart.',
          }
        : null;
    // Settings that apply live may differ from the checkpoint's: apply them as setParams would.
    if (this.explorer.data.length > this.values.safeData) {
      this.explorer.data.length = this.values.safeData;
      this.model = new LearnedModel(w);
      this.model.absorb(this.explorer.data, this.values.safeData);
      this.replan();
    } else if (num.told !== (this.values.told ? 1 : 0) || num.gamma !== this.values.gamma) this.replan();
    this.version++;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, problems } = validatePartial(fatalStateSchema, partial);
    const changed = Object.keys(values).filter((k) => !sameValue(values[k], (this.values as Record<string, unknown>)[k]));
    const before = this.values;
    this.values = { ...this.values, ...values } as Params;
    const rebuiltBy = changed.filter((k) => fatalStateSchema[k as keyof FatalStateSchema].effect === 'shape');
    if (rebuiltBy.length > 0) this.build();
    else {
      if (this.values.safeData < before.safeData && this.explorer.data.length > this.values.safeData) {
        // Keep only the first moves: the model is relearned from that prefix.
        this.explorer.data.length = this.values.safeData;
        this.model = new LearnedModel(this.world);
        this.model.absorb(this.explorer.data, this.values.safeData);
        this.replan();
      } else if (changed.includes('gamma') || changed.includes('told')) this.replan();
      this.version++;
    }
    return { applied: values, problems, rebuilt: rebuiltBy.length > 0, rebuiltBy };
  }

  /** Greedy episodes from EVAL_EPISODES random start cells, the same cells for both learners. */
  private evaluate(): FatalStateEvaluation {
    const key = `${this.version}`;
    if (this.evalCache?.key === key) return this.evalCache.result;
    const starts = startCells(this.world);
    const pick = createRng(deriveSeed(this.seed, 'fatal:eval-starts'));
    const rngP = createRng(deriveSeed(this.seed, 'fatal:eval-planner'));
    const rngQ = createRng(deriveSeed(this.seed, 'fatal:eval-q'));
    const result = { evalEpisodes: EVAL_EPISODES, evalPlannerFalls: 0, evalPlannerGoals: 0, evalQFalls: 0, evalQGoals: 0 };
    for (let i = 0; i < EVAL_EPISODES; i++) {
      const from = starts[pick.int(starts.length)]!;
      const p = greedyEpisode(this.world, this.plannerQ, from, rngP);
      const q = greedyEpisode(this.world, this.q.q, from, rngQ);
      if (p.fatal) result.evalPlannerFalls++;
      if (p.reachedGoal) result.evalPlannerGoals++;
      if (q.fatal) result.evalQFalls++;
      if (q.reachedGoal) result.evalQGoals++;
    }
    this.evalCache = { key, result };
    return result;
  }

  /** Where the planner's drawn path stops: where it believes the episode ends, or where it truly does (a fall). */
  private plannerTerminal(): (c: number) => boolean {
    const t = this.model.terminalCells(this.values.told);
    const cells = this.world.cells;
    return (c) => t[c] === 1 || cells[c] === 1 || cells[c] === 2;
  }

  async snapshot(): Promise<Snapshot<FatalStateFrameData>> {
    const w = this.world;
    const h = this.history.toSnapshot();
    const fatalOrGoal = (c: number) => w.cells[c] === 1 || w.cells[c] === 2;
    const plannerValues = Float32Array.from(this.v);
    return {
      experimentId: fatalStateMeta.id,
      step: this.episodes,
      diverged: this.diverged,
      data: {
        rows: w.rows,
        cols: w.cols,
        cells: w.cells.slice(),
        episodes: this.episodes,
        told: this.values.told,
        slip: this.values.slip,
        plannerValues,
        plannerPath: greedyPath(w, this.plannerQ, this.plannerTerminal(), w.start),
        dataVisits: Float32Array.from(this.model.entered),
        dataSize: this.model.used,
        dataTarget: this.values.safeData,
        dataFalls: 0,
        guideCaught: this.explorer.caught,
        goalInData: this.model.entered[w.goal]! > 0,
        moveModel: this.model.probabilities(),
        plannerSweeps: this.sweeps,
        plannerFalls: this.plannerFalls,
        qValues: this.q.values(),
        qPath: greedyPath(w, this.q.q, fatalOrGoal, w.start),
        qVisits: Float32Array.from(this.q.visits),
        qFalls: this.q.falls,
        qMoves: this.q.moves,
        curveEpisodes: h.steps!,
        qReturn: h.qReturn!,
        plannerReturn: h.plannerReturn!,
        qFallsCurve: h.qFalls!,
        plannerFallsCurve: h.plannerFalls!,
        ...this.evaluate(),
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    return {
      step: this.episodes,
      qFalls: this.q.falls,
      plannerFalls: this.plannerFalls,
      dataFalls: 0,
      dataSize: this.model.used,
      guideCaught: this.explorer.caught,
      ...this.evaluate(),
    };
  }

  probes = {
    /** PROBE_EPISODES training episodes of both learners on a fresh run with these settings (the panel's training work). */
    'fatal:train': async () => {
      const fresh = new FatalStateRun(this.seed, { ...this.values });
      await fresh.step(PROBE_EPISODES);
      return { episodes: PROBE_EPISODES, qMoves: fresh.q.moves, plannerSweeps: fresh.sweeps, dataSize: fresh.model.used };
    },
  };

  dispose(): void {}
}

export const fatalStateExperiment: Experiment<FatalStateSchema, FatalStateFrameData> = {
  ...fatalStateContract,
  create(seed, params) {
    const { values } = resolveValues(fatalStateSchema, params);
    return new FatalStateRun(seed, values);
  },
};
