/**
 * Gradient estimators for stochastic units (REFERENCES §1). Two things at once:
 * - snapshot(): every selected estimator's statistics at the chosen point (θ, or μ for the Gaussian
 *   unit): mean, bias, variance and SNR of a single sample and of a K-sample step, cosine with the
 *   exact gradient, cost in evaluations, accumulated over refreshes while nothing changes
 *   (gradient-variance-table.ts), plus the N sweep (gradient-variance-sweep.ts);
 * - step(): a training race — each estimator trains its own copy of φ (or μ) with Adam from the same
 *   start and the same noise seed, so the curves differ only by the estimator.
 * The estimators themselves live in ../estimators; this module only wires parameters to them (the
 * toggles in gradient-variance-entries.ts, the bench probes in gradient-variance-probes.ts).
 */
import { implement, type Experiment, type Run, type SetParamsResult, type Snapshot, type StepResult, type RunCheckpoint } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { createBernoulliEstimator } from '../estimators/catalogue';
import { gaussianCost, type GaussianCostName } from '../estimators/problems/gaussian-costs';
import { sumSquaresCost, sumSquaresUnitGradient, tuckerToy } from '../estimators/problems/sum-squares';
import { Racer, raceSteps, type RaceTrack } from '../estimators/race';
import { racerEntries, racerFromCheckpoint } from '../estimators/race-checkpoint';
import { bernoulliRacer, gaussianRacer, gaussianTrack, sumSquaresTrack } from '../estimators/race-specs';
import type { BernoulliCost, BernoulliEstimator, BernoulliEstimatorId } from '../estimators/types';
import {
  ESTIMATOR_KEYS,
  gradientVarianceContract,
  gradientVarianceSchema,
  type EstimatorFrame,
  type EstimatorStats,
  type GradientVarianceFrame,
  type GradientVarianceSchema,
} from './gradient-variance.schema';
import { NSweep, type SweepSettings } from './gradient-variance-sweep';
import { buildEntries, TOGGLES, type Entry, type Probe } from './gradient-variance-entries';
import { benchProbes } from './gradient-variance-probes';
import { drawGaussian, reduceDrawn, statGroups, tableRefusal, type BernoulliPoint } from './gradient-variance-table';
import { drawReduced, drawTable, type BinaryProblem, type DrawJob, type TableDraws, type TableTask } from './gradient-variance-draws';

type Params = ParamValues<GradientVarianceSchema>;

/** Wall time per snapshot spent on the N sweep (at least one cell is measured each time). */
const SWEEP_BUDGET_MS = 12;
/** The toy is the N = 1 case of the N-unit problem; its sweep runs up to this N. */
const TOY_SWEEP_MAX = 256;
/** Parameters whose change restarts the N sweep (besides every rebuild). */
const SWEEP_KEYS = ['t', 'k', 'tau'];

const logit = (p: number) => Math.log(p / (1 - p));

class GradientVarianceRun implements Run<GradientVarianceFrame> {
  private entries: Entry[] = [];
  private track!: RaceTrack;
  /** Each table entry's own stream (its `stats:<key>` seed), so its draw may be made on any worker. */
  private statRngs = new Map<string, Rng>();
  /** How long each stream's last draw took (ms): its next draw's cost, so helpers get the long ones first. */
  private drawMs = new Map<string, number>();
  private steps = 0;
  private diverged: StepResult['diverged'] = null;
  private sweep: NSweep | null = null;

  constructor(private readonly seed: number, private values: Params) {
    this.build();
  }

  private get gaussian(): boolean {
    return this.values.problem === 'gaussian';
  }

  /** Units of the binary problems (the toy has one). */
  private get units(): number {
    return this.values.problem === 'units' ? this.values.n : 1;
  }

  private bernoulliCost(): BernoulliCost {
    return this.values.problem === 'units' ? sumSquaresCost(this.values.n, this.values.t) : tuckerToy(this.values.t);
  }

  private gaussianSettings() {
    const v = this.values;
    return { cost: gaussianCost(v.gaussianCost as GaussianCostName, v.gaussianK), sigma: v.sigma, samples: v.k };
  }

