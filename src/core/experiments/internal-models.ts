/**
 * Several internal models (issue 15 B, brainstorm §6). A point mass whose response to a push changes
 * regime (normal, reversed, sluggish, slippery) in blocks or at the user's word. Three controllers
 * plan by backprop through a forward model: one learned model trained on everything, a collection
 * whose selector puts in charge the model that predicted the last few transitions best (MOSAIC), and
 * the true dynamics. The race itself lives in src/core/mosaic/; this module is the Run contract.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyValidated } from '../../params/apply';
import { validatePartial, type ParamProblem, type ParamValues } from '../../params/kinds';
import { Race, STOP_REASONS, type RaceSettings } from '../mosaic/race';
import { REGIME_SETS, REGIMES } from '../mosaic/world';
import { fitWindow, internalModelsContract, internalModelsMeta, internalModelsSchema, type InternalModelsFrame, type InternalModelsSchema } from './internal-models.schema';

type Params = { -readonly [K in keyof ParamValues<InternalModelsSchema>]: ParamValues<InternalModelsSchema>[K] };

/** The timeline shows at most this many columns (one step each while the run is short). */
export const TIMELINE_COLUMNS = 600;
const LEARNER_NAMES = ['the single model', 'the collection', 'the reference'] as const;

function settingsOf(p: Params, window: number): RaceSettings {
  return {
    schedule: p.schedule,
    block: p.block,
    manualRegime: REGIMES.indexOf(p.regime),
    allowed: REGIME_SETS[p.regimes],
    noise: p.noise,
    explore: p.explore,
    horizon: p.horizon,
    effort: p.effort,
    hidden: p.hidden,
    window,
    threshold: p.threshold,
    maxModels: p.maxModels,
    lr: p.lr,
    updates: p.updates,
  };
}

class InternalModelsRun implements Run<InternalModelsFrame> {
  private values: Params;
  private race!: Race;
  private settings!: RaceSettings;
  /** The last setting the run refused or reduced, with the reason (shown by the panel: the page's store keeps what the user asked for). */
  private refusal: string | null = null;

  constructor(
    private readonly seed: number,
    params: Params,
  ) {
    const fit = fitWindow(params.window, params.maxModels);
    this.values = { ...params, window: fit.window };
    this.refusal = fit.problem ? `${internalModelsSchema.window.label}: ${fit.problem.reason}.` : null;
    this.build();
  }

  private build(): void {
    this.settings = settingsOf(this.values, this.values.window);
    this.race = new Race(this.seed, this.values.hidden, this.settings);
  }

  params() {
    return { ...this.values };
  }

  private stopMessage(l: number): string | null {
    const code = this.race.stopCode[l]!;
    return code === 0 ? null : `${LEARNER_NAMES[l]} stopped at step ${this.race.stopStep[l]}: ${STOP_REASONS[code]}. The others go on; Reset starts it again.`;
  }

  private divergence() {
    if (!this.race.allStopped()) return null;
    return { step: Math.max(...this.race.stopStep), reason: 'every learner has stopped: ' + [0, 1, 2].map((l) => STOP_REASONS[this.race.stopCode[l]!]).join('; ') };
  }

  async step(count: number): Promise<StepResult> {
    return this.advance(Math.min(count, Math.max(0, this.values.budget - this.race.steps)));
  }

