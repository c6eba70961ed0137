/**
 * The T sweep of the sparse-credit experiment: the credit share each learner's current weights give
 * the choice in one fresh failing semester at each length of a ladder (10 to 10,000). One length per
 * snapshot, so the chart fills in while training stays interactive; a new pass starts every
 * SWEEP_EVERY steps, since the weights it measures keep moving. The run says how to measure one
 * (learner, T) cell; this module walks the ladder, keeps the results and checkpoints them.
 */
import { MECHANISMS, type CreditProbe, type MechanismId } from '../credit/mechanism';

/** Semester lengths of the credit-against-T sweep. */
export const SWEEP_T = [10, 32, 100, 316, 1000, 3162, 10000] as const;
/** Steps between two passes of the sweep (it measures the current weights, so it is redone as they move). */
export const SWEEP_EVERY = 20;

/** Credit a learner's current weights give one fresh semester of length T; null when it cannot be measured. */
export type MeasureCredit = (id: MechanismId, T: number) => CreditProbe | null;

/** Least-squares slope of log y on log x over the positive, finite points. */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } | null {
  const X: number[] = [];
  const Y: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i]! > 0 && y[i]! > 0 && Number.isFinite(y[i]!)) {
      X.push(Math.log(x[i]!));
      Y.push(Math.log(y[i]!));
    }
  }
  if (X.length < 2) return null;
  const mx = X.reduce((a, b) => a + b, 0) / X.length;
  const my = Y.reduce((a, b) => a + b, 0) / Y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < X.length; i++) {
    sxy += (X[i]! - mx) * (Y[i]! - my);
    sxx += (X[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export class CreditSweep {
  /** Lengths measured in this pass. */
  private pos = 0;
  /** Step at which this pass started. */
  private start = -Infinity;
  private share = new Map<MechanismId, Float32Array>();
  private first = new Map<MechanismId, Float32Array>();

  constructor() {
    this.reset(-Infinity);
  }

  /** Forget every measurement; the next pass starts at `step`. */
  reset(step: number): void {
    this.pos = 0;
    this.start = step;
    for (const id of MECHANISMS) {
      this.share.set(id, new Float32Array(SWEEP_T.length).fill(NaN));
      this.first.set(id, new Float32Array(SWEEP_T.length).fill(NaN));
    }
  }

  get done(): number {
    return this.pos;
  }

  pending(): boolean {
    return this.pos < SWEEP_T.length;
  }

  /** Measure one more length for every learner in `ids` (at `step`); a new pass once SWEEP_EVERY steps have gone by. */
  advance(step: number, ids: readonly MechanismId[], measure: MeasureCredit): void {
    if (this.pos >= SWEEP_T.length) {
      if (step - this.start < SWEEP_EVERY) return;
      this.reset(step);
    }
    const i = this.pos++;
    for (const id of ids) {
      const r = measure(id, SWEEP_T[i]!);
      this.share.get(id)![i] = r ? r.credit[0]! : NaN;
      this.first.get(id)![i] = r ? r.first : NaN;
    }
  }

  /** Copies, for a frame. */
  of(id: MechanismId): { share: Float32Array; first: Float32Array } {
    return { share: Float32Array.from(this.share.get(id)!), first: Float32Array.from(this.first.get(id)!) };
  }

  save(arrays: Record<string, Float32Array>, numbers: Record<string, number>): void {
    numbers.sweepPos = this.pos;
    numbers.sweepStart = this.start;
    for (const id of MECHANISMS) {
      arrays[`sweepShare:${id}`] = Float32Array.from(this.share.get(id)!);
      arrays[`sweepFirst:${id}`] = Float32Array.from(this.first.get(id)!);
    }
  }

  /** Take up a saved pass; one saved with another ladder is dropped (a fresh pass starts at `step`). */
  load(arrays: Record<string, Float32Array>, numbers: Record<string, number>, step: number): void {
    this.reset(step);
    const pos = numbers.sweepPos;
    if (typeof pos !== 'number' || pos < 0 || pos > SWEEP_T.length) return;
    this.pos = pos;
    this.start = typeof numbers.sweepStart === 'number' ? numbers.sweepStart : step;
    for (const id of MECHANISMS) {
      const share = arrays[`sweepShare:${id}`];
      const first = arrays[`sweepFirst:${id}`];
      if (share?.length === SWEEP_T.length) this.share.get(id)!.set(share);
      if (first?.length === SWEEP_T.length) this.first.get(id)!.set(first);
    }
  }
}

/**
 * Credit to the choice at every T of the ladder for each learner but the quiz one (`<id>@<T>`), the
 * log-log slope over the whole ladder (`<id>Slope`) and from T = 32 on (`<id>SlopeFrom32`), and its
 * policy's probability of studying (`<id>P`). Measured afresh, not from the pass in progress.
 */
export function creditSummary(measure: MeasureCredit, policy: (id: MechanismId) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ['soft', 'sparse', 'tbptt', 'bptt', 'abstract', 'critic'] as const) {
    const shares = SWEEP_T.map((T) => measure(id, T)?.credit[0] ?? NaN);
    SWEEP_T.forEach((T, i) => (out[`${id}@${T}`] = shares[i]!));
    const fit = logLogSlope(SWEEP_T, shares);
    out[`${id}Slope`] = fit ? fit.slope : NaN;
    // From T = 32 on: bounded scores (|s| ≤ 1.5) make the shortest semesters saturate.
    const from32 = logLogSlope(SWEEP_T.slice(1), shares.slice(1));
    out[`${id}SlopeFrom32`] = from32 ? from32.slope : NaN;
    out[`${id}P`] = policy(id);
  }
  return out;
}