  /** Rebuild racers and probes from the seed: a rebuilt run equals a fresh one. */
  private build(): void {
    this.disposeEntries();
    this.steps = 0;
    this.diverged = null;
    this.statRngs.clear();
    this.drawMs.clear();
    const raceSeed = deriveSeed(this.seed, 'race');
    const v = this.values;
    const bernoulliSettings = () => ({ cost: this.bernoulliCost(), samples: this.values.k, tau: this.values.tau });
    this.track = this.gaussian
      ? gaussianTrack(() => this.gaussianSettings())
      : sumSquaresTrack(this.units, () => this.values.t);
    const start = this.gaussian ? new Float32Array([v.mu]) : new Float32Array(this.units).fill(logit(v.theta));
    this.entries = buildEntries(
      (key) => v[key],
      this.gaussian,
      (probe) =>
        new Racer(
          probe.kind === 'gaussian' ? gaussianRacer(probe.estimator, () => this.gaussianSettings()) : bernoulliRacer(probe.estimator, bernoulliSettings),
          start,
          raceSeed,
        ),
    );
    this.restartSweep();
  }

  private sweepSettings(): SweepSettings {
    const v = this.values;
    return { theta: v.theta, t: v.t, k: v.k, tau: v.tau, maxN: v.problem === 'units' ? v.n : TOY_SWEEP_MAX };
  }

  /** The N sweep measures the binary-unit estimators; the Gaussian unit has none. */
  private restartSweep(): void {
    if (this.gaussian) {
      this.sweep = null;
      return;
    }
    const entries = this.entries
      .filter((e) => e.notApplicable === null && e.probe?.kind === 'bernoulli')
      .map((e) => ({ key: e.key, id: e.id as BernoulliEstimatorId, label: e.label }));
    if (this.sweep) this.sweep.restart(entries, this.sweepSettings());
    else this.sweep = new NSweep(deriveSeed(this.seed, 'sweep'), entries, this.sweepSettings());
  }

  /** True while the N sweep has cells left to measure: the scheduler should ask for snapshots even when paused. */
  pendingWork(): boolean {
    return this.sweep !== null && !this.sweep.done;
  }

  params() {
    return { ...this.values };
  }

  async step(count: number): Promise<StepResult> {
    if (this.diverged) return { taken: 0, diverged: this.diverged };
    const racers = this.entries.flatMap((e) => (e.racer ? [e.racer] : []));
    await raceSteps(racers, count, this.values.learningRate, this.track);
    this.steps += count;
    if (racers.length > 0 && racers.every((r) => r.status.kind === 'diverged')) {
      this.diverged = { step: this.steps, reason: 'every racer’s parameters became NaN or ±Inf; lower the learning rate and reset' };
    }
    return { taken: count, diverged: this.diverged };
  }

  /** Each racer's parameters, step count and curves, keyed by its toggle. */
  async checkpoint(): Promise<RunCheckpoint> {
    const arrays: Record<string, Float32Array> = {};
    const numbers: Record<string, number> = { width: this.gaussian ? 1 : this.units };
    for (const e of this.entries) {
      if (!e.racer || e.racer.status.kind === 'diverged') continue;
      const entries = racerEntries(e.key, await e.racer.save());
      Object.assign(arrays, entries.arrays);
      Object.assign(numbers, entries.numbers);
    }
    return { step: this.steps, arrays, numbers };
  }

  /** Racers whose saved parameters fit take them over; the others start from the seed as usual. */
  restore(c: RunCheckpoint): void {
    if (c.numbers.width !== (this.gaussian ? 1 : this.units)) return;
    let any = false;
    for (const e of this.entries) {
      const saved = e.racer ? racerFromCheckpoint(e.key, c) : null;
      if (!e.racer || !saved) continue;
      any = e.racer.load(saved) || any;
    }
    if (any) this.steps = c.step;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(gradientVarianceSchema, this.values, partial);
    this.values = values;
    // Live parameters are read through getters at every step; only 'shape' ones restart the race.
    if (result.rebuilt) this.build();
    else if (changed.some((k) => SWEEP_KEYS.includes(k))) this.restartSweep();
    // Any change moves what the table measures: its running statistics start afresh.
    if (changed.length > 0) {
      for (const e of this.entries) {
        e.warmed = false;
        e.table.reset();
      }
    }
    return result;
  }

  private get width(): number {
    return this.gaussian ? 1 : this.units;
  }

  private bernoulliPoint(): BernoulliPoint {
    const v = this.values;
    return { units: this.units, theta: v.theta, k: v.k, tau: v.tau, cost: this.bernoulliCost(), exact: sumSquaresUnitGradient(v.theta, v.t) };
  }

