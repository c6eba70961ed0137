/**
 * What the gradient-variance experiment's snapshot().data holds: the frame its panel reads. tfjs-free,
 * so the page can import it; the core builds it in gradient-variance.ts, gradient-variance-table.ts,
 * gradient-variance-sweep.ts and estimators/snapshot-format.ts.
 */
import type { EstimatorKey, ProblemName } from './gradient-variance.schema';

/**
 * How an SNR's numerator E[ĝ] was obtained: the exact gradient (unbiased estimators, whose mean is the
 * exact gradient by construction; the sample mean would be mostly noise when the signal is faint), the
 * sample mean (biased estimators, when it stands clear of two standard errors), or not resolved.
 */
export type SnrSource = 'exact' | 'sample-mean' | 'unresolved';

/**
 * zero: the mean equals the exact value up to float rounding (a noiseless estimator);
 * within-noise: |mean − exact| ≤ BIAS_NOISE_SE standard errors of the mean;
 * resolved: a bias larger than that.
 */
export type BiasVerdict = 'zero' | 'within-noise' | 'resolved';

/** A bias within this many standard errors of the mean is reported as "within noise". */
export const BIAS_NOISE_SE = 3;

export interface CoordinateStats {
  name: string;
  exact: number;
  mean: number;
  bias: number;
  variance: number | null;
  /** Standard error of the mean over every row accumulated so far. */
  standardError: number | null;
  /** |E ĝ| / sd(ĝ), E ĝ as `snrFrom` says; null when the variance is 0 or the mean is not resolved. */
  snr: number | null;
  snrFrom: SnrSource;
  biasVerdict: BiasVerdict | null;
}

export type SummaryStats =
  | { ok: true; reason: null; samples: number; cosine: number | null; sampleCosine: number | null; costPerSample: number; coordinates: CoordinateStats[] }
  | { ok: false; reason: string; coordinates: [] };

/** Up to 256 single estimates of the first coordinate from the latest refresh, finite ones only, and how many were not. */
export interface DrawSample {
  values: Float32Array;
  nonFinite: number;
}

export type EstimatorStats =
  | {
      ok: true;
      reason: null;
      costPerSample: number;
      /** Refreshes merged into these statistics since the settings last changed. */
      refreshes: number;
      perSample: SummaryStats;
      perStep: SummaryStats;
      draws: DrawSample;
    }
  | { ok: false; reason: string; perSample: null; perStep: null; draws: null };

export interface SweepFit {
  slope: number;
  intercept: number;
  from: number;
  to: number;
}

export interface SweepSeries {
  key: EstimatorKey;
  id: string;
  label: string;
  n: Float32Array;
  variance: Float32Array;
  snrN: Float32Array;
  snr: Float32Array;
  /** N where the variance was exactly 0 (no point on a log axis). */
  zeroAt: Float32Array;
  reasons: string[];
  varianceFit: SweepFit | null;
  snrFit: SweepFit | null;
}

/** The N sweep (gradient-variance-sweep.ts), filled in a few cells per snapshot. */
export type SweepData =
  | {
      ok: true;
      reason: null;
      ladder: Float32Array;
      measured: number;
      nextN: number | null;
      progress: number;
      fitFrom: number;
      samples: number;
      series: SweepSeries[];
    }
  | { ok: false; reason: string };

export interface RaceFrame {
  id: string;
  label: string;
  steps: number;
  status: 'running' | 'refused' | 'diverged';
  reason: string | null;
  history: { steps: Float32Array; watched: Float32Array; loss: Float32Array };
}

export interface EstimatorFrame {
  key: EstimatorKey;
  id: string;
  label: string;
  unbiased: boolean;
  applicable: boolean;
  stats: EstimatorStats | null;
  state: Record<string, number>;
  race: RaceFrame | null;
}

export interface GradientVarianceFrame {
  problem: ProblemName;
  units: number;
  samples: number;
  /** K-sample groups drawn per refresh. */
  statGroups: number;
  refusal: string | null;
  coordinateNames: string[];
  exact: Float32Array;
  lossAtPoint: number;
  estimators: EstimatorFrame[];
  sweep: SweepData;
}
