import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { uniformArray, uniformTensor } from './noise';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * uniformTensor reuses one scratch array on the wasm backend (it copies a tensor's values into its
 * heap), a fresh array elsewhere. Either way a tensor must keep the values it was made with after
 * later draws, and hold exactly the stream's uniforms in order.
 */
describe.each(['wasm', 'cpu'])('uniformTensor on %s', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps each draw intact across later draws, in stream order (5 seeds, all 5, exact)', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    for (const seed of SEEDS) {
      const rng = createRng(seed);
      // Sizes that grow, shrink and pass the scratch's limit (2^20 elements).
      const shapes: [number, number][] = [
        [64, 16],
        [256, 64],
        [8, 8],
        [1025, 1024],
        [3, 5],
      ];
      const tensors = shapes.map(([k, n]) => uniformTensor(rng, k, n));
      const reference = createRng(seed);
      for (let i = 0; i < shapes.length; i++) {
        const [k, n] = shapes[i]!;
        const expected = uniformArray(reference, k, n);
        expect(tensors[i]!.shape).toEqual([k, n]);
        const got = (await tensors[i]!.data()) as Float32Array;
        let differing = 0;
        for (let j = 0; j < expected.length; j++) if (got[j] !== expected[j]) differing++;
        expect(got.length).toBe(expected.length);
        expect(differing).toBe(0);
      }
      expect(rng.getState()).toEqual(reference.getState());
      tf.dispose(tensors);
    }
  });
});