  private exactPoint(): { names: string[]; exact: number[]; columns: ArrayLike<number>; loss: number } {
    const v = this.values;
    if (this.gaussian) {
      const e = this.gaussianSettings().cost.exact(v.mu, v.sigma);
      return { names: ['dE/dμ', 'dE/dσ'], exact: [e.dMu, e.dSigma], columns: [e.dMu, e.dSigma], loss: e.value };
    }
    const n = this.units;
    const g = sumSquaresUnitGradient(v.theta, v.t);
    return { names: ['dE/dφ₁'], exact: [g], columns: new Float64Array(n).fill(g), loss: n * v.theta * (1 - 2 * v.t) + n * v.t * v.t };
  }

  /** The table's stream of an estimator: fresh from the seed at every rebuild, then continued. */
  private statRng(key: string): Rng {
    let rng = this.statRngs.get(key);
    if (!rng) {
      rng = createRng(deriveSeed(this.seed, `stats:${key}`));
      this.statRngs.set(key, rng);
    }
    return rng;
  }

  private binaryProblem(): BinaryProblem {
    return { problem: this.values.problem === 'units' ? 'units' : 'toy', units: this.units, t: this.values.t };
  }

  /**
   * One estimator's draw of a refresh (gradient-variance-draws.ts): a stateless binary-unit estimator's
   * may be made by a helper worker, from the same stream, to the same floats.
   */
  private tableTask(key: string, probe: Probe, warm: boolean, groups: number): TableTask {
    const rng = this.statRng(key);
    const cost = this.drawMs.get(key) ?? 0;
    if (probe.kind === 'gaussian') {
      const estimator = probe.estimator;
      const columns = this.exactPoint().columns;
      const local = async () => {
        const drawn = await drawGaussian(estimator, this.values.mu, this.gaussianSettings(), groups, rng);
        return 'reason' in drawn ? drawn : reduceDrawn(drawn, columns, this.values.k, [0, 1]);
      };
      return { local, job: null, rng, cost };
    }
    // A binary-unit estimator reports d/dφ₁; every unit's exact gradient is the same.
    const estimator = probe.estimator;
    const bernoulli = this.bernoulliPoint();
    const columns = new Float64Array(bernoulli.units).fill(bernoulli.exact);
    const coordinates = [0];
    const local = () => drawReduced(estimator, bernoulli, groups, rng, warm, columns, coordinates);
    if (estimator.info.stateful) return { local, job: null, rng, cost };
    const v = this.values;
    const job = (): DrawJob => ({
      id: estimator.info.id,
      problem: this.binaryProblem(),
      theta: v.theta,
      k: v.k,
      tau: v.tau,
      groups,
      rng: rng.getState(),
      exact: columns,
      coordinates,
    });
    return { local, job, rng, cost };
  }

  /** Draw the tasks of a refresh (by stream key) and keep how long each took, for the next refresh's order. */
  private async drawTasks(tasks: [string, TableTask][]): Promise<TableDraws> {
    const drawn = await drawTable(tasks.map(([, task]) => task));
    tasks.forEach(([key], i) => this.drawMs.set(key, drawn.ms[i]!));
    return drawn;
  }

  /** The table's refresh: one fresh batch per selected estimator, merged into its running statistics. */
  private async refreshTable(): Promise<void> {
    if (tableRefusal(this.values.k, this.width)) return;
    const groups = statGroups(this.values.k, this.width);
    const measured = this.entries.filter((e) => !e.notApplicable && e.probe);
    const { results } = await this.drawTasks(measured.map((e) => [e.key, this.tableTask(e.key, e.probe!, !e.warmed, groups)]));
    measured.forEach((e, i) => {
      e.warmed = true;
      e.table.addReduced(results[i]!);
    });
  }

  private statsOf(e: Entry, refusal: string | null, names: string[], columns: ArrayLike<number>): EstimatorStats {
    if (e.notApplicable) return { ok: false, reason: e.notApplicable, perSample: null, perStep: null, draws: null };
    if (refusal) return { ok: false, reason: refusal, perSample: null, perStep: null, draws: null };
    return e.table.toSnapshot(columns, this.values.k, names, e.unbiased);
  }

