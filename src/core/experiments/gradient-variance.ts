/**
 * Gradient estimators for stochastic units (REFERENCES §1). Two things at once:
 * - snapshot(): every selected estimator's statistics at the chosen point (θ, or μ for the Gaussian
 *   unit): mean, bias, variance and SNR of a single sample and of a K-sample step, cosine with the
 *   exact gradient, cost in evaluations;
 * - step(): a training race — each estimator trains its own copy of φ (or μ) with Adam from the same
 *   start and the same noise seed, so the curves differ only by the estimator.
 * The estimators themselves live in ../estimators; this module only wires parameters to them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Experiment, Run, SetParamsResult, Snapshot, SnapshotValue, StepResult, RunCheckpoint } from '../experiment';
import { resolveValues, sameValue, validatePartial, type ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { createBernoulliEstimator, ESTIMATOR_INFO } from '../estimators/catalogue';
import { createGaussianEstimator } from '../estimators/gaussian';
import type { GaussianEstimator, GaussianEstimatorId } from '../estimators/gaussian/types';
import { MAX_ELEMENTS, tooManyElementsReason } from '../estimators/limits';
import { measure, readEstimate, summariseDrawn, type Measured } from '../estimators/measure';
import { gaussianCost, type GaussianCostName } from '../estimators/problems/gaussian-costs';
import { sumSquaresCost, sumSquaresUnitGradient, tuckerToy } from '../estimators/problems/sum-squares';
import { Racer, raceSteps, type RaceTrack } from '../estimators/race';
import { bernoulliRacer, gaussianRacer, gaussianTrack, sumSquaresTrack } from '../estimators/race-specs';
import { createScoreFunction } from '../estimators/score-function';
import { scoreFunctionPerSampleLoop } from '../estimators/score-function-loop';
import { measuredToSnapshot } from '../estimators/snapshot-format';
import { uniformTensor } from '../estimators/noise';
import {
  BERNOULLI_ESTIMATOR_IDS,
  EstimatorError,
  type BernoulliCost,
  type BernoulliEstimator,
  type BernoulliEstimatorId,
  type Estimate,
  type EstimateInput,
} from '../estimators/types';
import { gradientVarianceSchema, type GradientVarianceSchema } from './gradient-variance.schema';
import { NSweep, type SweepSettings } from './gradient-variance-sweep';

type Params = ParamValues<GradientVarianceSchema>;

/**
 * Snapshot statistics budget per estimator: about this many elements (groups × K × N), so a snapshot
 * stays interactive on the CPU backend; but never fewer than MIN_STAT_ROWS single samples (a variance
 * from fewer is too rough to plot), and at most STAT_GROUPS K-sample groups.
 */
const STAT_ELEMENTS = 2 ** 18;
const MIN_STAT_ROWS = 256;
const STAT_GROUPS = 512;
/** Wall time per snapshot spent on the N sweep (at least one cell is measured each time). */
const SWEEP_BUDGET_MS = 12;
/** The toy is the N = 1 case of the N-unit problem; its sweep runs up to this N. */
const TOY_SWEEP_MAX = 256;
/** Parameters whose change restarts the N sweep (besides every rebuild). */
const SWEEP_KEYS = ['t', 'k', 'tau'];

type ToggleKey =
  | 'exact'
  | 'sf'
  | 'sfOracle'
  | 'sfAverage'
  | 'sfOptimal'
  | 'rloo'
  | 'st'
  | 'concrete'
  | 'stGumbel'
  | 'rebar'
  | 'arm'
  | 'disarm'
  | 'pathwise';

