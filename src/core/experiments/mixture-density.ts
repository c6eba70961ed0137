/**
 * Conditional Gaussian mixtures (issue 15 A, brainstorm §1): seven learners race on a task whose
 * answer has several values for one input. A single Gaussian (least squares) learns the conditional
 * mean, a curve through empty space; a mixture density network trained by backprop on the mixture's
 * NLL gives soft credit through the responsibilities; winner-takes-all and its relaxed form give hard
 * credit; the component drawn as a discrete latent learns through the score function or
 * Gumbel-softmax; EM holds the responsibilities fixed as targets. Plain Float64Array arithmetic (see
 * src/core/mixture/network.ts for why), all randomness from the seed's named streams.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { History } from '../history';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { MixtureRace, type RaceSettings } from '../mixture/race';
import { SeedSweep, SWEEP_SEEDS, SWEEP_STEPS } from '../mixture/sweep';
import { componentInputs, componentsAcross, coverage, densityGrid, meanNll, MixtureReader, residualSigma } from '../mixture/evaluate';
import { forward, TASKS, trueModes, type TaskId } from '../mixture/tasks';
import type { Learner } from '../mixture/learner';
import { LEARNER_IDS, mixtureDensityContract, mixtureDensityMeta, mixtureDensitySchema, type LearnerId, type MixtureDensityFrame, type MixtureDensitySchema, type MixtureLearnerRow } from './mixture-density.schema';

type Params = ParamValues<MixtureDensitySchema>;

/** Side of the p(y | x) heatmap grid. */
export const GRID = 64;
/** Inputs at which the components' means and weights are drawn. */
const COMPONENT_XS = 48;
/**
 * Milliseconds of seed sweep per snapshot (it runs between frames, so it must stay short). Its results
 * do not depend on how its steps are spread over frames: each sweep run is a race of its own seed.
 */
const SWEEP_BUDGET_MS = 5;
/** A frame may show a test NLL up to this many steps old. */
const SNAPSHOT_NLL_STALE = 50;
/** Training points drawn on the inverse problem's heatmaps. */
const SHOWN_POINTS = 400;
/** Arms: training points within this distance of the shown input are drawn. */
const SLICE_HALF_WIDTH = 0.05;

function settingsOf(v: Params): RaceSettings {
  const task = v.task as TaskId;
  return { task, size: v.size, noise: v.noise, init: v.init, batch: v.batch, K: v.components, D: TASKS[task].D, H: v.hidden, floor: v.floor, lr: v.lr, epsilon: v.epsilon, tau: v.tau };
}

export class MixtureDensityRun implements Run<MixtureDensityFrame> {
  private race!: MixtureRace;
  private history!: History;
  private sweep!: SeedSweep;
  private nllCache: { step: number; floor: number; values: number[]; enabled: string } | null = null;

  constructor(private readonly seed: number, private values: Params) {
    this.build();
  }

  private build(): void {
    this.race = new MixtureRace(this.seed, settingsOf(this.values));
    this.history = new History(LEARNER_IDS, 25, 256);
    this.nllCache = null;
    this.readerCache = null;
    this.restartSweep();
  }

  private restartSweep(): void {
    this.sweep = new SeedSweep(this.seed, settingsOf(this.values));
  }

  params() {
    return { ...this.values };
  }

  private enabled = (id: LearnerId) => this.values[id];
  private enabledKey = () => LEARNER_IDS.map((id) => (this.values[id] ? 1 : 0)).join('');

  /**
   * A reader per learner, made once per step: the single Gaussian's σ (its RMS residual over the
   * training set) is the costly part and changes only when its weights or the data do.
   */
  private readerCache: { step: number; data: unknown; readers: MixtureReader[] } | null = null;
  private reader(l: Learner): MixtureReader {
    const c = this.readerCache;
    if (!c || c.step !== this.race.steps || c.data !== this.race.data) {
      const readers = this.race.learners.map((x) => new MixtureReader(x, x.mixture ? 0 : residualSigma(x, this.race.data)));
      this.readerCache = { step: this.race.steps, data: this.race.data, readers };
    }
    return this.readerCache!.readers[this.race.learners.indexOf(l)]!;
  }

