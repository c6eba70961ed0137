/**
 * Issue 16, item 2: a drawn training set. It trains on exactly the drawn points, switching to it (or
 * editing it) keeps the weights, and an empty or one-class set is refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { baselineExperiment } from './baseline-mlp';
import { lossSurfaceExperiment } from './loss-surface';
import { disposedAfterEach } from './test-runs';
import { evaluate, mlpLayout } from '../mlp/flat-mlp';
import { drawnRefusal, jitterDrawn, addDrawnPoint, eraseDrawnPoints, DRAWN_JITTER } from '../data/drawn';
import { snapCoordinate } from '../../params/point-set';
import { createRng } from '../rng';
import { idleReason } from '../../cli/drive';
import type { Snapshot } from '../experiment';

const createBaseline = disposedAfterEach(baselineExperiment);
const createSurface = disposedAfterEach(lossSurfaceExperiment);
const SEEDS = [1, 2, 3, 4, 5];

/** n points on the grid: class 0 left of x = 0, class 1 right of it, from their own stream. */
function drawnSet(n: number, seed: number): number[] {
  const rng = createRng(seed + 100);
  return Array.from({ length: n }, (_, i) => {
    const c = i % 2;
    return [snapCoordinate((c === 1 ? 0.2 : -1.8) + 1.6 * rng.next()), snapCoordinate(rng.next() * 4 - 2), c];
  }).flat();
}

async function weights(run: { checkpoint?: () => Promise<{ arrays: Record<string, Float32Array | number[]> }> }): Promise<Float32Array> {
  return (await run.checkpoint!()).arrays.theta as Float32Array;
}

describe('a drawn set is the training set (all 5 seeds)', () => {
  it('the snapshot holds exactly the drawn points, once, and the losses are the cross-entropy on exactly them', async () => {
    for (const seed of SEEDS) {
      const drawn = drawnSet(12 + seed, seed);
      const n = drawn.length / 3;
      const run = createBaseline(seed, { dataset: 'drawn', drawn, hidden: [8], batch: 4 });
      await run.step(15);
      const s = await run.snapshot();
      expect(s.data.refused).toBeNull();
      expect(s.data.trainCount).toBe(n);
      expect(Array.from(s.data.pointsX)).toEqual(Array.from(Float32Array.from(drawn.filter((_, i) => i % 3 !== 2))));
      expect(Array.from(s.data.pointsLabel)).toEqual(drawn.filter((_, i) => i % 3 === 2));
      expect(Array.from(s.data.pointsTrain)).toEqual(new Array(n).fill(1));
      // The loss recomputed here from the weights and the drawn points alone (test = train: the same set).
      const theta = await weights(run);
      const lossT = tf.tidy(() => {
        const x = tf.tensor2d(drawn.filter((_, i) => i % 3 !== 2), [n, 2]);
        const y = tf.cast(tf.oneHot(tf.tensor1d(drawn.filter((_, i) => i % 3 === 2), 'int32'), 2), 'float32') as tf.Tensor2D;
        return evaluate(tf.tensor1d(theta), mlpLayout([2, 8, 2]), x, y, 'relu').loss;
      });
      const loss = (await lossT.data())[0]!;
      lossT.dispose();
      expect(Math.abs(s.data.trainLoss - loss)).toBeLessThanOrEqual(1e-6);
      expect(s.data.testLoss).toBe(s.data.trainLoss);
    }
  });

  it('switching to a drawn set, and editing it, keeps the weights bit for bit and the step count', async () => {
    for (const seed of SEEDS) {
      const run = createBaseline(seed, { hidden: [8, 8] });
      await run.step(20);
      const before = await weights(run);
      const r = run.setParams({ dataset: 'drawn', drawn: drawnSet(10, seed) });
      expect(r.rebuilt).toBe(false);
      expect(await weights(run)).toEqual(before);
      expect((await run.snapshot()).step).toBe(20);
      run.setParams({ drawn: jitterDrawn(drawnSet(10, seed), seed, 0) });
      expect(await weights(run)).toEqual(before);
      // And it trains from there: the next steps move the weights.
      expect((await run.step(5)).taken).toBe(5);
      expect(await weights(run)).not.toEqual(before);
    }
  });

  it('the loss surface trains on the drawn set too, keeping its weights when switching', async () => {
    const drawn = drawnSet(16, 1);
    const run = createSurface(3, { hidden: [8, 8], resolution: 11, points: 80 });
    await run.step(10);
    const before = await weights(run);
    run.setParams({ dataset: 'drawn', drawn });
    expect(await weights(run)).toEqual(before);
    expect((await run.step(5)).taken).toBe(5);
    const s = await run.snapshot();
    expect(s.data.refused).toBeNull();
    expect(s.data.problem).toBeNull();
  });
});