  async snapshot(): Promise<Snapshot<GradientVarianceFrame>> {
    const refusal = tableRefusal(this.values.k, this.width);
    const point = this.exactPoint();
    const t0 = Date.now();
    await this.refreshTable();
    // The sweep gets a slice of its own, and half the table's time when the table is slow (large N or K),
    // so it keeps pace with the snapshots instead of crawling one cell at a time.
    if (this.sweep) await this.sweep.advance(Math.max(SWEEP_BUDGET_MS, 0.5 * (Date.now() - t0)));
    const estimators: EstimatorFrame[] = [];
    for (const e of this.entries) {
      estimators.push({
        key: e.key,
        id: e.id,
        label: e.label,
        unbiased: e.unbiased,
        applicable: e.notApplicable === null,
        stats: this.statsOf(e, refusal, point.names, point.columns),
        state: e.racer ? await e.racer.spec.readState() : {},
        race: e.racer ? e.racer.toSnapshot() : null,
      });
    }
    const v = this.values;
    const data: GradientVarianceFrame = {
      problem: v.problem,
      units: this.width,
      samples: v.k,
      statGroups: statGroups(v.k, this.width),
      refusal,
      coordinateNames: point.names,
      exact: Float32Array.from(point.exact),
      lossAtPoint: point.loss,
      estimators,
      sweep: this.sweep
        ? { ok: true, reason: null, ...this.sweep.toSnapshot() }
        : { ok: false, reason: 'The N sweep is for binary units: the Gaussian unit has no N.' },
    };
    return { experimentId: gradientVarianceExperiment.id, step: this.steps, diverged: this.diverged, data };
  }

  readonly probes: Record<string, () => Promise<void | Record<string, number>>> = benchProbes(
    () => ({ seed: this.seed, units: this.units, theta: this.values.theta, k: this.values.k, tau: this.values.tau, cost: this.bernoulliCost() }),
    () => this.refreshTable(),
    () => this.refreshDefaults(),
  );

  /** Instances for refreshDefaults, kept between calls like the table's probes (so warmed once). */
  private defaultProbes: { key: string; estimator: BernoulliEstimator }[] | null = null;

  private async refreshDefaults(): Promise<Record<string, number>> {
    const groups = statGroups(this.values.k, this.units);
    const first = this.defaultProbes === null;
    this.defaultProbes ??= ESTIMATOR_KEYS.flatMap((key) => {
      const id: BernoulliEstimatorId | null = TOGGLES[key].bernoulli;
      return gradientVarianceSchema[key].default && id !== null ? [{ key, estimator: createBernoulliEstimator(id) }] : [];
    });
    // Drawn and reduced as the table's refresh does (helpers included), into statistics nobody keeps,
    // from streams of their own (`default:<key>`) so the table's are left as they were.
    const probes = this.defaultProbes;
    const { results, workers, ms } = await this.drawTasks(
      probes.map(({ key, estimator }) => [`default:${key}`, this.tableTask(`default:${key}`, { kind: 'bernoulli', estimator }, first, groups)]),
    );
    // What the e2e compares between a page with helpers and one without: each draw's statistics, exactly.
    const details: Record<string, number> = { workers };
    results.forEach((r, i) => {
      const c = 'reason' in r || !r.perSample.summary.ok ? null : r.perSample.summary.summary.coordinates[0]!;
      details[`${probes[i]!.key}.mean`] = c?.mean ?? NaN;
      details[`${probes[i]!.key}.variance`] = c?.variance ?? NaN;
      // How long the draw took, wherever it was made: the bench's best split of the draws over its
      // workers. A time, not a statistic: the tests comparing workers leave it out.
      details[`${probes[i]!.key}.ms`] = ms[i]!;
    });
    return details;
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = { step: this.steps };
    for (const e of this.entries) {
      if (!e.racer) continue;
      const snap = e.racer.history.toSnapshot();
      out[`${e.key}.steps`] = e.racer.steps;
      if (snap.watched.length > 0) {
        out[`${e.key}.${this.gaussian ? 'mu' : 'theta1'}`] = snap.watched[snap.watched.length - 1]!;
        out[`${e.key}.loss`] = snap.loss[snap.loss.length - 1]!;
      }
    }
    return out;
  }

  private disposeEntries(): void {
    for (const e of this.defaultProbes ?? []) e.estimator.dispose();
    this.defaultProbes = null;
    for (const e of this.entries) {
      e.racer?.dispose();
      if (e.probe?.kind === 'bernoulli') e.probe.estimator.dispose();
    }
    this.entries = [];
  }

  dispose(): void {
    this.disposeEntries();
  }
}

export const gradientVarianceExperiment: Experiment<GradientVarianceSchema, GradientVarianceFrame> = implement(
  gradientVarianceContract,
  (seed, values) => new GradientVarianceRun(seed, values),
);
