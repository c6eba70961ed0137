/**
 * Draw a batch of estimates, read it back once and summarise it: the bridge between the tensor-side
 * estimators and the plain-number statistics the experiment's snapshot and the tests report.
 * Refusals (EstimatorError) come back as a reason, not an exception, so one estimator's refusal
 * never hides the others' numbers.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { groupMeans, summarise, type SummaryResult } from './stats';
import { readInto } from '../tensor-read';
import { EstimatorError, type BernoulliEstimator, type EstimateInput } from './types';

export interface Drawn {
  /** Row-major [rows, cols] estimates. */
  values: Float32Array;
  rows: number;
  cols: number;
  /** (evaluations + gradient evaluations) per row. */
  costPerSample: number;
}

export type Measured =
  | {
      ok: true;
      /** Statistics of the single-sample rows. */
      perSample: SummaryResult;
      /** Statistics of the group means: the K-sample estimates a training step would use. */
      perStep: SummaryResult | null;
      costPerSample: number;
      /**
       * Up to DRAW_LIMIT single-sample estimates of the first reported coordinate, in draw order (NaN
       * and ±Inf included as drawn: whoever shows them must say so rather than plot them).
       */
      draws: Float32Array;
    }
  | { ok: false; reason: string };

/** Most single estimates a measurement keeps for drawing (the panel's strip of dots). */
export const DRAW_LIMIT = 256;

/** The first `limit` values of column `col` of row-major [rows, cols] values. */
export function columnSample(values: ArrayLike<number>, rows: number, cols: number, col: number, limit = DRAW_LIMIT): Float32Array {
  const count = Math.min(rows, limit);
  const out = new Float32Array(count);
  for (let r = 0; r < count; r++) out[r] = values[r * cols + col]!;
  return out;
}

/**
 * Read back an estimate's gradient rows and dispose its tensors. With `into`, the rows are read into
 * the array it lends for that many values (readInto), which the caller may reuse once done with them.
 */
export async function readEstimate(
  estimate: {
    grads: tf.Tensor2D;
    samples?: tf.Tensor2D;
    evaluations: number;
    gradientEvaluations: number;
  },
  into?: (size: number) => Float32Array,
): Promise<Drawn> {
  const [rows, cols] = estimate.grads.shape;
  try {
    const values = into ? await readInto(estimate.grads, into(rows * cols)) : ((await estimate.grads.data()) as Float32Array);
    return { values, rows, cols, costPerSample: (estimate.evaluations + estimate.gradientEvaluations) / rows };
  } finally {
    estimate.grads.dispose();
    estimate.samples?.dispose();
  }
}

export async function drawEstimates(estimator: BernoulliEstimator, input: EstimateInput): Promise<Drawn> {
  return readEstimate(estimator.estimate(input));
}

/** Summarise drawn rows against `exact`; groups of `group` rows give the per-step statistics. */
export function summariseDrawn(drawn: Drawn, exact: ArrayLike<number>, group: number, coordinates?: readonly number[]): Measured {
  const options = { costPerSample: drawn.costPerSample, ...(coordinates ? { coordinates } : {}) };
  const perSample = summarise(drawn.values, drawn.rows, drawn.cols, exact, options);
  const groups = Math.floor(drawn.rows / group);
  const means = groupMeans(drawn.values, drawn.rows, drawn.cols, group);
  const perStep =
    groups >= 2 ? summarise(means, groups, drawn.cols, exact, { ...options, costPerSample: drawn.costPerSample * group }) : null;
  const draws = columnSample(drawn.values, drawn.rows, drawn.cols, coordinates?.[0] ?? 0);
  return { ok: true, perSample, perStep, costPerSample: drawn.costPerSample, draws };
}

export async function measure(
  estimator: BernoulliEstimator,
  input: EstimateInput,
  exact: ArrayLike<number>,
  coordinates?: readonly number[],
): Promise<Measured> {
  try {
    const drawn = await drawEstimates(estimator, input);
    return summariseDrawn(drawn, exact, input.group ?? input.samples, coordinates);
  } catch (e) {
    if (e instanceof EstimatorError) return { ok: false, reason: e.message };
    throw e;
  }
}
