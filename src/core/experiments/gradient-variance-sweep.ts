/**
 * The N sweep of the gradient-variance experiment: every selected binary-unit estimator measured on
 * the N-unit problem Σ(bᵢ − t)² at a ladder of N (1, 2, 4, … up to a maximum), for d/dφ₁ at θ with K
 * samples. The ladder is walked a few (N, estimator) cells per snapshot, so the chart fills in while
 * training stays interactive; the log-log slope of variance and SNR against N is refitted as points
 * arrive. Each cell draws from its own seeded stream with a fresh estimator (a stateful one is warmed
 * on one draw first), so the numbers do not depend on how the work was sliced or on the racers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SweepData } from './gradient-variance.frame';
import type { EstimatorKey } from './gradient-variance.schema';
import { createRng, deriveSeed } from '../rng';
import { createBernoulliEstimator, ESTIMATOR_INFO } from '../estimators/catalogue';
import { MAX_ELEMENTS } from '../estimators/limits';
import { measure } from '../estimators/measure';
import { sumSquaresCost, sumSquaresUnitGradient } from '../estimators/problems/sum-squares';
import { logLogSlope } from '../estimators/stats';
import { EstimatorError, type BernoulliEstimatorId } from '../estimators/types';

/** Elements (rows × N) per cell, but never fewer than MIN_ROWS single samples. */
const SWEEP_ELEMENTS = 2 ** 17;
const MIN_ROWS = 256;
const MAX_ROWS = 2048;
/** Slopes are fitted over N ≥ FIT_FROM (small N sit before the asymptotic regime), when two such points exist. */
export const FIT_FROM = 4;

export interface SweepSettings {
  theta: number;
  t: number;
  k: number;
  tau: number;
  /** Largest N of the ladder. */
  maxN: number;
}

interface Series {
  key: EstimatorKey;
  id: BernoulliEstimatorId;
  label: string;
  n: number[];
  variance: number[];
  snrN: number[];
  snr: number[];
  /** N where the variance was exactly 0 (the exact gradient). */
  zeroAt: number[];
  /** Why points are missing (refusal, NaN estimates), first reason per kind. */
  reasons: string[];
  /** N where a biased estimator's mean was within two standard errors of 0 (SNR not resolved). */
  unresolved: number[];
}

/** 1, 2, 4, … ≤ max, and max itself. */
export function sweepLadder(max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= max; n *= 2) out.push(n);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Fit over the points at N ≥ FIT_FROM once three of them are in; a ladder too short to ever have three
 * (maximum N below 16) is fitted over all its points, three or more. Never from two points: a slope
 * through two noisy points early in the sweep is a number nobody should read.
 */
function fit(xs: number[], ys: number[], ladder: number[]): { slope: number; intercept: number; from: number; to: number } | null {
  const pairs = xs.map((x, i) => [x, ys[i]!] as const).filter(([x, y]) => x > 0 && y > 0 && Number.isFinite(y));
  const lateInLadder = ladder.filter((n) => n >= FIT_FROM).length;
  const use = lateInLadder >= 3 ? pairs.filter(([x]) => x >= FIT_FROM) : pairs;
  if (use.length < 3) return null;
  const f = logLogSlope(
    use.map((p) => p[0]),
    use.map((p) => p[1]),
  );
  return Number.isFinite(f.slope) && Number.isFinite(f.intercept) ? { ...f, from: use[0]![0], to: use[use.length - 1]![0] } : null;
}

export class NSweep {
  private ladder: number[] = [];
  private series: Series[] = [];
  /** Next cell, flattened as ladderIndex × series + seriesIndex. */
  private next = 0;

  constructor(
    private readonly seed: number,
    private entries: { key: EstimatorKey; id: BernoulliEstimatorId; label: string }[],
    private settings: SweepSettings,
  ) {
    this.restart(entries, settings);
  }

  restart(entries: { key: EstimatorKey; id: BernoulliEstimatorId; label: string }[], settings: SweepSettings): void {
    this.entries = entries;
    this.settings = settings;
    this.ladder = sweepLadder(Math.max(1, Math.round(settings.maxN)));
    this.series = entries.map((e) => ({ ...e, n: [], variance: [], snrN: [], snr: [], zeroAt: [], reasons: [], unresolved: [] }));
    this.next = 0;
  }

  get done(): boolean {
    return this.series.length === 0 || this.next >= this.ladder.length * this.series.length;
  }

  /** Measure cells until `budgetMs` of wall time is spent (at least one cell). */
  async advance(budgetMs: number): Promise<void> {
    const t0 = Date.now();
    do {
      if (this.done) return;
      const i = Math.floor(this.next / this.series.length);
      const j = this.next % this.series.length;
      this.next++;
      await this.measureCell(this.ladder[i]!, this.series[j]!);
    } while (Date.now() - t0 < budgetMs);
  }

