/**
 * What the internal-models run remembers step by step (the true regime, the model in charge, each
 * learner's cost) and what it derives from that: the switches, how long each learner took to recover
 * after each, and how often the selector's choice matched the true regime.
 */

/** Learners, in the order of every per-learner array. */
export const LEARNERS = ['single', 'collection', 'reference'] as const;
/** Recovery is judged on the mean cost over this many steps. */
export const RECOVERY_WINDOW = 10;
/** Recovered: the learner's windowed mean cost is at most this multiple of the reference's, plus RECOVERY_SLACK. */
export const RECOVERY_RATIO = 2;
export const RECOVERY_SLACK = 0.002;
/** The selector's choice is scored from this many windows after a switch. */
export const SETTLE_WINDOWS = 2;
/** Value of `charge` when no model was in charge (the collection had stopped). */
export const NO_MODEL = 255;

function grow<T extends Float32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

export interface SwitchRecord {
  step: number;
  regime: number;
  /** The regime had been in force before (in an earlier block). */
  revisit: boolean;
  /** Steps to recover, per learner (single, collection); the block's length if it never did. NaN until the block ends. */
  recovery: [number, number];
  /** False while the block is still running (recovery not final). */
  done: boolean;
}

export class StepRecord {
  length = 0;
  regime = new Uint8Array(1024);
  charge = new Uint8Array(1024);
  costs = [new Float32Array(1024), new Float32Array(1024), new Float32Array(1024)];
  switches: SwitchRecord[] = [];
  /** Models × 4 regimes: eligible steps on which model m was in charge under regime r. */
  matchCounts = new Float64Array(0);
  private seen = 0;

  push(regime: number, switched: boolean, charge: number, costs: readonly number[], sinceSwitch: number, window: number): void {
    const t = this.length;
    if (switched || t === 0) {
      this.closeBlock(t);
      this.switches.push({ step: t, regime, revisit: (this.seen & (1 << regime)) !== 0, recovery: [NaN, NaN], done: false });
      this.seen |= 1 << regime;
    }
    if (t >= this.regime.length) {
      this.regime = grow(this.regime, t + 1, (n) => new Uint8Array(n));
      this.charge = grow(this.charge, t + 1, (n) => new Uint8Array(n));
      this.costs = this.costs.map((c) => grow(c, t + 1, (n) => new Float32Array(n)));
    }
    this.regime[t] = regime;
    this.charge[t] = charge;
    for (let l = 0; l < 3; l++) this.costs[l]![t] = costs[l]!;
    const block = this.switches[this.switches.length - 1]!;
    if (block.revisit && charge !== NO_MODEL && sinceSwitch >= SETTLE_WINDOWS * window) {
      if (this.matchCounts.length < 4 * (charge + 1)) {
        const m = new Float64Array(4 * (charge + 1));
        m.set(this.matchCounts);
        this.matchCounts = m;
      }
      this.matchCounts[4 * charge + regime]!++;
    }
    this.length = t + 1;
  }

  /** Recovery of the block that ends before step `end`. */
  private closeBlock(end: number): void {
    const last = this.switches[this.switches.length - 1];
    if (!last || last.done) return;
    last.recovery = [this.recovery(0, last.step, end), this.recovery(1, last.step, end)];
    last.done = true;
  }

  /** First k at which learner l's mean cost over RECOVERY_WINDOW steps is near the reference's; else the block length. */
  recovery(l: number, start: number, end: number): number {
    const c = this.costs[l]!;
    const ref = this.costs[2]!;
    let sum = 0;
    let refSum = 0;
    for (let t = start; t < end; t++) {
      sum += c[t]!;
      refSum += ref[t]!;
      if (t - start >= RECOVERY_WINDOW) {
        sum -= c[t - RECOVERY_WINDOW]!;
        refSum -= ref[t - RECOVERY_WINDOW]!;
      }
      if (t - start >= RECOVERY_WINDOW - 1 && sum <= RECOVERY_RATIO * refSum + RECOVERY_SLACK * RECOVERY_WINDOW) return t - start - RECOVERY_WINDOW + 1;
    }
    return end - start;
  }