/** What each toggle selects for binary units and for the Gaussian unit (null: not applicable). */
const TOGGLES: readonly { key: ToggleKey; bernoulli: BernoulliEstimatorId | null; gaussian: GaussianEstimatorId | null }[] = [
  { key: 'exact', bernoulli: 'exact', gaussian: null },
  { key: 'sf', bernoulli: 'score', gaussian: 'gaussian-score' },
  { key: 'sfOracle', bernoulli: 'score-mean-oracle', gaussian: null },
  { key: 'sfAverage', bernoulli: 'score-moving-average', gaussian: null },
  { key: 'sfOptimal', bernoulli: 'score-optimal', gaussian: null },
  { key: 'rloo', bernoulli: 'rloo', gaussian: 'gaussian-score-loo' },
  { key: 'st', bernoulli: 'straight-through', gaussian: null },
  { key: 'concrete', bernoulli: 'concrete', gaussian: null },
  { key: 'stGumbel', bernoulli: 'st-gumbel', gaussian: null },
  { key: 'rebar', bernoulli: 'rebar', gaussian: null },
  { key: 'arm', bernoulli: 'arm', gaussian: null },
  { key: 'disarm', bernoulli: 'disarm', gaussian: null },
  { key: 'pathwise', bernoulli: null, gaussian: 'gaussian-pathwise' },
];

const NOT_FOR_BINARY = 'not applicable: a Bernoulli sample is not a differentiable function of φ, so there is no path to differentiate';
const NOT_FOR_GAUSSIAN = 'not applicable to the Gaussian unit (this estimator is for binary units; the exact gradient is the closed form)';

type Probe = { kind: 'bernoulli'; estimator: BernoulliEstimator } | { kind: 'gaussian'; estimator: GaussianEstimator };

interface Entry {
  key: ToggleKey;
  id: string;
  label: string;
  unbiased: boolean;
  notApplicable: string | null;
  racer: Racer | null;
  /** A separate instance for the statistics, so measuring never disturbs a racer's state. */
  probe: Probe | null;
  /**
   * A stateful probe (baseline, REBAR's η and τ) has been warmed since the settings last changed; after
   * that each measured draw keeps its state current, so later snapshots skip the extra warm-up draw.
   */
  warmed: boolean;
}

const logit = (p: number) => Math.log(p / (1 - p));

class GradientVarianceRun implements Run {
  private values: Params;
  private entries: Entry[] = [];
  private track!: RaceTrack;
  private statRng!: Rng;
  private steps = 0;
  private diverged: StepResult['diverged'] = null;
  private sweep: NSweep | null = null;