  /** `count` steps regardless of the budget (the bench times this). */
  private advance(count: number): StepResult {
    for (let c = 0; c < count; c++) {
      const d = this.divergence();
      if (d) return { taken: c, diverged: d };
      this.race.step(this.settings);
    }
    return { taken: count, diverged: this.divergence() };
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, problems } = validatePartial(internalModelsSchema, partial);
    const next = { ...this.values, ...values } as Params;
    const extra: ParamProblem[] = [];
    // A cap below the models already made cannot be applied without forgetting some: refused.
    const made = this.race.collection.count;
    if (next.maxModels < made && !('hidden' in values && values.hidden !== this.values.hidden)) {
      extra.push({ key: 'maxModels', given: String(next.maxModels), used: String(made), reason: `${made} models already exist; the cap cannot go below them (Reset starts with one)` });
      next.maxModels = made;
    }
    const fit = fitWindow(next.window, next.maxModels);
    if (fit.problem) extra.push(fit.problem);
    next.window = fit.window;
    for (const p of extra) values[p.key] = next[p.key as 'window' | 'maxModels'];
    if (extra.length > 0) this.refusal = extra.map((p) => `${internalModelsSchema[p.key as 'window' | 'maxModels'].label}: ${p.reason}.`).join(' ');
    else if ('window' in values || 'maxModels' in values) this.refusal = null;
    const { result } = applyValidated(internalModelsSchema, this.values, values, [...problems, ...extra]);
    this.values = next;
    if (result.rebuilt) this.build();
    else {
      this.race.collection.resize(next.window);
      this.settings = settingsOf(next, next.window);
    }
    return result;
  }

  private frame(): InternalModelsFrame {
    const r = this.race;
    const rec = r.record;
    const n = rec.length;
    const cols = Math.min(n, TIMELINE_COLUMNS);
    const timelineRegime = new Uint8Array(cols);
    const timelineCharge = new Uint8Array(cols);
    const timelineSteps = new Float32Array(cols);
    const costs = [new Float32Array(cols), new Float32Array(cols), new Float32Array(cols)];
    for (let c = 0; c < cols; c++) {
      const from = Math.floor((c * n) / cols);
      const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cols));
      const mid = Math.min(n - 1, Math.floor((from + to - 1) / 2));
      timelineRegime[c] = rec.regime[mid]!;
      timelineCharge[c] = rec.charge[mid]!;
      timelineSteps[c] = mid + 1;
      for (let l = 0; l < 3; l++) {
        let s = 0;
        for (let t = from; t < to; t++) s += rec.costs[l]![t]!;
        costs[l]![c] = s / (to - from);
      }
    }
    const h = r.history.toSnapshot() as Record<string, Float32Array>;
    const coll = r.collection;
    const majority = rec.majority(coll.count);
    const match = rec.matchRate();
    const sw = rec.switches.filter((s) => s.step > 0);
    return {
      steps: r.steps,
      budget: this.values.budget,
      done: r.steps >= this.values.budget,
      timelineRegime,
      timelineCharge,
      timelineSteps,
      costSingle: costs[0]!,
      costCollection: costs[1]!,
      costReference: costs[2]!,
      switchSteps: Float32Array.from(sw, (s) => s.step),
      switchRegimes: Uint8Array.from(sw, (s) => s.regime),
      switchRevisit: Uint8Array.from(sw, (s) => (s.revisit ? 1 : 0)),
      recoverySingle: Float32Array.from(sw, (s) => s.recovery[0]),
      recoveryCollection: Float32Array.from(sw, (s) => s.recovery[1]),
      models: coll.count,
      inCharge: coll.inCharge,
      probation: coll.probation,
      modelErrors: Float32Array.from({ length: coll.count }, (_, m) => Math.sqrt(coll.mse(m))),
      modelRegimes: Int32Array.from(majority),
      regime: r.world.regime,
      target: r.world.target,
      positions: Float32Array.from(r.x),
      matchRate: match.rate,
      matchEligible: match.eligible,
      recoveryRevisit: Float32Array.from(rec.medianRecovery(true)),
      recoveryFirst: Float32Array.from(rec.medianRecovery(false)),
      stopped: [0, 1, 2].map((l) => this.stopMessage(l)),
      refusal: this.refusal,
      stoppedAt: Float32Array.from([0, 1, 2], (l) => (r.stopCode[l] ? r.stopStep[l]! : NaN)),
      historySteps: h.steps!,
      historyModelErrors: Array.from({ length: 8 }, (_, m) => h[`err${m}`]!),
      historyHeldSingle: REGIMES.map((_, k) => h[`heldS${k}`]!),
      historyHeldCollection: REGIMES.map((_, k) => h[`heldC${k}`]!),
    };
  }

  async snapshot(): Promise<Snapshot<InternalModelsFrame>> {
    return {
      experimentId: internalModelsMeta.id,
      step: this.race.steps,
      diverged: this.divergence(),
      data: this.frame(),
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const r = this.race;
    const rec = r.record;
    const n = rec.length;
    const last = rec.meanCost(Math.max(0, n - 500), n);
    const all = rec.meanCost(0, n);
    const [revS, revC, revN] = rec.medianRecovery(true);
    const [firstS, firstC, firstN] = rec.medianRecovery(false);
    const match = rec.matchRate();
    const held = r.history.toSnapshot() as Record<string, Float32Array>;
    const lastOf = (a: Float32Array | undefined) => (a && a.length ? a[a.length - 1]! : NaN);
    const out: Record<string, number> = {
      step: r.steps,
      regimeNow: r.world.regime,
      switches: rec.switches.filter((s) => s.step > 0).length,
      modelsMade: r.collection.count,
      selectorMatchRate: match.rate,
      selectorEligibleSteps: match.eligible,
      recoveryRevisitSingle: revS!,
      recoveryRevisitCollection: revC!,
      revisitBlocks: revN!,
      recoveryFirstSingle: firstS!,
      recoveryFirstCollection: firstC!,
      firstVisitBlocks: firstN!,
      meanCostSingle: all[0]!,
      meanCostCollection: all[1]!,
      meanCostReference: all[2]!,
      meanCostLast500Single: last[0]!,
      meanCostLast500Collection: last[1]!,
      meanCostLast500Reference: last[2]!,
      stoppedSingle: r.stopCode[0] ? r.stopStep[0]! : NaN,
      stoppedCollection: r.stopCode[1] ? r.stopStep[1]! : NaN,
    };
    REGIMES.forEach((name, k) => {
      out[`heldOutErrorSingle.${name}`] = lastOf(held[`heldS${k}`]);
      out[`heldOutErrorCollection.${name}`] = lastOf(held[`heldC${k}`]);
    });
    return out;
  }

  /** The whole race (models, replay rings, selector windows, record, history, rng states). */
  async checkpoint(): Promise<RunCheckpoint> {
    const { arrays, numbers } = this.race.state();
    return { step: this.race.steps, arrays, numbers };
  }

  /** Resume a checkpoint of a run with this seed and model width; any other is ignored (nothing changes). */
  restore(c: RunCheckpoint): void {
    const fresh = new Race(this.seed, this.values.hidden, this.settings);
    if (fresh.load(c.arrays ?? {}, c.numbers ?? {}) && fresh.steps === c.step) this.race = fresh;
  }

  /** For the bench: 1,000 steps of the three learners at the current settings, regardless of the budget. */
  readonly probes = {
    train1000: async () => {
      this.advance(1000);
      return { steps: 1000 };
    },
    snapshot: async () => {
      this.frame();
      return { columns: Math.min(this.race.steps, TIMELINE_COLUMNS) };
    },
  };

  dispose(): void {}
}

export const internalModelsExperiment: Experiment<InternalModelsSchema, InternalModelsFrame> = implement(
  internalModelsContract,
  (seed, values) => new InternalModelsRun(seed, values),
);
