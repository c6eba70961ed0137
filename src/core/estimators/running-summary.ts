/**
 * Statistics accumulated over batches: the estimators table draws a fresh batch at every refresh and
 * merges it into running sums, so while nothing changes its numbers settle (standard errors shrink as
 * 1/√rows) instead of jumping; the experiment resets it when a setting changes. Per reported coordinate:
 * count, mean and sum of squared deviations merged by Chan et al.'s parallel formula (float64); the
 * column sums for the cosine of the mean; the mean per-sample cosine. A batch with any NaN or ±Inf turns
 * the summary into a reason until the next reset (a non-finite draw is never averaged away).
 */
import { cosine, summarise, type SummaryResult } from './stats';

interface Moments {
  index: number;
  n: number;
  mean: number;
  m2: number;
}

export class RunningSummary {
  private rows = 0;
  private columnSums: Float64Array | null = null;
  private moments: Moments[] = [];
  private sampleCosineSum = 0;
  private failure: { reason: string; nonFinite: number } | null = null;

  /** Rows merged so far. */
  get count(): number {
    return this.rows;
  }

  /** Merge row-major [rows, cols] values; `coordinates` (default all) are the ones reported. */
  add(values: ArrayLike<number>, rows: number, cols: number, exact: ArrayLike<number>, coordinates?: readonly number[]): void {
    if (this.failure || rows === 0) return;
    const batch = summarise(values, rows, cols, exact, coordinates ? { coordinates } : {});
    if (!batch.ok) {
      this.failure = { reason: batch.reason, nonFinite: batch.nonFinite };
      return;
    }
    if (this.columnSums === null || this.columnSums.length !== cols) {
      this.columnSums = new Float64Array(cols);
      this.moments = batch.summary.coordinates.map((c) => ({ index: c.index, n: 0, mean: 0, m2: 0 }));
    }
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) this.columnSums[c]! += values[r * cols + c]!;
    for (const [i, c] of batch.summary.coordinates.entries()) {
      const acc = this.moments[i]!;
      const m2 = (c.variance ?? 0) * (rows - 1);
      const n = acc.n + rows;
      const delta = c.mean - acc.mean;
      acc.m2 += m2 + (delta * delta * acc.n * rows) / n;
      acc.mean += (delta * rows) / n;
      acc.n = n;
    }
    this.sampleCosineSum += (batch.summary.sampleCosine ?? 0) * rows;
    this.rows += rows;
  }

  /** The merged statistics against `exact`, in the shape `summarise` returns; null before any row. */
  result(exact: ArrayLike<number>, costPerSample: number): SummaryResult | null {
    if (this.failure) return { ok: false, ...this.failure };
    if (this.rows === 0 || this.columnSums === null) return null;
    const n = this.rows;
    const coordinates = this.moments.map((m) => {
      const variance = n > 1 ? m.m2 / (n - 1) : null;
      const std = variance === null ? null : Math.sqrt(variance);
      return {
        index: m.index,
        exact: exact[m.index]!,
        mean: m.mean,
        bias: m.mean - exact[m.index]!,
        variance,
        standardError: std === null ? null : std / Math.sqrt(n),
        snr: std === null || std === 0 ? null : Math.abs(m.mean) / std,
      };
    });
    const exactNorm = Math.hypot(...Array.from(exact));
    return {
      ok: true,
      summary: {
        samples: n,
        coordinates,
        cosine: cosine(
          this.columnSums.map((s) => s / n),
          exact,
        ),
        sampleCosine: exactNorm > 0 ? this.sampleCosineSum / n : null,
        costPerSample,
      },
    };
  }
}
