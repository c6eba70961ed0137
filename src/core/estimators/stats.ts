/**
 * Statistics of K gradient estimates against the exact gradient, computed on read-back arrays in
 * float64 (the panel's table and the tests): mean, bias, variance, SNR = |mean|/std, cosine with the
 * exact gradient, cost. A batch with any NaN or ±Inf is reported as such (null + a reason), never
 * averaged into a plausible-looking number.
 */

export interface CoordinateSummary {
  /** Which coordinate (unit, or 0 = μ and 1 = σ for the Gaussian unit). */
  index: number;
  exact: number;
  mean: number;
  bias: number;
  /** Sample variance (K - 1 denominator); null with fewer than two rows. */
  variance: number | null;
  /** Standard error of the mean, sqrt(variance / K). */
  standardError: number | null;
  /** |mean| / std; null when the variance is 0 (a noiseless estimator) or unknown. */
  snr: number | null;
}

export interface Summary {
  samples: number;
  coordinates: CoordinateSummary[];
  /** Cosine between the mean estimate and the exact gradient (null if either is zero). */
  cosine: number | null;
  /** Mean over samples of cos(g_k, exact); an all-zero row counts as 0 (it points nowhere). */
  sampleCosine: number | null;
  /** Evaluations of f or ∂f/∂b per sample. */
  costPerSample: number;
}

export type SummaryResult = { ok: true; summary: Summary } | { ok: false; reason: string; nonFinite: number };

export interface SummaryOptions {
  /** Coordinates to report one by one (default: all). */
  coordinates?: readonly number[];
  costPerSample?: number;
}

/**
 * values: row-major [rows, cols]; exact: [cols]. Two passes over the values, both in memory order
 * (a [1024, 256] batch per estimator, a dozen estimators a refresh: walking columns, and a pass per
 * statistic, made this a third of the estimators' refresh).
 */
export function summarise(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  exact: ArrayLike<number>,
  options: SummaryOptions = {},
): SummaryResult {
  return summariseWithSums(values, rows, cols, exact, options).result;
}

/**
 * summarise, and the column sums its first pass adds up on the way (in row order, float64): what the
 * table's running statistics merge besides the summary (running-summary.ts), without a third pass.
 */
export function summariseWithSums(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  exact: ArrayLike<number>,
  options: SummaryOptions = {},
): { result: SummaryResult; columnSums: Float64Array } {
  let exactSq = 0;
  for (let c = 0; c < cols; c++) exactSq += exact[c]! ** 2;
  const exactNorm = Math.sqrt(exactSq);
  // Pass 1: column sums, and each row's cosine with the exact gradient. A row holding NaN or ±Inf
  // has a non-finite sum of squares (float32 squares cannot overflow a float64), so entries are
  // checked one by one only in such rows.
  const sum = new Float64Array(cols);
  let sampleCos = 0;
  let nonFinite = 0;
  let first = -1;
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    let dot = 0;
    let sq = 0;
    for (let c = 0; c < cols; c++) {
      const v = values[at + c]!;
      sum[c]! += v;
      dot += v * exact[c]!;
      sq += v * v;
    }
    if (!Number.isFinite(sq)) {
      for (let c = 0; c < cols; c++) if (!Number.isFinite(values[at + c]!)) nonFinite++;
      if (first < 0) first = r;
    } else if (sq > 0 && exactNorm > 0) sampleCos += dot / (Math.sqrt(sq) * exactNorm);
  }
  if (nonFinite > 0) {
    const reason = `${nonFinite} of ${rows * cols} estimate entries are NaN or ±Inf (first in sample ${first}); no statistics`;
    return { result: { ok: false, nonFinite, reason }, columnSums: sum };
  }
  const mean = sum.map((v) => v / rows);

  // Pass 2: squared deviations of the coordinates reported (all by default, row by row).
  const indices = options.coordinates ?? Array.from({ length: cols }, (_, i) => i);
  const ss = new Float64Array(cols);
  if (options.coordinates) {
    for (const c of indices) for (let r = 0; r < rows; r++) ss[c]! += (values[r * cols + c]! - mean[c]!) ** 2;
  } else {
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      for (let c = 0; c < cols; c++) ss[c]! += (values[at + c]! - mean[c]!) ** 2;
    }
  }
  const coordinates = indices.map((c) => {
    const variance = rows > 1 ? ss[c]! / (rows - 1) : null;
    const std = variance === null ? null : Math.sqrt(variance);
    return {
      index: c,
      exact: exact[c]!,
      mean: mean[c]!,
      bias: mean[c]! - exact[c]!,
      variance,
      standardError: std === null ? null : std / Math.sqrt(rows),
      snr: std === null || std === 0 ? null : Math.abs(mean[c]!) / std,
    };
  });

  return {
    result: {
      ok: true,
      summary: {
        samples: rows,
        coordinates,
        cosine: cosine(mean, exact),
        sampleCosine: exactNorm > 0 ? sampleCos / rows : null,
        costPerSample: options.costPerSample ?? 1,
      },
    },
    columnSums: sum,
  };
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : null;
}

/**
 * Means of consecutive groups of rows: [rows / group, cols]. The mean of a group of K rows is the
 * K-sample estimate one training step uses; its spread is what the optimiser actually sees (and
 * for RLOO, whose rows share a baseline, the only honest spread).
 */
export function groupMeans(values: ArrayLike<number>, rows: number, cols: number, group: number): Float64Array {
  const groups = Math.floor(rows / group);
  const out = new Float64Array(groups * cols);
  for (let r = 0; r < groups * group; r++) {
    const g = Math.floor(r / group);
    for (let c = 0; c < cols; c++) out[g * cols + c]! += values[r * cols + c]! / group;
  }
  return out;
}

/** Least-squares fit of log y = slope · log x + intercept (e.g. variance against N). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('logLogSlope needs two or more (x, y) pairs of equal count');
  if ([...xs, ...ys].some((v) => !(v > 0))) throw new Error('logLogSlope needs positive, finite x and y');
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * (ly[i]! - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
