/**
 * Bars-and-stripes is seeded and well formed; a single-layer sigmoid belief net (16 binary latents)
 * learns it with any unbiased estimator plugged in (negative ELBO falls well below its starting
 * value); an estimator that needs shared logits refuses per-example logits with a reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng';
import { createBernoulliEstimator } from '../catalogue';
import { uniformTensor } from '../noise';
import { EstimatorError, type BernoulliEstimatorId } from '../types';
import { barsAndStripes } from './bars-and-stripes';
import { SigmoidBeliefNet } from './sigmoid-belief-net';

const SIDE = 4;
const LATENTS = 16;
const BATCH = 32;

describe('bars and stripes', () => {
  it('is deterministic per seed and every image is all bars or all stripes', () => {
    const a = barsAndStripes(64, SIDE, createRng(1));
    expect(Array.from(a.x)).toEqual(Array.from(barsAndStripes(64, SIDE, createRng(1)).x));
    expect(Array.from(a.x)).not.toEqual(Array.from(barsAndStripes(64, SIDE, createRng(2)).x));
    for (let i = 0; i < a.count; i++) {
      const px = (r: number, c: number) => a.x[i * a.pixels + r * SIDE + c]!;
      let columnsConstant = true;
      let rowsConstant = true;
      for (let r = 0; r < SIDE; r++) {
        for (let c = 0; c < SIDE; c++) {
          if (px(r, c) !== px(0, c)) columnsConstant = false;
          if (px(r, c) !== px(r, 0)) rowsConstant = false;
        }
      }
      expect(columnsConstant || rowsConstant).toBe(true);
    }
  });
});

describe('sigmoid belief net', () => {
  async function train(id: BernoulliEstimatorId, steps: number): Promise<{ before: number; after: number }> {
    const data = barsAndStripes(512, SIDE, createRng(1));
    const x = tf.tensor2d(data.x, [data.count, data.pixels]);
    const net = new SigmoidBeliefNet(data.pixels, LATENTS, createRng(2));
    const estimator = createBernoulliEstimator(id);
    const evalNoise = uniformTensor(createRng(4), data.count, LATENTS);
    const elbo = async () => {
      const t = net.negativeElbo(x, evalNoise);
      const v = (await t.data())[0]!;
      t.dispose();
      return v;
    };
    const before = await elbo();
    const rng = createRng(3);
    const batches = createRng(5);
    for (let s = 0; s < steps; s++) {
      const xb = tf.slice(x, [batches.int(data.count / BATCH) * BATCH, 0], [BATCH, -1]) as tf.Tensor2D;
      net.trainStep(xb, estimator, rng, { learningRate: 0.03, tau: 0.5 }).dispose();
      xb.dispose();
    }
    const after = await elbo();
    tf.dispose([x, evalNoise]);
    net.dispose();
    estimator.dispose();
    return { before, after };
  }

  for (const id of ['disarm', 'rloo'] as const) {
    it(`learns with ${id}`, async () => {
      const { before, after } = await train(id, 300);
      expect(before).toBeGreaterThan(10);
      expect(after).toBeLessThan(before - 2);
    });
  }

  it('the exact estimator refuses per-example logits', async () => {
    await expect(train('exact', 1)).rejects.toThrow(EstimatorError);
  });
});
