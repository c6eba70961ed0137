/**
 * One slice of MLP training steps, shared by every experiment that trains the flat MLP: the steps,
 * the evaluations that fall due, and ONE read-back at the end (never a read per step) that brings
 * the step losses, the weights' finiteness and any extra tensors back together. Divergence is pinned
 * to the first non-finite step loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { firstNonFinite } from '../divergence';
import { lossAndGradient, type Activation, type MlpLayout } from './flat-mlp';
import type { FlatOptimizer, OptimizerSettings } from '../optim/flat-optimizers';
import type { History } from '../history';

export interface SliceRequest {
  count: number;
  /** Steps taken before this slice. */
  start: number;
  theta: tf.Variable;
  layout: MlpLayout;
  activation: Activation;
  optimizer: FlatOptimizer;
  settings: OptimizerSettings;
  /** The next minibatch; `owned` tensors are disposed after the step. */
  batch(): { x: tf.Tensor2D; y: tf.Tensor2D; owned: boolean };
  /** Evaluations recorded into this history when it says a step is due. */
  history: History;
  evaluate(): tf.Tensor1D;
  /** Tensors to read back with the losses (read after the slice), e.g. the weights for a path. */
  extra?: () => tf.Tensor[];
  /**
   * One step on a minibatch, returning its loss (called inside tf.tidy). Default: lossAndGradient,
   * then the optimiser's update. The slow-motion step (step-trace.ts) keeps what it passes through.
   */
  takeStep?: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Scalar;
}

export interface SliceResult {
  /** Steps that count: up to and including the first non-finite loss. */
  taken: number;
  /** Loss of each step of the slice. */
  losses: Float32Array;
  /** Index (in the slice) of the first non-finite loss, or -1. */
  firstBad: number;
  weightsFinite: boolean;
  /** The extra tensors' values, flattened in order. */
  extra: Float32Array;
}

export async function trainSlice(r: SliceRequest): Promise<SliceResult> {
  const losses: tf.Scalar[] = [];
  const records: { step: number; values: tf.Tensor1D }[] = [];
  for (let i = 0; i < r.count; i++) {
    const { x, y, owned } = r.batch();
    const loss = tf.tidy(() => {
      if (r.takeStep) return r.takeStep(x, y);
      const { loss, gradient } = lossAndGradient(r.theta as tf.Tensor1D, r.layout, x, y, r.activation);
      r.optimizer.apply(r.theta, gradient, r.settings);
      return loss;
    });
    if (owned) tf.dispose([x, y]);
    losses.push(loss);
    const step = r.start + i + 1;
    if (r.history.due(step)) records.push({ step, values: r.evaluate() });
  }
  const packed = tf.tidy(() =>
    tf.concat([tf.stack(losses), tf.reshape(tf.sum(r.theta), [1]), ...(r.extra?.() ?? []).map((t) => tf.reshape(t, [-1]))]),
  );
  const read = await packed.data();
  const recordValues = await Promise.all(records.map((rec) => rec.values.data()));
  tf.dispose([packed, ...losses, ...records.map((rec) => rec.values)]);

  const lossValues = read.slice(0, r.count) as Float32Array;
  const firstBad = firstNonFinite(lossValues);
  const taken = firstBad >= 0 ? firstBad + 1 : r.count;
  records.forEach((rec, k) => {
    if (rec.step <= r.start + taken) r.history.push(rec.step, Array.from(recordValues[k]!));
  });
  return {
    taken,
    losses: lossValues,
    firstBad,
    weightsFinite: Number.isFinite(read[r.count]!),
    extra: read.slice(r.count + 1) as Float32Array,
  };
}

/** The message a diverged run shows: what went non-finite, where, and with which settings. */
export function divergenceReason(result: SliceResult, at: number, learningRate: number, optimizer: string, advice: string): string {
  const what = result.firstBad >= 0 ? String(result.losses[result.firstBad]) : 'finite but the weights overflowed';
  return `The loss became ${what} at step ${at} (learning rate ${learningRate}, ${optimizer}). ${advice}`;
}
