/**
 * The small tanh RNN whose memory the strategies manage, and the delayed-copy task it learns:
 *   h_t = tanh(h_{t-1} W_h + x_t w_x + b),  y_t = h_t w_o + b_o,  target y_t = x_{t-d} for t > d.
 * Parameters live in one flat vector (as in flat-mlp.ts) so the existing optimisers apply unchanged.
 * A tanh RNN's hidden state is all a step needs to be reversed (tanh' = 1 - h^2), which is what lets
 * a checkpoint of h alone stand in for the whole step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

export interface RnnLayout {
  hidden: number;
  /** Offsets in the flat vector: W_h [H, H], W_in [2, H] (rows: w_x, then b), w_o [H, 1], b_o [1]. */
  wh: number;
  win: number;
  wo: number;
  bo: number;
  size: number;
}

export function rnnLayout(hidden: number): RnnLayout {
  const H = hidden;
  return { hidden: H, wh: 0, win: H * H, wo: H * H + 2 * H, bo: H * H + 3 * H, size: H * H + 3 * H + 1 };
}

export type RnnWeights = {
  wh: tf.Tensor2D;
  win: tf.Tensor2D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
};

/** Views of the flat vector. Call inside tf.tidy (or dispose them). */
export function unpackRnn(theta: tf.Tensor1D, L: RnnLayout): RnnWeights {
  const H = L.hidden;
  return {
    wh: tf.reshape(tf.slice(theta, L.wh, H * H), [H, H]),
    win: tf.reshape(tf.slice(theta, L.win, 2 * H), [2, H]),
    wo: tf.reshape(tf.slice(theta, L.wo, H), [H, 1]),
    bo: tf.slice(theta, L.bo, 1),
  };
}

/**
 * Recurrent weights at gain 0.9 / sqrt(H): a spectral radius just under one keeps gradients from
 * exploding at T = 4096 while still letting them reach back a few delays.
 */
export function initRnn(L: RnnLayout, rng: Rng): Float32Array {
  const H = L.hidden;
  const theta = new Float32Array(L.size);
  for (let i = 0; i < H * H; i++) theta[L.wh + i] = (0.9 / Math.sqrt(H)) * rng.normal();
  for (let i = 0; i < H; i++) theta[L.win + i] = rng.normal();
  for (let i = 0; i < H; i++) theta[L.wo + i] = rng.normal() / Math.sqrt(H);
  return theta;
}

export interface CopyBatch {
  T: number;
  batch: number;
  /** Delay d actually used (at most T - 1, so at least one step carries a loss). */
  delay: number;
  /** [T, batch] inputs, each +1 or -1, step-major. */
  inputs: Float32Array;
}

/** A fresh batch of random +-1 sequences; the targets are the inputs delayed by d. */
export function copyBatch(rng: Rng, T: number, batch: number, delay: number): CopyBatch {
  const inputs = new Float32Array(T * batch);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.next() < 0.5 ? -1 : 1;
  return { T, batch, delay: Math.max(0, Math.min(delay, T - 1)), inputs };
}
