import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RollbackPoints } from './rollback-points';
import { baselineExperiment } from '../experiments/baseline-mlp';

const weights = (v: number) => tf.fill([3], v) as tf.Tensor1D;

describe('rollback points', () => {
  it('after calm slices and a climb, a divergence goes back to the start of the last calm slice', async () => {
    const before = tf.memory().numTensors;
    const points = new RollbackPoints();
    const slices: [number, number[]][] = [
      [0, [0.7, 0.6, 0.5]],
      [3, [0.4, 0.45, 0.3]], // calm (noise within 10 × the best)
      [6, [0.5, 40, 900]], // the climb: finite, not calm
      [9, [1e6, 1e12, 1e30]], // still finite, worse
    ];
    for (const [step, losses] of slices) {
      const w = weights(step);
      points.begin(w, step);
      points.settle(losses);
      w.dispose();
    }
    const w = weights(12);
    points.begin(w, 12); // the slice that overflows
    w.dispose();
    const point = points.take()!;
    expect(point.step).toBe(3);
    expect(Array.from(await point.theta.data())).toEqual([3, 3, 3]);
    point.theta.dispose();
    expect(points.take()).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a divergence in the first slice goes back to its start; clear forgets everything', () => {
    const before = tf.memory().numTensors;
    const points = new RollbackPoints();
    const w = weights(0);
    points.begin(w, 0);
    const point = points.take()!;
    expect(point.step).toBe(0);
    point.theta.dispose();
    points.begin(w, 0);
    points.settle([0.7]);
    points.begin(w, 1);
    points.clear();
    expect(points.take()).toBeNull();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a diverged baseline rolls back to weights it can train on (5 seeds, all 5)', () => {
  it('linear net on SGD: calm at a small rate, blown up at the largest, rolled back, calm again', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const run = baselineExperiment.create(seed, { activation: 'linear', optimizer: 'sgd', learningRate: 0.01 });
      await run.step(100);
      run.setParams({ learningRate: 10 });
      // Small slices, as the page's are at full speed: the climb spans several before the overflow.
      let diverged = null;
      for (let i = 0; i < 200 && !diverged; i++) diverged = (await run.step(3)).diverged;
      expect(diverged, `seed ${seed}`).not.toBeNull();
      expect(diverged!.lastGoodStep, `seed ${seed}`).toBeLessThanOrEqual(103);
      run.setParams({ learningRate: 0.01 });
      expect(run.rollback!(), `seed ${seed}`).toBe(true);
      const after = await run.step(60);
      expect(after.diverged, `seed ${seed}`).toBeNull();
      expect(after.taken).toBe(60);
      run.dispose();
    }
  });
});
