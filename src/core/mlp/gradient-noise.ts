/**
 * How noisy the baseline's minibatch gradients are, measured at the current weights: every training
 * point's own gradient, 2 × ESTIMATE_BATCHES sampled minibatch gradients as one matmul of a selection
 * matrix with them, the exact noise scale B_simple (McCandlish et al.) and its two-batch estimate, and
 * the FAN_SIZE minibatch gradients drawn as the fan. One read-back.
 */
import * as tf from '@tensorflow/tfjs-core';
import { perExampleGradients, type Activation, type MlpLayout } from './flat-mlp';
import { gradientSpread, minibatchMatrix } from './gradient-spread';
import { exactNoiseScale, noiseScaleFromTwoBatches } from '../noise-scale';
import type { DataTensors } from './classification-data';
import type { Rng } from '../rng';

/** Minibatch gradients drawn as arrows in the gradient-spread picture. */
export const FAN_SIZE = 32;
/** Minibatches of each size behind the two-batch noise-scale estimate (more than are drawn: it is noisy). */
export const ESTIMATE_BATCHES = 256;

export interface GradientNoise {
  gradSq: number;
  traceSigma: number;
  bSimple: number;
  /** B_simple from minibatches of size `batch` and 4 × `batch` (McCandlish et al.'s two-batch estimator). */
  twoBatchBSimple: number;
  fanAlong: Float32Array;
  fanAcross: Float32Array;
  meanCosine: number;
}

/** An empty drawn set has no gradients to measure: every statistic is NaN (drawn as "—"). */
const NO_POINTS: GradientNoise = { gradSq: NaN, traceSigma: NaN, bSimple: NaN, twoBatchBSimple: NaN, meanCosine: NaN, fanAlong: new Float32Array(0), fanAcross: new Float32Array(0) };

export async function measureGradientNoise(m: {
  theta: tf.Tensor1D;
  layout: MlpLayout;
  activation: Activation;
  data: DataTensors;
  /** The training batch size (capped at the training set). */
  batch: number;
  /** The stream the sampled minibatches are drawn from. */
  rng: Rng;
}): Promise<GradientNoise> {
  const train = m.data.split.train;
  if (train.n === 0) return { ...NO_POINTS, fanAlong: new Float32Array(0), fanAcross: new Float32Array(0) };
  const batch = Math.min(m.batch, train.n);
  const [perExT, fanT] = tf.tidy(() => {
    const raw = perExampleGradients(m.theta, m.layout, m.data.trainX, m.data.trainY, m.activation);
    // Confidently classified points have gradients near 1e-35; their products are subnormal floats,
    // which the CPU handles tens of times slower. Flushing them to zero changes no statistic shown.
    const perEx = tf.where(tf.less(tf.abs(raw), 1e-30), tf.zerosLike(raw), raw);
    // Minibatch gradients are averages of per-example rows: one matmul gives them all — batches of
    // the training size B (drawn as the fan) and of 4B, for the two-batch estimate.
    const selection = tf.concat([
      minibatchMatrix(m.rng, ESTIMATE_BATCHES, batch, train.n),
      minibatchMatrix(m.rng, ESTIMATE_BATCHES, 4 * batch, train.n),
    ]);
    return [perEx, tf.matMul(selection, perEx)];
  });
  const [perEx, fan] = (await Promise.all([perExT.data(), fanT.data()])) as [Float32Array, Float32Array];
  tf.dispose([perExT, fanT]);

  const p = m.layout.size;
  const exact = exactNoiseScale(perEx, train.n, p);
  const spread = gradientSpread(perEx, fan, train.n, p, ESTIMATE_BATCHES);
  const big = gradientSpread(perEx, fan.subarray(ESTIMATE_BATCHES * p), train.n, p, ESTIMATE_BATCHES);
  // The two-batch estimate of McCandlish et al., from the sampled batches of size B and 4B alone.
  const twoBatch = noiseScaleFromTwoBatches(batch, spread.meanSqNorm, 4 * batch, big.meanSqNorm);
  const full = batch >= train.n;
  return {
    gradSq: exact.gradSq,
    traceSigma: exact.traceSigma,
    bSimple: exact.bSimple,
    twoBatchBSimple: twoBatch.bSimple,
    // Training takes the whole set when the batch is at least its size (sampleBatch), so the drawn
    // fan is then G itself; the with-replacement draws above still feed the two-batch estimate.
    fanAlong: full ? new Float32Array(FAN_SIZE).fill(1) : spread.along.slice(0, FAN_SIZE),
    fanAcross: full ? new Float32Array(FAN_SIZE) : spread.across.slice(0, FAN_SIZE),
    meanCosine: full ? 1 : spread.meanCosine,
  };
}