  /** Each model's majority regime (−1 for a model never scored). */
  majority(models: number): Int8Array {
    const out = new Int8Array(models).fill(-1);
    for (let m = 0; m < models && 4 * m < this.matchCounts.length; m++) {
      let best = -1;
      let most = 0;
      for (let r = 0; r < 4; r++) {
        if (this.matchCounts[4 * m + r]! > most) {
          most = this.matchCounts[4 * m + r]!;
          best = r;
        }
      }
      out[m] = best;
    }
    return out;
  }

  /**
   * Fraction of eligible steps (in a block of a regime seen before, at least SETTLE_WINDOWS windows
   * after its switch) on which the model in charge is the one that serves that regime (each model
   * labelled by the regime it was most often in charge of). NaN before any eligible step.
   */
  matchRate(): { rate: number; eligible: number } {
    let total = 0;
    let hit = 0;
    const models = this.matchCounts.length / 4;
    for (let m = 0; m < models; m++) {
      let most = 0;
      for (let r = 0; r < 4; r++) {
        const n = this.matchCounts[4 * m + r]!;
        total += n;
        most = Math.max(most, n);
      }
      hit += most;
    }
    return { rate: total > 0 ? hit / total : NaN, eligible: total };
  }

  /** Median recovery over finished blocks (revisits or first visits) per learner; NaN when none. */
  medianRecovery(revisit: boolean): [number, number, number] {
    const blocks = this.switches.filter((s) => s.done && s.revisit === revisit && s.step > 0);
    const med = (xs: number[]) => {
      if (xs.length === 0) return NaN;
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    return [med(blocks.map((b) => b.recovery[0])), med(blocks.map((b) => b.recovery[1])), blocks.length];
  }

  /** Mean cost of each learner over steps [from, to). */
  meanCost(from: number, to: number): number[] {
    return this.costs.map((c) => {
      let s = 0;
      for (let t = from; t < to; t++) s += c[t]!;
      return to > from ? s / (to - from) : NaN;
    });
  }

  /** Everything above as plain arrays for a checkpoint (switches flattened, 6 numbers each). */
  state(): { regime: Float32Array; charge: Float32Array; costs: Float32Array[]; switches: Float64Array; matchCounts: Float64Array; seen: number } {
    const n = this.length;
    const switches = new Float64Array(6 * this.switches.length);
    this.switches.forEach((w, i) => switches.set([w.step, w.regime, w.revisit ? 1 : 0, w.recovery[0], w.recovery[1], w.done ? 1 : 0], 6 * i));
    return {
      regime: Float32Array.from(this.regime.subarray(0, n)),
      charge: Float32Array.from(this.charge.subarray(0, n)),
      costs: this.costs.map((c) => c.slice(0, n)),
      switches,
      matchCounts: this.matchCounts.slice(),
      seen: this.seen,
    };
  }

  /** Load what state() wrote; false (and nothing changed) if the pieces do not agree. */
  load(s: { regime?: Float32Array; charge?: Float32Array; costs: (Float32Array | undefined)[]; switches: Float64Array | null; matchCounts: Float64Array | null; seen?: number }): boolean {
    const n = s.regime?.length ?? -1;
    if (n < 0 || s.charge?.length !== n || s.costs.some((c) => c?.length !== n) || !s.switches || s.switches.length % 6 !== 0 || !s.matchCounts || s.matchCounts.length % 4 !== 0) return false;
    const sw = s.switches;
    this.regime = Uint8Array.from(s.regime!);
    this.charge = Uint8Array.from(s.charge!);
    this.costs = s.costs.map((c) => Float32Array.from(c!));
    this.length = n;
    this.switches = Array.from({ length: sw.length / 6 }, (_, i) => ({
      step: sw[6 * i]!,
      regime: sw[6 * i + 1]!,
      revisit: sw[6 * i + 2] === 1,
      recovery: [sw[6 * i + 3]!, sw[6 * i + 4]!] as [number, number],
      done: sw[6 * i + 5] === 1,
    }));
    this.matchCounts = s.matchCounts.slice();
    this.seen = s.seen ?? 0;
    return true;
  }
}