  /**
   * Test NLL of every learner (NaN when off or stopped on NaN). `staleSteps` lets a frame reuse a value
   * up to that many steps old (300 points × 7 learners per frame would cost more than a frame’s training);
   * the curve and metrics() always compute it at the step.
   */
  private testNlls(staleSteps = 0): number[] {
    const step = this.race.steps;
    const floor = this.values.floor;
    const c = this.nllCache;
    if (c && c.floor === floor && step >= c.step && step - c.step <= staleSteps && c.enabled === this.enabledKey()) return c.values;
    const values = this.race.learners.map((l) => (this.enabled(l.id) && l.stop?.kind !== 'nan' ? meanNll(this.reader(l), this.race.test, floor) : NaN));
    this.nllCache = { step, floor, values, enabled: this.enabledKey() };
    return values;
  }

  async step(count: number): Promise<StepResult> {
    const set = settingsOf(this.values);
    for (let i = 0; i < count; i++) {
      this.race.step(this.enabled, set);
      if (this.history.due(this.race.steps)) this.history.push(this.race.steps, this.testNlls());
    }
    return { taken: count, diverged: null };
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(mixtureDensitySchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) this.build();
    else {
      if (changed.some((k) => k === 'size' || k === 'noise')) {
        this.race.regenerate(settingsOf(this.values));
        this.nllCache = null;
        this.readerCache = null;
      }
      // The sweep measures the settings; toggles and the arms' shown input do not change it.
      if (changed.some((k) => !(LEARNER_IDS as readonly string[]).includes(k) && k !== 'slice')) this.restartSweep();
    }
    return result;
  }

  pendingWork(): boolean {
    return !this.sweep.finished();
  }

  /** The p(y | x) heatmap of every switched-on learner (the hero figure's refresh, timed by the bench). */
  heatmaps(): Map<LearnerId, Float32Array> {
    const out = new Map<LearnerId, Float32Array>();
    const v = this.values;
    for (const l of this.race.learners) {
      if (!v[l.id] || l.stop?.kind === 'nan') continue;
      const heat = new Float32Array(GRID * GRID);
      densityGrid(this.reader(l), v.task as TaskId, v.floor, v.slice, GRID, heat);
      out.set(l.id, heat);
    }
    return out;
  }

  async snapshot(): Promise<Snapshot<MixtureDensityFrame>> {
    const until = Date.now() + SWEEP_BUDGET_MS;
    do this.sweep.advance(1);
    while (!this.sweep.finished() && Date.now() < until);
    const v = this.values;
    const task = v.task as TaskId;
    const info = TASKS[task];
    const heats = this.heatmaps();
    const nlls = this.testNlls(SNAPSHOT_NLL_STALE);
    const rows: MixtureLearnerRow[] = this.race.learners.map((l, i) => this.row(l, heats.get(l.id), nlls[i]!));
    const h = this.history.toSnapshot() as Record<string, Float32Array>;
    const { dataX, dataY } = this.shownData();
    const truth = this.truth();
    const frame: MixtureDensityFrame = {
      task,
      D: info.D,
      K: v.components,
      grid: GRID,
      xRange: info.xRange,
      yRange: info.yRange,
      slice: v.slice,
      dataX,
      dataY,
      truthX: truth.x,
      truthY: truth.y,
      componentXs: componentInputs(task, COMPONENT_XS),
      rows,
      historySteps: h.steps!,
      historyNll: LEARNER_IDS.map((id) => h[id]!),
      sweepSeeds: SWEEP_SEEDS,
      sweepSteps: SWEEP_STEPS,
      sweepDone: this.sweep.done,
      sweep: this.sweep.rows(),
    };
    return {
      experimentId: mixtureDensityMeta.id,
      step: this.race.steps,
      diverged: null,
      data: frame,
    };
  }

