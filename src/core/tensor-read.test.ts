import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { readInto } from './tensor-read';

const SEEDS = [1, 2, 3, 4, 5];

describe.each(['wasm', 'cpu'])('readInto on %s', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives what data() gives, for computed, reshaped and freshly written tensors, into one reused array (5 seeds, all 5, exact)', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const out = new Float32Array(4096);
    for (const seed of SEEDS) {
      const rng = createRng(seed);
      const values = Float32Array.from({ length: 64 * 48 }, () => rng.normal());
      const a = tf.tensor2d(values, [64, 48]);
      // A kernel's output, a reshape sharing its data, a slice, and memory that grows between reads.
      const b = tf.tidy(() => tf.relu(tf.mul(a, 3)));
      const c = tf.reshape(b, [48, 64]);
      const d = tf.slice(a, [5, 7], [20, 30]);
      const big = tf.fill([1 << 20], 0.5);
      const e = tf.slice(big, [1000], [100]);
      for (const t of [a, b, c, d, e]) {
        const expected = (await t.data()) as Float32Array;
        const got = await readInto(t, out);
        expect(got.length).toBe(t.size);
        let differing = 0;
        for (let i = 0; i < t.size; i++) if (!Object.is(got[i], expected[i])) differing++;
        expect(differing).toBe(0);
      }
      tf.dispose([a, b, c, d, e, big]);
    }
  });

  it('refuses an array too small and a tensor that is not float32', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const t = tf.ones([10]);
    const i = tf.ones([4], 'int32');
    await expect(readInto(t, new Float32Array(9))).rejects.toThrow('do not fit');
    await expect(readInto(i, new Float32Array(9))).rejects.toThrow('int32');
    tf.dispose([t, i]);
  });
});
