/**
 * The race of the internal-models experiment: three point masses in one world stream, each driven by
 * a controller that plans by backprop through a forward model: 0, one learned model trained on every
 * transition; 1, the model a collection's selector puts in charge; 2, the true dynamics (reference).
 * A learner whose numbers stop being finite stops alone, with its reason; the others go on.
 */
import { createRng, deriveSeed, type Rng } from '../rng';
import { History } from '../history';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { Collection, type CollectionSettings } from './collection';
import { TrueModel, type ForwardModel } from './model';
import { planAction } from './planner';
import { NO_MODEL, StepRecord } from './record';
import { ModelSlot } from './slot';
import { heldOutSets, REGIME_DYNAMICS, REGIMES, WorldStream } from './world';

export interface RaceSettings extends CollectionSettings {
  schedule: 'blocks' | 'manual';
  block: number;
  manualRegime: number;
  allowed: readonly number[];
  noise: number;
  explore: number;
  horizon: number;
  effort: number;
}

export const HELD_OUT_COUNT = 32;
/** The history records every HISTORY_EVERY steps (then every 2×, 4×… as it fills). */
export const HISTORY_EVERY = 10;
export const MODEL_SLOTS = 8;

/** Why a learner stopped, by code (codes travel in checkpoints). */
export const STOP_REASONS = [
  '',
  'planning through its model gave a push that is not a finite number',
  'its model’s weights or loss became NaN or infinite while training (learning rate too high?)',
  'its mass’s position or velocity stopped being a finite number',
] as const;

export class Race {
  readonly world: WorldStream;
  readonly single: ModelSlot;
  readonly singleRng: Rng;
  readonly collection: Collection;
  /** Per learner: x, v, last planned push. */
  readonly x = new Float64Array(3);
  readonly v = new Float64Array(3);
  readonly a = new Float64Array(3);
  /** Per learner: 0 running, else an index into STOP_REASONS; and the step it stopped at. */
  readonly stopCode = new Int32Array(3);
  readonly stopStep = new Float64Array(3);
  readonly record = new StepRecord();
  readonly history: History;
  readonly heldOut: { inputs: Float64Array; nexts: Float64Array[] };
  private readonly heldErrs = new Float64Array(REGIMES.length);
  private readonly truth = new TrueModel(0, 0);
  private readonly costs = [0, 0, 0];

  constructor(
    seed: number,
    readonly hidden: number,
    s: RaceSettings,
  ) {
    this.world = new WorldStream(seed);
    this.single = new ModelSlot(hidden, createRng(deriveSeed(seed, 'internal-models:single')));
    this.singleRng = createRng(deriveSeed(seed, 'internal-models:replay:single'));
    this.collection = new Collection(seed, hidden, s.window, s.threshold);
    this.heldOut = heldOutSets(seed, HELD_OUT_COUNT);
    const names = [...Array.from({ length: MODEL_SLOTS }, (_, m) => `err${m}`), ...REGIMES.map((_, r) => `heldS${r}`), ...REGIMES.map((_, r) => `heldC${r}`)];
    this.history = new History(names, HISTORY_EVERY, 400);
  }

  get steps(): number {
    return this.world.t;
  }

  /** True when every learner has stopped. */
  allStopped(): boolean {
    return this.stopCode.every((c) => c !== 0);
  }

  private stop(l: number, code: number): void {
    this.stopCode[l] = code;
    this.stopStep[l] = this.world.t;
  }

  /** One step of the world and all three learners. */
  step(s: RaceSettings): void {
    const tick = this.world.tick(s.schedule, s.block, s.allowed, s.manualRegime);
    const d = REGIME_DYNAMICS[REGIMES[tick.regime]!];
    this.truth.rho = d.rho;
    this.truth.beta = d.beta;
    const charge = this.stopCode[1] === 0 ? this.collection.inCharge : NO_MODEL;
    for (let l = 0; l < 3; l++) {
      if (this.stopCode[l] !== 0) {
        this.costs[l] = NaN;
        continue;
      }
      const model: ForwardModel = l === 0 ? this.single.model : l === 1 ? this.collection.slots[this.collection.inCharge]!.model : this.truth;
      const x = this.x[l]!;
      const v = this.v[l]!;
      const a = planAction(model, x, v, this.a[l]!, tick.target, s.horizon, s.effort);
      if (!Number.isFinite(a)) {
        this.stop(l, 1);
        this.costs[l] = NaN;
        continue;
      }
      const pushed = Math.max(-1, Math.min(1, a + s.explore * tick.xi));
      const v2 = d.rho * v + d.beta * pushed + s.noise * tick.eps;
      const x2 = x + v2;
      this.a[l] = a;
      this.x[l] = x2;
      this.v[l] = v2;
      this.costs[l] = (x2 - tick.target) ** 2;
      if (!Number.isFinite(x2) || !Number.isFinite(v2)) {
        this.stop(l, 3);
        continue;
      }
      const ok = l === 0 ? this.single.learn(v, pushed, v2, s.lr, s.updates, this.singleRng) : l === 1 ? this.collection.observe(v, pushed, v2, s) : true;
      if (!ok) this.stop(l, 2);
    }
    this.record.push(tick.regime, tick.switched, charge, this.costs, this.world.sinceSwitch - 1, s.window);
    const t = this.world.t;
    if (this.history.due(t)) this.history.push(t, this.historyRow());
  }