  private row(l: Learner, heat: Float32Array | undefined, nll: number): MixtureLearnerRow {
    const v = this.values;
    const on = v[l.id];
    const live = l.stop?.kind !== 'nan';
    const reader = live ? this.reader(l) : null;
    const comps = reader ? componentsAcross(reader, v.task as TaskId, v.floor, COMPONENT_XS) : null;
    const cov = reader ? coverage(reader, v.task as TaskId, v.floor) : null;
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    return {
      id: l.id,
      enabled: on,
      status: !on ? 'off' : l.stop ? 'stopped' : 'training',
      message: l.stop ? `Stopped: ${l.stop.reason}` : '',
      stopKind: l.stop?.kind ?? null,
      steps: l.steps,
      loss: finite(l.lastLoss),
      testNll: finite(nll),
      heat: heat ?? new Float32Array(0),
      means: comps?.means ?? new Float32Array(0),
      weights: comps?.weights ?? new Float32Array(0),
      sigmas: comps?.sigmas ?? new Float32Array(0),
      components: l.mixture ? l.K : 1,
      coverage: cov ? finite(cov.fraction) : null,
      modesAtThree: cov ? finite(cov.modesAtThree) : null,
      dead: l.mixture && cov ? cov.dead : 0,
    };
  }

  /** The training points drawn on the heatmaps. */
  private shownData(): { dataX: Float32Array; dataY: Float32Array } {
    const d = this.race.data;
    if (this.values.task === 'inverse') {
      const n = Math.min(SHOWN_POINTS, d.n);
      const stride = d.n / n;
      const dataX = new Float32Array(n);
      const dataY = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const j = Math.floor(i * stride);
        dataX[i] = d.x[j]!;
        dataY[i] = d.y[j]!;
      }
      return { dataX, dataY };
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < d.n; i++) {
      if (Math.abs(d.x[i]! - this.values.slice) > SLICE_HALF_WIDTH) continue;
      xs.push(d.y[2 * i]!);
      ys.push(d.y[2 * i + 1]!);
    }
    return { dataX: Float32Array.from(xs), dataY: Float32Array.from(ys) };
  }

  private truth(): { x: Float32Array; y: Float32Array } {
    if (this.values.task === 'inverse') {
      const n = 200;
      const ys = Float32Array.from({ length: n }, (_, i) => i / (n - 1));
      return { x: ys.map((y) => forward(y)), y: ys };
    }
    const modes = trueModes('arms', this.values.slice);
    return { x: Float32Array.from(modes.map((m) => m[0]!)), y: Float32Array.from(modes.map((m) => m[1]!)) };
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = { step: this.race.steps };
    const nlls = this.testNlls();
    this.race.learners.forEach((l, i) => {
      const live = this.enabled(l.id) && l.stop?.kind !== 'nan';
      const cov = live ? coverage(this.reader(l), this.values.task as TaskId, this.values.floor) : null;
      out[`${l.id}TestNll`] = nlls[i]!;
      out[`${l.id}Coverage`] = cov ? cov.fraction : NaN;
      out[`${l.id}ModesAtThree`] = cov ? cov.modesAtThree : NaN;
      out[`${l.id}Dead`] = cov ? cov.dead : NaN;
      out[`${l.id}Steps`] = l.steps;
      out[`${l.id}Stopped`] = l.stop ? (l.stop.kind === 'nan' ? 1 : 2) : 0;
    });
    return out;
  }

  /** Bench probes: 100 race steps at the current settings, and one refresh of the hero heatmaps. */
  readonly probes = {
    train100: async () => {
      const set = settingsOf(this.values);
      for (let i = 0; i < 100; i++) this.race.step(this.enabled, set);
      return { steps: 100, learners: LEARNER_IDS.filter(this.enabled).length };
    },
    heatmaps: async () => {
      const n = this.heatmaps().size;
      return { heatmaps: n, cells: n * GRID * GRID };
    },
  };

  /**
   * Every learner's weights, Adam state, baseline, counters and stop, every random stream, and the
   * test-NLL curves. Doubles travel bit for bit (float64ToWords), so a restored run continues exactly.
   */
  async checkpoint(): Promise<RunCheckpoint> {
    const arrays: Record<string, Float32Array> = {};
    const numbers: Record<string, number> = { K: this.values.components, H: this.values.hidden, D: TASKS[this.values.task as TaskId].D };
    const rng = (name: string, s: number[]) => {
      numbers[`rng:${name}`] = s[0]!;
      numbers[`rngSpare:${name}`] = s[1]!;
    };
    rng('batches', this.race.batchRng.getState());
    for (const l of this.race.learners) {
      arrays[`params:${l.id}`] = float64ToWords(l.params);
      arrays[`adam:${l.id}`] = float64ToWords(l.adam.state());
      numbers[`steps:${l.id}`] = l.steps;
      numbers[`baseline:${l.id}`] = l.baseline;
      numbers[`loss:${l.id}`] = l.lastLoss;
      numbers[`stopAt:${l.id}`] = l.stop ? l.stop.step : -1;
      numbers[`stopKind:${l.id}`] = l.stop?.kind === 'variance' ? 1 : 0;
      arrays[`stopReason:${l.id}`] = Float32Array.from(l.stop ? [...l.stop.reason].map((c) => c.codePointAt(0)!) : []);
      rng(l.id, l.rng.getState());
    }
    const h = this.history.toSnapshot() as Record<string, Float32Array>;
    arrays.historySteps = h.steps!;
    for (const id of LEARNER_IDS) arrays[`history:${id}`] = h[id]!;
    return { step: this.race.steps, arrays, numbers };
  }

  /** Continue from a checkpoint of a run with the same seed and settings; another shape is ignored. */
  restore(c: RunCheckpoint): void {
    const num = c.numbers ?? {};
    const arr = c.arrays ?? {};
    const D = TASKS[this.values.task as TaskId].D;
    if (num.K !== this.values.components || num.H !== this.values.hidden || num.D !== D || !Number.isInteger(c.step) || c.step < 0) return;
    const loaded = this.race.learners.map((l) => ({ p: wordsToFloat64(arr[`params:${l.id}`], l.params.length), a: wordsToFloat64(arr[`adam:${l.id}`]) }));
    if (loaded.some((x) => !x.p || !x.a)) return;
    const state = (name: string) => [num[`rng:${name}`] ?? NaN, num[`rngSpare:${name}`] ?? NaN];
    this.race.steps = c.step;
    this.race.batchRng.setState(state('batches'));
    this.race.learners.forEach((l, i) => {
      l.params = loaded[i]!.p!;
      l.adam.setState(loaded[i]!.a!);
      l.steps = num[`steps:${l.id}`] ?? 0;
      l.baseline = num[`baseline:${l.id}`] ?? NaN;
      l.lastLoss = num[`loss:${l.id}`] ?? NaN;
      const at = num[`stopAt:${l.id}`] ?? -1;
      const reason = String.fromCodePoint(...(arr[`stopReason:${l.id}`] ?? []));
      l.stop = at >= 0 ? { step: at, kind: num[`stopKind:${l.id}`] === 1 ? 'variance' : 'nan', reason } : null;
      l.rng.setState(state(l.id));
    });
    this.history.load(arr.historySteps ?? [], LEARNER_IDS.map((id) => arr[`history:${id}`] ?? []));
    this.nllCache = null;
    this.readerCache = null;
    this.restartSweep();
  }

  dispose(): void {}
}

export const mixtureDensityExperiment: Experiment<MixtureDensitySchema, MixtureDensityFrame> = implement(
  mixtureDensityContract,
  (seed, values) => new MixtureDensityRun(seed, values),
);
