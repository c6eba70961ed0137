/** The flat weight vector of a tensor run in a checkpoint (`arrays.theta`, `numbers.parameterCount`). */
import * as tf from '@tensorflow/tfjs-core';
import type { RunCheckpoint } from './experiment';

/**
 * Assign a checkpoint's weights to `theta` when they are of this net's size; a checkpoint of another
 * size is ignored (false), and the run starts from its seed.
 */
export function restoreWeights(theta: tf.Variable, c: RunCheckpoint, size: number): boolean {
  const saved = c.arrays.theta;
  if (!saved || saved.length !== size || c.numbers.parameterCount !== size) return false;
  const t = tf.tensor1d(saved);
  theta.assign(t);
  t.dispose();
  return true;
}
