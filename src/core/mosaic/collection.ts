/**
 * A collection of forward models with a selector, after MOSAIC (Wolpert & Kawato 1998), with a hard
 * choice. Every model predicts every transition; each keeps its squared errors over the last `window`
 * steps. The model with the smallest windowed error (the highest Gaussian likelihood over the window)
 * is put in charge: the controller plans through it, and it alone is trained, and only where it
 * predicts well (windowed RMS error below the threshold), so a model is not overwritten by a regime
 * it does not know.
 *
 * A new model (a copy of the best one's weights) is made when no model has predicted well for SPAWN_PATIENCE windows in a row (so that,
 * after a switch to a regime seen before, its model has a whole window to win back control) and the
 * collection is below its cap. A new model is on probation: it is in charge and trained on everything
 * until its windowed error falls below the threshold, a known model wins, or PROBATION steps pass.
 * With the collection full and nothing predicting well, the best model is retrained (nowhere else to go).
 */
import { createRng, deriveSeed, type Rng } from '../rng';
import { ModelSlot } from './slot';

export const SPAWN_PATIENCE = 2;
export const PROBATION = 200;

export interface CollectionSettings {
  hidden: number;
  window: number;
  /** RMS error (in units of a full push's velocity change) below which a model "predicts well". */
  threshold: number;
  maxModels: number;
  lr: number;
  updates: number;
}

export class Collection {
  readonly slots: ModelSlot[] = [];
  /** Per model, a ring of its last `window` squared errors (all rings share the head). */
  private rings: Float64Array[] = [];
  private sums: number[] = [];
  private head = 0;
  window: number;
  inCharge = 0;
  /** Index of the model on probation, or −1. */
  probation = -1;
  private probationLeft = 0;
  /** Consecutive steps on which no model predicted well. */
  badStreak = 0;
  readonly replayRng: Rng;

  constructor(
    private readonly seed: number,
    private readonly hidden: number,
    window: number,
    initialThreshold: number,
  ) {
    this.window = window;
    this.replayRng = createRng(deriveSeed(seed, 'internal-models:replay:collection'));
    this.spawn(initialThreshold);
  }

  get count(): number {
    return this.slots.length;
  }

  /** Windowed mean squared error of model m. */
  mse(m: number): number {
    return this.sums[m]! / this.window;
  }

  /**
   * A new model: the first from its own seed stream; later ones start as a copy of the weights of the
   * model that predicts best now (not its replay), so control stays sane while the copy specialises.
   */
  private spawn(threshold: number, from = -1): void {
    const k = this.slots.length;
    const slot = new ModelSlot(this.hidden, createRng(deriveSeed(this.seed, `internal-models:model:${k}`)));
    if (from >= 0) slot.model.w.set(this.slots[from]!.model.w);
    this.slots.push(slot);
    // A new model has no record yet: its window starts at the threshold, neither trusted nor ruled out.
    const fill = threshold * threshold;
    this.rings.push(new Float64Array(this.window).fill(fill));
    this.sums.push(fill * this.window);
    this.inCharge = k;
    this.probation = k;
    this.probationLeft = PROBATION;
    this.badStreak = 0;
  }

  /**
   * Score every model on the transition (v, a) → next, train the one in charge where allowed, and
   * choose the model for the next step. Returns false when training produced a non-finite number.
   */
  observe(v: number, a: number, next: number, s: CollectionSettings): boolean {
    const thr2 = s.threshold * s.threshold;
    const W = this.window;
    for (let m = 0; m < this.slots.length; m++) {
      const e = this.slots[m]!.model.error(v, a, next);
      const ring = this.rings[m]!;
      this.sums[m] = this.sums[m]! - ring[this.head]! + (Number.isFinite(e) ? e : 1e6);
      ring[this.head] = Number.isFinite(e) ? e : 1e6;
    }
    this.head = (this.head + 1) % W;

    let best = 0;
    for (let m = 1; m < this.slots.length; m++) if (this.mse(m) < this.mse(best)) best = m;
    const nobodyGood = !(this.mse(best) <= thr2);
    this.badStreak = nobodyGood ? this.badStreak + 1 : 0;

    const c = this.inCharge;
    const full = this.slots.length >= s.maxModels;
    const train = c === this.probation || this.mse(c) <= thr2 || (full && this.badStreak >= SPAWN_PATIENCE * W);
    const ok = train ? this.slots[c]!.learn(v, a, next, s.lr, s.updates, this.replayRng) : true;

    if (this.probation >= 0) {
      this.probationLeft--;
      const p = this.probation;
      const known = best !== p && this.mse(best) <= thr2 && this.mse(best) < this.mse(p);
      if (known || this.probationLeft <= 0 || (this.probationLeft <= PROBATION - W && this.mse(p) <= thr2)) this.probation = -1;
      this.inCharge = this.probation >= 0 ? p : best;
    } else {
      this.inCharge = best;
      if (!full && this.badStreak >= SPAWN_PATIENCE * W) this.spawn(s.threshold, best);
    }
    return ok;
  }

  /**
   * A new window length: each model's ring is refilled with its current windowed mean, so the
   * selector's standing is kept and nothing is retrained.
   */
  resize(window: number): void {
    if (window === this.window) return;
    this.rings = this.rings.map((_, m) => new Float64Array(window).fill(this.mse(m)));
    this.sums = this.rings.map((r) => r[0]! * window);
    this.window = window;
    this.head = 0;
  }

  /** Counters, rings and the replay rng as one flat array; each model's own state separately. */
  state(): Float64Array {
    const head = [this.slots.length, this.window, this.head, this.inCharge, this.probation, this.probationLeft, this.badStreak, ...this.replayRng.getState(), ...this.sums];
    const out = new Float64Array(head.length + this.slots.length * this.window);
    out.set(head, 0);
    this.rings.forEach((r, m) => out.set(r, head.length + m * this.window));
    return out;
  }

  /** Load what state() and each slot's state() wrote. False (and nothing changed) if it does not fit. */
  load(s: Float64Array, slotStates: Float64Array[]): boolean {
    const n = s[0]!;
    const W = s[1]!;
    if (!(n >= 1 && Number.isInteger(n) && W >= 1 && Number.isInteger(W)) || s.length !== 9 + n + n * W || slotStates.length !== n) return false;
    const slots = slotStates.map((st, k) => {
      const slot = new ModelSlot(this.hidden, createRng(deriveSeed(this.seed, `internal-models:model:${k}`)));
      return slot.load(st) ? slot : null;
    });
    if (slots.some((x) => x === null)) return false;
    this.slots.length = 0;
    this.slots.push(...(slots as ModelSlot[]));
    this.window = W;
    this.head = s[2]!;
    this.inCharge = s[3]!;
    this.probation = s[4]!;
    this.probationLeft = s[5]!;
    this.badStreak = s[6]!;
    this.replayRng.setState([s[7]!, s[8]!]);
    // The running sums travel as they are (a re-summed ring could differ in the last bit).
    this.sums = Array.from(s.subarray(9, 9 + n));
    this.rings = Array.from({ length: n }, (_, m) => s.slice(9 + n + m * W, 9 + n + (m + 1) * W));
    return true;
  }
}
