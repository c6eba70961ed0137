/**
 * Rewind and branch (issue 16) rests on one property: a run restored from a checkpoint and stepped on
 * takes exactly the steps the original took (same seed streams, same optimiser state), so a replayed
 * step is bit-identical on the same backend. Checked for every experiment, on 5 seeds each.
 */
import { describe, expect, it } from 'vitest';
import { experiments } from '../registry';
import type { RunCheckpoint } from '../experiment';

const SEEDS = [1, 2, 3, 4, 5];
/** Steps before the checkpoint, then after it (in slices of uneven size, as the scheduler takes them). */
const BEFORE = [3, 5];
const AFTER = [4, 1, 6];
/** Smaller than the defaults where a step is slow (the test is about replay, not about the task). */
const PARAMS: Record<string, Record<string, unknown>> = { 'bptt-memory': { T: 32 } };
/**
 * Recorded at the end of a slice (riding on its one read-back), so where they fall depends on how the
 * steps were sliced, not on the steps: the loss surface's PCA weight path.
 */
const SAMPLED_AT_SLICE_ENDS: Record<string, string[]> = { 'loss-surface': ['arrays.path', 'arrays.pathSteps'] };

function same(a: RunCheckpoint, b: RunCheckpoint): string[] {
  const diff: string[] = [];
  if (a.step !== b.step) diff.push(`step ${a.step} vs ${b.step}`);
  for (const k of new Set([...Object.keys(a.arrays), ...Object.keys(b.arrays)])) {
    const x = a.arrays[k];
    const y = b.arrays[k];
    if (!x || !y || x.length !== y.length || x.some((v, i) => !Object.is(v, y[i]))) diff.push(`arrays.${k}`);
  }
  for (const k of new Set([...Object.keys(a.numbers), ...Object.keys(b.numbers)])) {
    if (!Object.is(a.numbers[k], b.numbers[k])) diff.push(`numbers.${k}`);
  }
  return diff;
}

describe('a run replayed from a checkpoint is bit-identical to the original (all 5 seeds)', () => {
  for (const experiment of experiments) {
    it(experiment.id, async () => {
      for (const seed of SEEDS) {
        const params = PARAMS[experiment.id] ?? {};
        const original = experiment.create(seed, params);
        for (const n of BEFORE) await original.step(n);
        const mid = await original.checkpoint!();
        for (const n of AFTER) await original.step(n);
        const end = await original.checkpoint!();
        const replay = experiment.create(seed, params);
        replay.restore!(mid);
        // Other slice sizes than the original's: the result must not depend on how steps were batched.
        await replay.step(AFTER.reduce((a, b) => a + b, 0));
        const again = await replay.checkpoint!();
        const sampled = SAMPLED_AT_SLICE_ENDS[experiment.id] ?? [];
        expect(same(end, again).filter((k) => !sampled.includes(k)), `seed ${seed}`).toEqual([]);
        original.dispose();
        replay.dispose();
      }
    });
  }
});

describe('estimators that carry state between steps replay bit-identically too (all 5 seeds)', () => {
  it('the race with the moving-average and optimal baselines and REBAR on', async () => {
    const experiment = experiments.find((e) => e.id === 'gradient-variance')!;
    const params = { sfAverage: true, sfOptimal: true, rebar: true };
    for (const seed of SEEDS) {
      const original = experiment.create(seed, params);
      await original.step(6);
      const mid = await original.checkpoint!();
      await original.step(7);
      const end = await original.checkpoint!();
      const replay = experiment.create(seed, params);
      replay.restore!(mid);
      await replay.step(7);
      expect(same(end, await replay.checkpoint!()), `seed ${seed}`).toEqual([]);
      expect(Object.keys(end.arrays).filter((k) => k.includes('.estimator.')).length, 'estimator state saved').toBeGreaterThan(0);
      original.dispose();
      replay.dispose();
    }
  });
});