  /** Windowed RMS error of each model slot, then held-out RMS errors of the single model and the collection's best, per regime. */
  private historyRow(): number[] {
    const c = this.collection;
    const row = Array.from({ length: MODEL_SLOTS }, (_, m) => (m < c.count ? Math.sqrt(c.mse(m)) : NaN));
    const { inputs, nexts } = this.heldOut;
    const errs = this.heldErrs;
    this.single.model.heldOutErrors(inputs, nexts, errs);
    for (let k = 0; k < nexts.length; k++) row.push(this.stopCode[0] === 0 ? errs[k]! : NaN);
    const best = new Float64Array(nexts.length).fill(Infinity);
    for (const slot of c.slots) {
      slot.model.heldOutErrors(inputs, nexts, errs);
      for (let k = 0; k < nexts.length; k++) best[k] = Math.min(best[k]!, errs[k]!);
    }
    for (let k = 0; k < nexts.length; k++) row.push(this.stopCode[1] === 0 && Number.isFinite(best[k]!) ? best[k]! : NaN);
    return row;
  }

  /** The whole race as arrays and numbers, for a checkpoint. */
  state(): { arrays: Record<string, Float32Array>; numbers: Record<string, number> } {
    const rec = this.record.state();
    const h = this.history.toSnapshot() as Record<string, Float32Array>;
    const arrays: Record<string, Float32Array> = {
      world: float64ToWords(this.world.state()),
      learners: float64ToWords([...this.x, ...this.v, ...this.a, ...this.stopCode, ...this.stopStep]),
      single: float64ToWords(this.single.state()),
      collection: float64ToWords(this.collection.state()),
      'record.regime': rec.regime,
      'record.charge': rec.charge,
      'record.switches': float64ToWords(rec.switches),
      'record.matchCounts': float64ToWords(rec.matchCounts),
      historySteps: h.steps!,
    };
    rec.costs.forEach((c, l) => (arrays[`record.cost${l}`] = c));
    this.collection.slots.forEach((slot, k) => (arrays[`model${k}`] = float64ToWords(slot.state())));
    this.history.names.forEach((name) => (arrays[`history.${name}`] = h[name]!));
    const [ra, rs] = this.singleRng.getState();
    return { arrays, numbers: { hidden: this.hidden, models: this.collection.count, seen: rec.seen, 'singleRng.a': ra!, 'singleRng.spare': rs! } };
  }

  /** Load a state(); false, with nothing changed where it matters, when a piece is missing or does not fit. */
  load(arrays: Record<string, Float32Array>, numbers: Record<string, number>): boolean {
    if (numbers.hidden !== this.hidden) return false;
    const models = numbers.models ?? 0;
    const world = wordsToFloat64(arrays.world, 12);
    const learners = wordsToFloat64(arrays.learners, 15);
    const single = wordsToFloat64(arrays.single);
    const coll = wordsToFloat64(arrays.collection);
    const slots = Array.from({ length: models }, (_, k) => wordsToFloat64(arrays[`model${k}`]));
    if (!world || !learners || !single || !coll || slots.some((x) => !x)) return false;
    const recOk = this.record.load({
      regime: arrays['record.regime'],
      charge: arrays['record.charge'],
      costs: [0, 1, 2].map((l) => arrays[`record.cost${l}`]),
      switches: wordsToFloat64(arrays['record.switches']),
      matchCounts: wordsToFloat64(arrays['record.matchCounts']),
      seen: numbers.seen,
    });
    if (!recOk || !this.collection.load(coll, slots as Float64Array[]) || !this.single.load(single) || !this.world.load(world)) return false;
    this.x.set(learners.subarray(0, 3));
    this.v.set(learners.subarray(3, 6));
    this.a.set(learners.subarray(6, 9));
    this.stopCode.set(learners.subarray(9, 12));
    this.stopStep.set(learners.subarray(12, 15));
    this.singleRng.setState([numbers['singleRng.a'] ?? NaN, numbers['singleRng.spare'] ?? NaN]);
    this.history.load(arrays.historySteps ?? [], this.history.names.map((name) => arrays[`history.${name}`] ?? []));
    return true;
  }
}