  private async measureCell(n: number, s: Series): Promise<void> {
    const { k, theta, t, tau } = this.settings;
    const note = (reason: string) => {
      if (!s.reasons.includes(reason)) s.reasons.push(reason);
    };
    if (k * n > MAX_ELEMENTS) {
      note(`N ≥ ${n} not measured: K × N = ${k * n} is over the 2^24-element memory limit`);
      return;
    }
    // About SWEEP_ELEMENTS elements, within [MIN_ROWS, MAX_ROWS] rows. Only an estimator that shares
    // information between the K samples of a step (RLOO) depends on K: it gets whole groups of K under
    // the memory cap; for the others a row's distribution does not depend on K, so K never inflates the cost.
    const target = Math.ceil(Math.max(MIN_ROWS, Math.min(MAX_ROWS, SWEEP_ELEMENTS / n)));
    const shares = ESTIMATOR_INFO[s.id].minGroup > 1;
    const rows = shares ? Math.max(k, Math.min(Math.floor(MAX_ELEMENTS / (n * k)) * k, Math.ceil(target / k) * k)) : target;
    const estimator = createBernoulliEstimator(s.id);
    const phi = tf.fill([n], logit(theta)) as tf.Tensor1D;
    const input = {
      phi,
      cost: sumSquaresCost(n, t),
      samples: rows,
      group: shares ? k : rows,
      rng: createRng(deriveSeed(this.seed, `sweep:${s.key}:${n}`)),
      tau,
    };
    try {
      if (ESTIMATOR_INFO[s.id].stateful) {
        try {
          const warm = estimator.estimate(input);
          tf.dispose([warm.grads, warm.samples]);
        } catch (e) {
          if (!(e instanceof EstimatorError)) throw e;
        }
      }
      const exact = new Float32Array(n).fill(sumSquaresUnitGradient(theta, t));
      const m = await measure(estimator, input, exact, [0]);
      if (!m.ok) return note(m.reason);
      if (!m.perSample.ok) return note(`N = ${n}: ${m.perSample.reason}`);
      const c = m.perSample.summary.coordinates[0]!;
      if (c.variance === 0) s.zeroAt.push(n);
      else if (c.variance !== null && Number.isFinite(c.variance)) {
        s.n.push(n);
        s.variance.push(c.variance);
      }
      // SNR = |E ĝ| / sd(ĝ). For an unbiased estimator E ĝ is the exact gradient, known exactly; the sample
      // mean would be mostly noise once sd / √rows exceeds it. A biased one's mean is used only where it
      // stands clear of its standard error.
      const sd = c.variance === null ? 0 : Math.sqrt(c.variance);
      const resolved = ESTIMATOR_INFO[s.id].unbiased || (c.standardError !== null && Math.abs(c.mean) > 2 * c.standardError);
      const snr = sd > 0 ? (ESTIMATOR_INFO[s.id].unbiased ? Math.abs(c.exact) : Math.abs(c.mean)) / sd : 0;
      if (!resolved) s.unresolved.push(n);
      else if (snr > 0 && Number.isFinite(snr)) {
        s.snrN.push(n);
        s.snr.push(snr);
      }
    } finally {
      phi.dispose();
      estimator.dispose();
    }
  }

  toSnapshot(): Omit<Extract<SweepData, { ok: true }>, 'ok' | 'reason'> {
    const cells = this.ladder.length * Math.max(1, this.series.length);
    const measured = this.series.length === 0 ? 0 : Math.floor(this.next / this.series.length);
    return {
      ladder: Float32Array.from(this.ladder),
      /** Ladder points finished for every estimator. */
      measured,
      nextN: this.done ? null : this.ladder[Math.floor(this.next / this.series.length)]!,
      progress: this.series.length === 0 ? 1 : this.next / cells,
      fitFrom: FIT_FROM,
      samples: this.settings.k,
      series: this.series.map((s) => {
        const v = fit(s.n, s.variance, this.ladder);
        const r = fit(s.snrN, s.snr, this.ladder);
        return {
          key: s.key,
          id: s.id,
          label: s.label,
          n: Float32Array.from(s.n),
          variance: Float32Array.from(s.variance),
          snrN: Float32Array.from(s.snrN),
          snr: Float32Array.from(s.snr),
          zeroAt: Float32Array.from(s.zeroAt),
          reasons: [
            ...s.reasons,
            ...(s.unresolved.length > 0
              ? [`SNR not resolved at N = ${s.unresolved.join(', ')}: the mean is within two standard errors of 0`]
              : []),
          ],
          varianceFit: v,
          snrFit: r,
        };
      }),
    };
  }
}
