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
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { firstNonFinite } from '../divergence';
import { ACTIONS, QLearner, makeWorld, type Layout, type World } from '../world/gridworld';
import { LearnedModel, SafeExplorer } from '../world/learned-model';
import { greedyEpisode, greedyPath, startCells, valueIteration } from '../world/planning';
import { restoreCheckpoint, takeCheckpoint, type FatalStateState } from './fatal-state-checkpoint';
import { fatalStateContract, fatalStateMeta, fatalStateSchema, type FatalStateEvaluation, type FatalStateFrameData, type FatalStateSchema } from './fatal-state.schema';

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

/** Its fields are the state the checkpoints (FatalStateState) read and restore. */
class FatalStateRun implements Run<FatalStateFrameData>, FatalStateState {
  world!: World;
  q!: QLearner;
  explorer!: SafeExplorer;
  model!: LearnedModel;
  v!: Float64Array;
  plannerQ!: Float64Array;
  sweeps = 0;
  rngQ!: Rng;
  rngSafe!: Rng;
  rngPlan!: Rng;
  episodes = 0;
  plannerFalls = 0;
  history!: History;
  diverged: { step: number; reason: string } | null = null;
  private evalCache: { key: string; result: FatalStateEvaluation } | null = null;
  version = 0;

  constructor(private readonly seed: number, public values: Params) {
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

  replan(): void {
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
      const reason = this.nonFiniteReason();
      if (reason) {
        this.diverged = { step: this.episodes, reason };
        this.version++;
        return { taken: i + 1, diverged: this.diverged };
      }
    }
    this.version++;
    return { taken: count, diverged: null };
  }

  /** See fatal-state-checkpoint.ts. */
  async checkpoint(): Promise<RunCheckpoint> {
    return takeCheckpoint(this);
  }

  restore(c: RunCheckpoint): void {
    restoreCheckpoint(this, c);
  }

  /** Why the run must stop (a table holds NaN or ±Infinity), or null. */
  nonFiniteReason(): string | null {
    // Planner Q holds −Infinity for actions the model has no data on: check V, which is finite once any action is known.
    return checkFinite({ 'Q-learning Q': this.q.q }, ACTIONS) ?? checkFinite({ 'planner value V': this.v });
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(fatalStateSchema, this.values, partial);
    const before = this.values;
    this.values = values;
    if (result.rebuilt) this.build();
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
    return result;
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

export const fatalStateExperiment: Experiment<FatalStateSchema, FatalStateFrameData> = implement(
  fatalStateContract,
  (seed, values) => new FatalStateRun(seed, values),
);
