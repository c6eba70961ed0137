import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { restoreWeights } from './weights-checkpoint';

const checkpoint = (theta: number[], parameterCount = theta.length) => ({
  step: 7,
  arrays: { theta: Float32Array.from(theta) },
  numbers: { parameterCount },
});

describe('restoreWeights', () => {
  it('assigns weights of this size and frees its temporary tensor', async () => {
    const theta = tf.variable(tf.zeros([3]));
    const before = tf.memory().numTensors;
    expect(restoreWeights(theta, checkpoint([1, -2, 0.5]), 3)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(await theta.data())).toEqual([1, -2, 0.5]);
    theta.dispose();
  });

  it('ignores a checkpoint of another size, a wrong count or no weights, leaving theta as it was', async () => {
    const theta = tf.variable(tf.tensor1d([4, 5, 6]));
    expect(restoreWeights(theta, checkpoint([1, 2]), 3)).toBe(false);
    expect(restoreWeights(theta, checkpoint([1, 2, 3], 4), 3)).toBe(false);
    expect(restoreWeights(theta, { step: 1, arrays: {}, numbers: { parameterCount: 3 } }, 3)).toBe(false);
    expect(Array.from(await theta.data())).toEqual([4, 5, 6]);
    theta.dispose();
  });
});
