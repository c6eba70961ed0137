/**
 * Statistics as snapshot values: plain numbers, with null plus a reason wherever a number would be
 * a lie (NaN estimates, a refusal, too few samples for a variance). The SNR's numerator and the bias
 * verdict follow the rules stated in experiments/gradient-variance.frame.ts.
 */
import {
  BIAS_NOISE_SE,
  type BiasVerdict,
  type DrawSample,
  type EstimatorStats,
  type SnrSource,
  type SummaryStats,
} from '../experiments/gradient-variance.frame';
import type { Measured } from './measure';
import type { CoordinateSummary, SummaryResult } from './stats';

/** A mean within this relative distance of the exact value is float rounding, not bias. */
const FLOAT_TOLERANCE = 1e-5;

export interface Judged {
  snr: number | null;
  snrFrom: SnrSource;
  biasVerdict: BiasVerdict | null;
}

/**
 * SNR = |E ĝ| / sd(ĝ): for an unbiased estimator E ĝ is the exact gradient, known exactly (the sample
 * mean's standard error can be many times the signal: at t = 0.499 about 8×); for a biased one the
 * sample mean, used only where it stands clear of two standard errors. Bias: "zero" up to float
 * rounding, "within noise" within BIAS_NOISE_SE standard errors, else resolved.
 */
export function judgeCoordinate(c: CoordinateSummary, unbiased: boolean): Judged {
  const sd = c.variance === null ? null : Math.sqrt(c.variance);
  const se = c.standardError;
  let snr: number | null = null;
  let snrFrom: SnrSource = 'unresolved';
  if (unbiased) {
    snrFrom = 'exact';
    snr = sd !== null && sd > 0 ? Math.abs(c.exact) / sd : null;
  } else if (sd !== null && sd > 0 && se !== null && Math.abs(c.mean) > 2 * se) {
    snrFrom = 'sample-mean';
    snr = Math.abs(c.mean) / sd;
  }
  const scale = Math.max(Math.abs(c.exact), sd ?? 0, Number.MIN_VALUE);
  const biasVerdict: BiasVerdict | null =
    Math.abs(c.bias) <= FLOAT_TOLERANCE * scale
      ? 'zero'
      : se === null
        ? null
        : Math.abs(c.bias) <= BIAS_NOISE_SE * se
          ? 'within-noise'
          : 'resolved';
  return { snr, snrFrom, biasVerdict };
}

export function summaryToSnapshot(result: SummaryResult | null, names: readonly string[], unbiased = true): SummaryStats {
  if (result === null) return { ok: false, reason: 'fewer than two groups of K samples fit the measuring budget', coordinates: [] };
  if (!result.ok) return { ok: false, reason: result.reason, coordinates: [] };
  const s = result.summary;
  return {
    ok: true,
    reason: null,
    samples: s.samples,
    cosine: s.cosine,
    sampleCosine: s.sampleCosine,
    costPerSample: s.costPerSample,
    coordinates: s.coordinates.map((c) => ({
      name: names[c.index] ?? `coordinate ${c.index}`,
      exact: c.exact,
      mean: c.mean,
      bias: c.bias,
      variance: c.variance,
      standardError: c.standardError,
      ...judgeCoordinate(c, unbiased),
    })),
  };
}

/**
 * Single estimates for the panel's strip: only the finite ones (a NaN is never drawn as a number),
 * with the count of those left out so the panel can say so.
 */
export function drawsToSnapshot(draws: Float32Array): DrawSample {
  const values = draws.filter((v) => Number.isFinite(v));
  return { values, nonFinite: draws.length - values.length };
}

export function measuredToSnapshot(m: Measured, names: readonly string[], unbiased = true, refreshes = 1): EstimatorStats {
  if (!m.ok) return { ok: false, reason: m.reason, perSample: null, perStep: null, draws: null };
  return {
    ok: true,
    reason: null,
    costPerSample: m.costPerSample,
    refreshes,
    perSample: summaryToSnapshot(m.perSample, names, unbiased),
    perStep: summaryToSnapshot(m.perStep, names, unbiased),
    draws: drawsToSnapshot(m.draws),
  };
}
