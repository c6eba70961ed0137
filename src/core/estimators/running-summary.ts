/**
 * Statistics accumulated over batches: the estimators table draws a fresh batch at every refresh and
 * merges it into running sums, so while nothing changes its numbers settle (standard errors shrink as
 * 1/√rows) instead of jumping; the experiment resets it when a setting changes. Per reported coordinate:
 * count, mean and sum of squared deviations merged by Chan et al.'s parallel formula (float64); the
 * column sums for the cosine of the mean; the mean per-sample cosine. A batch with any NaN or ±Inf turns
 * the summary into a reason until the next reset (a non-finite draw is never averaged away).
 */
import { cosine, summariseWithSums, type SummaryResult } from './stats';

interface Moments {
  index: number;
  n: number;
  mean: number;
  m2: number;
}

/**
 * One batch reduced to what RunningSummary merges: its summary and its column sums. Plain numbers, so a
 * helper worker can reduce a batch it drew and post only this (a few KB, not the [rows, cols] values).
 */
export interface BatchMoments {
  rows: number;
  summary: SummaryResult;
  columnSums: Float64Array;
}

/** Reduce row-major [rows, cols] values against `exact`; `coordinates` (default all) are the ones reported. */
export function batchMoments(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  exact: ArrayLike<number>,
  coordinates?: readonly number[],
): BatchMoments {
  const { result, columnSums } = summariseWithSums(values, rows, cols, exact, coordinates ? { coordinates } : {});
  return { rows, summary: result, columnSums };
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

  /** Merge one batch's reduction (batchMoments, computed here or on another worker: the same floats). */
  merge(batch: BatchMoments): void {
    if (this.failure || batch.rows === 0) return;
    const { rows, summary: result, columnSums } = batch;
    if (!result.ok) {
      this.failure = { reason: result.reason, nonFinite: result.nonFinite };
      return;
    }
    if (this.columnSums === null || this.columnSums.length !== columnSums.length) {
      this.columnSums = new Float64Array(columnSums.length);
      this.moments = result.summary.coordinates.map((c) => ({ index: c.index, n: 0, mean: 0, m2: 0 }));
    }
    for (let c = 0; c < columnSums.length; c++) this.columnSums[c]! += columnSums[c]!;
    for (const [i, c] of result.summary.coordinates.entries()) {
      const acc = this.moments[i]!;
      const m2 = (c.variance ?? 0) * (rows - 1);
      const n = acc.n + rows;
      const delta = c.mean - acc.mean;
      acc.m2 += m2 + (delta * delta * acc.n * rows) / n;
      acc.mean += (delta * rows) / n;
      acc.n = n;
    }
    this.sampleCosineSum += (result.summary.sampleCosine ?? 0) * rows;
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