  constructor(
    private readonly seed: number,
    params: Params,
  ) {
    this.values = params;
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
    this.statRng = createRng(deriveSeed(this.seed, 'stats'));
    const raceSeed = deriveSeed(this.seed, 'race');
    const v = this.values;
    const bernoulliSettings = () => ({ cost: this.bernoulliCost(), samples: this.values.k, tau: this.values.tau });
    this.track = this.gaussian
      ? gaussianTrack(() => this.gaussianSettings())
      : sumSquaresTrack(this.units, () => this.values.t);
    const start = this.gaussian ? new Float32Array([v.mu]) : new Float32Array(this.units).fill(logit(v.theta));
    for (const t of TOGGLES) {
      if (!v[t.key]) continue;
      const id = this.gaussian ? t.gaussian : t.bernoulli;
      if (id === null) {
        const other = (this.gaussian ? t.bernoulli : t.gaussian)!;
        const label = this.gaussian
          ? ESTIMATOR_INFO[other as BernoulliEstimatorId].label
          : createGaussianEstimator(other as GaussianEstimatorId).label;
        const notApplicable = this.gaussian ? NOT_FOR_GAUSSIAN : NOT_FOR_BINARY;
        this.entries.push({ key: t.key, id: other, label, unbiased: false, notApplicable, racer: null, probe: null, warmed: false });
        continue;
      }
      if (this.gaussian) {
        const gid = id as GaussianEstimatorId;
        const racer = new Racer(gaussianRacer(createGaussianEstimator(gid), () => this.gaussianSettings()), start, raceSeed);
        const probe: Probe = { kind: 'gaussian', estimator: createGaussianEstimator(gid) };
        this.entries.push({ key: t.key, id: gid, label: probe.estimator.label, unbiased: true, notApplicable: null, racer, probe, warmed: false });
      } else {
        const bid = id as BernoulliEstimatorId;
        const info = ESTIMATOR_INFO[bid];
        const racer = new Racer(bernoulliRacer(createBernoulliEstimator(bid), bernoulliSettings), start, raceSeed);
        const probe: Probe = { kind: 'bernoulli', estimator: createBernoulliEstimator(bid) };
        this.entries.push({ key: t.key, id: bid, label: info.label, unbiased: info.unbiased, notApplicable: null, racer, probe, warmed: false });
      }
    }
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
      const saved = await e.racer.save();
      const h = saved.history as Record<string, Float32Array>;
      arrays[`${e.key}.params`] = saved.params;
      arrays[`${e.key}.steps`] = h.steps!;
      arrays[`${e.key}.watched`] = h.watched!;
      arrays[`${e.key}.loss`] = h.loss!;
      numbers[`${e.key}.steps`] = saved.steps;
    }
    return { step: this.steps, arrays, numbers };
  }

  /** Racers whose saved parameters fit take them over; the others start from the seed as usual. */
  restore(c: RunCheckpoint): void {
    if (c.numbers.width !== (this.gaussian ? 1 : this.units)) return;
    let any = false;
    for (const e of this.entries) {
      const params = c.arrays[`${e.key}.params`];
      if (!e.racer || !params) continue;
      const a = c.arrays;
      any = e.racer.load(params, c.numbers[`${e.key}.steps`] ?? 0, a[`${e.key}.steps`] ?? [], a[`${e.key}.watched`] ?? [], a[`${e.key}.loss`] ?? []) || any;
    }
    if (any) this.steps = c.step;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, problems } = validatePartial(gradientVarianceSchema, partial);
    const changed = Object.keys(values).filter((k) => !sameValue(values[k], (this.values as Record<string, unknown>)[k]));
    this.values = { ...this.values, ...values } as Params;
    // Live parameters are read through getters at every step; only 'shape' ones restart the race.
    const rebuiltBy = changed.filter((k) => gradientVarianceSchema[k as keyof GradientVarianceSchema].effect === 'shape');
    if (rebuiltBy.length > 0) this.build();
    else if (changed.some((k) => SWEEP_KEYS.includes(k))) this.restartSweep();
    if (changed.length > 0) for (const e of this.entries) e.warmed = false;
    return { applied: values, problems, rebuilt: rebuiltBy.length > 0, rebuiltBy };
  }

  /** Refusal that applies to every estimator at the current K and N, or null. */
  private refusal(): string | null {
    const width = this.gaussian ? 1 : this.units;
    return this.values.k * width > MAX_ELEMENTS ? tooManyElementsReason(this.values.k, width) : null;
  }

  private groups(): number {
    const width = this.gaussian ? 1 : this.units;
    const k = this.values.k;
    const fewest = Math.ceil(MIN_STAT_ROWS / k);
    return Math.min(STAT_GROUPS, Math.max(fewest, Math.floor(STAT_ELEMENTS / (k * width))));
  }

  private async measureBernoulli(estimator: BernoulliEstimator, groups: number, warm = true): Promise<Measured> {
    const n = this.units;
    const phi = tf.fill([n], logit(this.values.theta)) as tf.Tensor1D;
    const k = this.values.k;
    const input = { phi, cost: this.bernoulliCost(), samples: groups * k, group: k, rng: this.statRng, tau: this.values.tau };
    try {
      // A stateful estimator (baseline, REBAR's η and τ) is warmed on one draw before the measured one.
      if (warm && estimator.info.stateful) {
        const warm = estimator.estimate(input);
        tf.dispose([warm.grads, warm.samples]);
      }
    } catch (e) {
      if (!(e instanceof EstimatorError)) throw e;
    }
    const exact = new Float32Array(n).fill(sumSquaresUnitGradient(this.values.theta, this.values.t));
    const m = await measure(estimator, input, exact, [0]);
    phi.dispose();
    return m;
  }

  private async measureGaussian(estimator: GaussianEstimator, groups: number): Promise<Measured> {
    const s = this.gaussianSettings();
    const k = this.values.k;
    const exact = s.cost.exact(this.values.mu, s.sigma);
    try {
      const est = estimator.estimate({ mu: this.values.mu, sigma: s.sigma, cost: s.cost, samples: groups * k, group: k, rng: this.statRng });
      return summariseDrawn(await readEstimate(est), [exact.dMu, exact.dSigma], k);
    } catch (e) {
      if (e instanceof EstimatorError) return { ok: false, reason: e.message };
      throw e;
    }
  }

  private exactPoint(): { names: string[]; exact: number[]; loss: number } {
    const v = this.values;
    if (this.gaussian) {
      const e = this.gaussianSettings().cost.exact(v.mu, v.sigma);
      return { names: ['dE/dμ', 'dE/dσ'], exact: [e.dMu, e.dSigma], loss: e.value };
    }
    const n = this.units;
    return { names: ['dE/dφ₁'], exact: [sumSquaresUnitGradient(v.theta, v.t)], loss: n * v.theta * (1 - 2 * v.t) + n * v.t * v.t };
  }

  /** Statistics of every selected estimator at the current point: the table's refresh. */
  private async measureAll(): Promise<SnapshotValue[]> {
    const refusal = this.refusal();
    const groups = this.groups();
    const point = this.exactPoint();
    const out: SnapshotValue[] = [];
    for (const e of this.entries) {
      let stats: SnapshotValue = null;
      if (e.notApplicable) stats = { ok: false, reason: e.notApplicable, perSample: null, perStep: null, draws: null };
      else if (refusal) stats = { ok: false, reason: refusal, perSample: null, perStep: null, draws: null };
      else if (e.probe) {
        const m =
          e.probe.kind === 'bernoulli'
            ? await this.measureBernoulli(e.probe.estimator, groups, !e.warmed)
            : await this.measureGaussian(e.probe.estimator, groups);
        e.warmed = true;
        stats = measuredToSnapshot(m, point.names);
      }
      out.push(stats);
    }
    return out;
  }

  async snapshot(): Promise<Snapshot> {
    const refusal = this.refusal();
    const groups = this.groups();
    const point = this.exactPoint();
    const t0 = Date.now();
    const allStats = await this.measureAll();
    // The sweep gets a slice of its own, and half the table's time when the table is slow (large N or K),
    // so it keeps pace with the snapshots instead of crawling one cell at a time.
    if (this.sweep) await this.sweep.advance(Math.max(SWEEP_BUDGET_MS, 0.5 * (Date.now() - t0)));
    const estimators: SnapshotValue[] = [];
    for (const [i, e] of this.entries.entries()) {
      const stats = allStats[i]!;
      estimators.push({
        key: e.key,
        id: e.id,
        label: e.label,
        unbiased: e.unbiased,
        applicable: e.notApplicable === null,
        stats,
        state: e.racer ? await e.racer.spec.readState() : {},
        race: e.racer ? e.racer.toSnapshot() : null,
      });
    }
    const v = this.values;
    return {
      experimentId: gradientVarianceExperiment.id,
      step: this.steps,
      diverged: this.diverged,
      data: {
        problem: v.problem,
        units: this.gaussian ? 1 : this.units,
        samples: v.k,
        statGroups: groups,
        refusal,
        coordinateNames: point.names,
        exact: Float32Array.from(point.exact),
        lossAtPoint: point.loss,
        estimators,
        sweep: this.sweep
          ? { ok: true, reason: null, ...this.sweep.toSnapshot() }
          : { ok: false, reason: 'The N sweep is for binary units: the Gaussian unit has no N.' },
      },
    };
  }

  /**
   * For the bench: the plain score function over K samples of the current binary problem at θ, batched
   * as one [K, N] pass against the deliberately per-sample JS loop. Each resolves after reading back.
   */
  readonly probes: Record<string, () => Promise<void>> = {
    scoreBatched: () => this.timeScore((input) => createScoreFunction().estimate(input)),
    scorePerSampleLoop: () => this.timeScore(scoreFunctionPerSampleLoop),
    // One batched [K, N] estimate per estimator, read back (the bench's estimates/s).
    ...Object.fromEntries(BERNOULLI_ESTIMATOR_IDS.map((id) => [`batched:${id}`, () => this.timeEstimator(id)])),
    ...Object.fromEntries(BERNOULLI_ESTIMATOR_IDS.map((id) => [`loop:${id}`, () => this.loopEstimator(id)])),
    // What every estimate pays however it is computed, batched or one sample per call: drawing the
    // K·N uniforms in JS, moving them into the backend and reading a [K, N] result back. The bench
    // divides each per-sample loop by this for the most that batching could possibly gain.
    noiseFloor: async () => {
      const u = uniformTensor(createRng(deriveSeed(this.seed, 'probe')), this.values.k, this.units);
      await u.data();
      u.dispose();
    },
    // The table's full refresh: the statistics of every selected estimator at the current point.
    refresh: async () => {
      await this.measureAll();
    },
    // The same refresh for the estimators selected by default, whatever is selected now, with fresh
    // instances (so the bench can time it on a page with nothing selected, where a snapshot costs nothing).
    refreshDefaults: () => this.refreshDefaults(),
  };

  /** Instances for refreshDefaults, kept between calls like the table's probes (so warmed once). */
  private defaultProbes: BernoulliEstimator[] | null = null;

  private async refreshDefaults(): Promise<void> {
    const groups = this.groups();
    const first = this.defaultProbes === null;
    this.defaultProbes ??= TOGGLES.flatMap((t) =>
      gradientVarianceSchema[t.key].default && t.bernoulli !== null ? [createBernoulliEstimator(t.bernoulli)] : [],
    );
    for (const estimator of this.defaultProbes) await this.measureBernoulli(estimator, groups, first);
  }

  /**
   * The same estimator one sample per call, K calls (RLOO: one group of two per call), rows read back
   * together: what a per-sample port of the batched code would cost, for the bench's ratio.
   */
  private async loopEstimator(id: BernoulliEstimatorId): Promise<void> {
    const estimator = createBernoulliEstimator(id);
    const phi = tf.fill([this.units], logit(this.values.theta)) as tf.Tensor1D;
    const rng = createRng(deriveSeed(this.seed, 'probe'));
    const per = Math.max(1, ESTIMATOR_INFO[id].minGroup);
    const rows: tf.Tensor2D[] = [];
    try {
      for (let r = 0; r < this.values.k; r += per) {
        const e = estimator.estimate({ phi, cost: this.bernoulliCost(), samples: per, rng, tau: this.values.tau });
        rows.push(e.grads);
        e.samples.dispose();
      }
      const all = tf.concat(rows, 0);
      await all.data();
      all.dispose();
    } finally {
      tf.dispose([phi, ...rows]);
      estimator.dispose();
    }
  }

  private async timeEstimator(id: BernoulliEstimatorId): Promise<void> {
    const estimator = createBernoulliEstimator(id);
    try {
      await this.timeScore((input) => estimator.estimate({ ...input, tau: this.values.tau }));
    } finally {
      estimator.dispose();
    }
  }

  private async timeScore(run: (input: EstimateInput) => Estimate): Promise<void> {
    const phi = tf.fill([this.units], logit(this.values.theta)) as tf.Tensor1D;
    const rng = createRng(deriveSeed(this.seed, 'probe'));
    const e = run({ phi, cost: this.bernoulliCost(), samples: this.values.k, rng });
    await e.grads.data();
    tf.dispose([phi, e.grads, e.samples]);
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = { step: this.steps };
    for (const e of this.entries) {
      if (!e.racer) continue;
      const snap = e.racer.history.toSnapshot() as { watched: Float32Array; loss: Float32Array };
      out[`${e.key}.steps`] = e.racer.steps;
      if (snap.watched.length > 0) {
        out[`${e.key}.${this.gaussian ? 'mu' : 'theta1'}`] = snap.watched[snap.watched.length - 1]!;
        out[`${e.key}.loss`] = snap.loss[snap.loss.length - 1]!;
      }
    }
    return out;
  }

  private disposeEntries(): void {
    for (const e of this.defaultProbes ?? []) e.dispose();
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

export const gradientVarianceExperiment: Experiment<GradientVarianceSchema> = {
  id: 'gradient-variance',
  title: 'Gradient estimators for stochastic units',
  summary:
    'Bias, variance and SNR of score-function, RLOO, straight-through, Concrete, REBAR, ARM, DisARM and ' +
    'pathwise estimators, and a training race on the Tucker toy.',
  schema: gradientVarianceSchema,
  create(seed, params) {
    const { values } = resolveValues(gradientVarianceSchema, params);
    return new GradientVarianceRun(seed, values);
  },
};
