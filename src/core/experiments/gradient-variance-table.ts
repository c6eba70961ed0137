/**
 * The estimators table's refresh: every selected estimator draws a fresh batch of K-sample steps at the
 * measuring point, and the batch is merged into that estimator's running statistics, so the numbers
 * settle while nothing changes (mean ± standard error over every refresh) and start afresh when a
 * setting changes (the run calls reset()). Bias and SNR are judged against the exact gradient
 * (estimators/snapshot-format.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { EstimatorStats } from './gradient-variance.frame';
import type { Rng } from '../rng';
import type { GaussianEstimator } from '../estimators/gaussian/types';
import type { GaussianSettings } from '../estimators/race-specs';
import { MAX_ELEMENTS, tooManyElementsReason } from '../estimators/limits';
import { columnSample, readEstimate, type Drawn, type Measured } from '../estimators/measure';
import { batchMoments, RunningSummary, type BatchMoments } from '../estimators/running-summary';
import { measuredToSnapshot } from '../estimators/snapshot-format';
import { groupMeans } from '../estimators/stats';
import { EstimatorError, type BernoulliCost, type BernoulliEstimator } from '../estimators/types';

/**
 * Statistics budget per estimator and refresh: about this many elements (groups × K × N), so a snapshot
 * stays interactive on the CPU backend; but never fewer than MIN_STAT_ROWS single samples (a variance
 * from fewer is too rough to plot), and at most STAT_GROUPS K-sample groups.
 */
const STAT_ELEMENTS = 2 ** 18;
const MIN_STAT_ROWS = 256;
export const STAT_GROUPS = 512;

/** K-sample groups drawn per refresh for K samples of `width` units. */
export function statGroups(k: number, width: number): number {
  const fewest = Math.ceil(MIN_STAT_ROWS / k);
  return Math.min(STAT_GROUPS, Math.max(fewest, Math.floor(STAT_ELEMENTS / (k * width))));
}

/** Refusal that applies to every estimator at this K and width, or null. */
export function tableRefusal(k: number, width: number): string | null {
  return k * width > MAX_ELEMENTS ? tooManyElementsReason(k, width) : null;
}

const logit = (p: number) => Math.log(p / (1 - p));

export interface BernoulliPoint {
  units: number;
  theta: number;
  k: number;
  tau: number;
  cost: BernoulliCost;
  /** The exact d/dφ of every unit at θ. */
  exact: number;
}

/**
 * One batch of `groups` K-sample steps of a binary-unit estimator at θ; warmed first when asked. With
 * `into`, read into the array it lends (readEstimate).
 */
export async function drawBernoulli(
  estimator: BernoulliEstimator,
  p: BernoulliPoint,
  groups: number,
  rng: Rng,
  warm: boolean,
  into?: (size: number) => Float32Array,
): Promise<Drawn | { reason: string }> {
  const phi = tf.fill([p.units], logit(p.theta)) as tf.Tensor1D;
  const input = { phi, cost: p.cost, samples: groups * p.k, group: p.k, rng, tau: p.tau };
  try {
    // A stateful estimator (baseline, REBAR's η and τ) is warmed on one draw before the measured one.
    if (warm && estimator.info.stateful) {
      const w = estimator.estimate(input);
      tf.dispose([w.grads, w.samples]);
    }
    return await readEstimate(estimator.estimate(input), into);
  } catch (e) {
    if (e instanceof EstimatorError) return { reason: e.message };
    throw e;
  } finally {
    phi.dispose();
  }
}

export async function drawGaussian(estimator: GaussianEstimator, mu: number, s: GaussianSettings, groups: number, rng: Rng): Promise<Drawn | { reason: string }> {
  try {
    return await readEstimate(estimator.estimate({ mu, sigma: s.sigma, cost: s.cost, samples: groups * s.samples, group: s.samples, rng }));
  } catch (e) {
    if (e instanceof EstimatorError) return { reason: e.message };
    throw e;
  }
}

/**
 * One refresh's batch of an estimator reduced to what its TableStats keeps: the same floats wherever it
 * is computed (this worker or a helper: src/core/experiments/gradient-variance-draws.ts).
 */
export interface ReducedDraw {
  costPerSample: number;
  perSample: BatchMoments;
  /** The batch's K-sample group means, reduced. */
  perStep: BatchMoments;
  /** The first reported coordinate's first draws (columnSample). */
  draws: Float32Array;
}

/** Reduce a drawn batch (groups of `group` rows are the K-sample steps) against the exact columns. */
export function reduceDrawn(drawn: Drawn, exact: ArrayLike<number>, group: number, coordinates: readonly number[]): ReducedDraw {
  const groups = Math.floor(drawn.rows / group);
  return {
    costPerSample: drawn.costPerSample,
    perSample: batchMoments(drawn.values, drawn.rows, drawn.cols, exact, coordinates),
    perStep: batchMoments(groupMeans(drawn.values, drawn.rows, drawn.cols, group), groups, drawn.cols, exact, coordinates),
    draws: columnSample(drawn.values, drawn.rows, drawn.cols, coordinates[0] ?? 0),
  };
}

/** One estimator's statistics, accumulated over refreshes since the last reset. */
export class TableStats {
  private perSample = new RunningSummary();
  private perStep = new RunningSummary();
  private costPerSample = 0;
  private draws: Float32Array = new Float32Array(0);
  private refusal: string | null = null;
  private refreshes = 0;

  reset(): void {
    this.perSample = new RunningSummary();
    this.perStep = new RunningSummary();
    this.refusal = null;
    this.refreshes = 0;
  }

  /** Merge one refresh's reduced batch (reduceDrawn), or note its refusal. */
  addReduced(batch: ReducedDraw | { reason: string }): void {
    if ('reason' in batch) {
      this.reset();
      this.refusal = batch.reason;
      return;
    }
    this.refusal = null;
    this.refreshes++;
    this.costPerSample = batch.costPerSample;
    this.perSample.merge(batch.perSample);
    this.perStep.merge(batch.perStep);
    this.draws = batch.draws;
  }

  measured(exact: ArrayLike<number>, group: number): Measured {
    if (this.refusal !== null) return { ok: false, reason: this.refusal };
    const perSample = this.perSample.result(exact, this.costPerSample);
    if (perSample === null) return { ok: false, reason: 'not measured yet' };
    // Fewer than two K-sample steps give no spread of a step.
    const perStep = this.perStep.count >= 2 ? this.perStep.result(exact, this.costPerSample * group) : null;
    return { ok: true, perSample, perStep, costPerSample: this.costPerSample, draws: this.draws };
  }

  toSnapshot(exact: ArrayLike<number>, group: number, names: readonly string[], unbiased: boolean): EstimatorStats {
    return measuredToSnapshot(this.measured(exact, group), names, unbiased, this.refreshes);
  }
}
