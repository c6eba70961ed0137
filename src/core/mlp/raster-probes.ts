/**
 * The decision raster two ways, for the bench (Run.probes): one batched forward pass over the grid, as
 * the snapshot computes it, and one pass per point, the dispatch-bound way the batched pass replaces.
 */
import * as tf from '@tensorflow/tfjs-core';
import { predictProbability, type Activation, type MlpLayout } from './flat-mlp';

export async function rasterBatched(theta: tf.Tensor1D, layout: MlpLayout, grid: tf.Tensor2D, activation: Activation): Promise<void> {
  const t = tf.tidy(() => predictProbability(theta, layout, grid, activation));
  await t.data();
  t.dispose();
}

export async function rasterPerPoint(theta: tf.Tensor1D, layout: MlpLayout, grid: tf.Tensor2D, activation: Activation): Promise<void> {
  const rows = tf.unstack(grid);
  const out = rows.map((row) => tf.tidy(() => predictProbability(theta, layout, tf.reshape(row, [1, 2]) as tf.Tensor2D, activation)));
  await Promise.all(out.map((t) => t.data()));
  tf.dispose([...rows, ...out]);
}