describe('an empty or one-class drawn set is refused with its reason', () => {
  it('empty, class A only, class B only: no step taken, the snapshot says why, the CLI reads it as a refusal (both experiments)', async () => {
    const cases: [number[], RegExp][] = [
      [[], /drawn set is empty/],
      [[0.5, 0.5, 0, -0.5, 0.25, 0], /only class A \(2 points\): add at least one point of class B/],
      [[0.5, 0.5, 1], /only class B \(1 point\): add at least one point of class A/],
    ];
    for (const [drawn, reason] of cases) {
      expect(drawnRefusal(drawn)).toMatch(reason);
      for (const run of [createBaseline(2, { dataset: 'drawn', drawn, hidden: [8] }), createSurface(2, { dataset: 'drawn', drawn, hidden: [8], resolution: 11 })]) {
        expect(await run.step(10)).toEqual({ taken: 0, diverged: null });
        const s = await run.snapshot();
        expect(s.step).toBe(0);
        expect((s.data as { refused: string | null }).refused).toMatch(reason);
        // The CLI reads the same field (src/cli/drive.ts), so `npm run experiment` exits 2 with this reason.
        expect(idleReason(s as unknown as Snapshot)).toEqual({ refused: expect.stringMatching(reason) });
      }
    }
    expect(drawnRefusal([0.5, 0.5, 0, -0.5, -0.5, 1])).toBeNull();
  });

  it('adding the missing class lifts the refusal on the same run, weights untouched', async () => {
    const run = createBaseline(4, { dataset: 'drawn', drawn: [0.5, 0.5, 0], hidden: [8] });
    const before = await weights(run);
    expect((await run.step(3)).taken).toBe(0);
    run.setParams({ drawn: [0.5, 0.5, 0, -0.5, -0.5, 1] });
    expect(await weights(run)).toEqual(before);
    expect((await run.step(3)).taken).toBe(3);
  });
});

describe('drawing operations', () => {
  it('"Add noise" is reproducible from (seed, press), moves points by about DRAWN_JITTER, keeps classes; presses differ', () => {
    const drawn = drawnSet(400, 1);
    for (const seed of SEEDS) {
      const a = jitterDrawn(drawn, seed, 0);
      expect(jitterDrawn(drawn, seed, 0)).toEqual(a);
      expect(jitterDrawn(drawn, seed, 1)).not.toEqual(a);
      let sq = 0;
      let count = 0;
      for (let i = 0; i < drawn.length; i += 3) {
        expect(a[i + 2]).toBe(drawn[i + 2]);
        for (const k of [0, 1]) {
          const v = a[i + k]!;
          expect(v).toBe(snapCoordinate(v));
          // Points pushed past the square are clamped: leave them out of the spread.
          if (Math.abs(v) < 2) {
            sq += (v - drawn[i + k]!) ** 2;
            count++;
          }
        }
      }
      // 800 draws: the sample standard deviation within 15% of σ (about 6 standard errors).
      expect(Math.abs(Math.sqrt(sq / count) / DRAWN_JITTER - 1)).toBeLessThan(0.15);
    }
  });

  it('add snaps to the grid; erase removes exactly the points within the radius', () => {
    const set = addDrawnPoint(addDrawnPoint([], 0.1234, -0.5, 0), 1, 1, 1);
    expect(set).toEqual([snapCoordinate(0.1234), snapCoordinate(-0.5), 0, snapCoordinate(1), snapCoordinate(1), 1]);
    expect(eraseDrawnPoints(set, 1.05, 1, 0.1)).toEqual(set.slice(0, 3));
    expect(eraseDrawnPoints(set, 1.2, 1, 0.1)).toEqual(set);
  });
});
