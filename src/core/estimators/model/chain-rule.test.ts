/**
 * The explicit-gradient form of composing an estimator with a model equals the surrogate-loss form
 * under tfjs autodiff. This file alone registers tfjs' gradients (test files run in separate
 * processes), because the core itself never needs them.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng';
import { normalTensor } from '../noise';
import { linearLayerGradients, surrogateLoss } from './chain-rule';

describe('chain rule through a linear logit layer', () => {
  it('explicit dU, dd equal autodiff of the surrogate loss', async () => {
    const rng = createRng(8);
    const x = normalTensor(rng, 6, 5);
    const u = normalTensor(rng, 5, 3);
    const d = tf.tensor1d([0.1, -0.2, 0.3]);
    const g = normalTensor(rng, 6, 3);
    const [autoU, autoD] = tf.grads((uu: tf.Tensor, dd: tf.Tensor) =>
      surrogateLoss(tf.add(tf.matMul(x, uu as tf.Tensor2D), dd) as tf.Tensor2D, g),
    )([u, d]);
    const explicit = linearLayerGradients(x, g);
    const close = async (a: tf.Tensor, b: tf.Tensor) => {
      const [av, bv] = await Promise.all([a.data(), b.data()]);
      av.forEach((v, i) => expect(v).toBeCloseTo(bv[i]!, 5));
    };
    await close(autoU!, explicit.dWeights);
    await close(autoD!, explicit.dBias);
    tf.dispose([x, u, d, g, autoU!, autoD!, explicit.dWeights, explicit.dBias]);
  });
});
