/**
 * The 2-D classification data as tensors, shared by every experiment that trains the flat MLP on it
 * (the baseline and the loss-surface views): generation from the seed, minibatch sampling and the
 * train/test evaluation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeDataset, type DatasetName, type PointSet, type SplitSet } from '../data/two-d';
import { DRAWN, drawnRefusal, drawnSplit } from '../data/drawn';
import { createRng, deriveSeed, type Rng } from '../rng';
import { evaluate, type Activation, type MlpLayout } from './flat-mlp';

export interface DataSettings {
  dataset: string;
  points: number;
  noise: number;
  trainFraction: number;
  /** The drawn triples, used when `dataset` is 'drawn'. */
  drawn: readonly number[];
}

export interface DataTensors {
  split: SplitSet;
  trainX: tf.Tensor2D;
  trainY: tf.Tensor2D;
  testX: tf.Tensor2D;
  testY: tf.Tensor2D;
  /** Why these data cannot be trained on (an empty or one-class drawn set), or null. */
  refused: string | null;
}

function oneHot(points: PointSet): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(points.y, 'int32'), 2), 'float32') as tf.Tensor2D);
}

/**
 * The data set a seed and these settings determine (its own random stream, 'data'), or the drawn
 * points exactly as drawn (train and test alike: src/core/data/drawn.ts says why).
 */
export function makeDataTensors(settings: DataSettings, seed: number): DataTensors {
  const drawn = settings.dataset === DRAWN;
  const split = drawn
    ? drawnSplit(settings.drawn)
    : makeDataset(settings.dataset as DatasetName, settings.points, settings.noise, settings.trainFraction, createRng(deriveSeed(seed, 'data')));
  return {
    refused: drawn ? drawnRefusal(settings.drawn) : null,
    split,
    trainX: tf.tensor2d(split.train.x, [split.train.n, 2]),
    trainY: oneHot(split.train),
    testX: tf.tensor2d(split.test.x, [split.test.n, 2]),
    testY: oneHot(split.test),
  };
}

export function disposeDataTensors(d: DataTensors): void {
  tf.dispose([d.trainX, d.trainY, d.testX, d.testY]);
}

/**
 * A minibatch of `size` training points drawn with replacement, or the whole training set when
 * `size` reaches it (then `owned` is false: the caller must not dispose the tensors).
 */
export function sampleBatch(data: DataTensors, size: number, rng: Rng): { x: tf.Tensor2D; y: tf.Tensor2D; owned: boolean } {
  const n = data.split.train.n;
  if (size >= n) return { x: data.trainX, y: data.trainY, owned: false };
  const idx = new Int32Array(size);
  for (let k = 0; k < idx.length; k++) idx[k] = rng.int(n);
  const t = tf.tensor1d(idx, 'int32');
  const out = { x: tf.gather(data.trainX, t), y: tf.gather(data.trainY, t), owned: true };
  t.dispose();
  return out;
}

/** [train loss, test loss, train accuracy, test accuracy] as one tensor. */
export function evaluateTrainTest(theta: tf.Tensor1D, layout: MlpLayout, data: DataTensors, activation: Activation): tf.Tensor1D {
  return tf.tidy(() => {
    const tr = evaluate(theta, layout, data.trainX, data.trainY, activation);
    const te = evaluate(theta, layout, data.testX, data.testY, activation);
    return tf.stack([tr.loss, te.loss, tr.accuracy, te.accuracy]) as tf.Tensor1D;
  });
}

/**
 * Every point for the decision map, training points first, with 1 marking a training point. A drawn
 * set is its own test set, so its points are listed once, as training points.
 */
export function displayPoints(split: SplitSet, drawn: boolean): { x: Float32Array; y: Int32Array; split: Uint8Array } {
  const test = drawn ? { x: new Float32Array(0), y: new Int32Array(0), n: 0 } : split.test;
  const n = split.train.n + test.n;
  const x = new Float32Array(n * 2);
  x.set(split.train.x, 0);
  x.set(test.x, split.train.n * 2);
  const y = new Int32Array(n);
  y.set(split.train.y, 0);
  y.set(test.y, split.train.n);
  const s = new Uint8Array(n);
  s.fill(1, 0, split.train.n);
  return { x, y, split: s };
}
