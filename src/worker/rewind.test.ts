/**
 * Rewind and branch, driven as the scheduler drives it, on the baseline (tfjs, CPU backend in Node):
 * viewing a kept step shows the run as it was, branching abandons the future, and a branch with the
 * settings unchanged retakes the original's steps bit for bit. Over 5 seeds, all 5.
 */
import { describe, expect, it } from 'vitest';
import { findExperiment } from '../core/registry';
import { Rewind } from './rewind';
import { scrubPositions } from '../shared/scrub-positions';

const SEEDS = [1, 2, 3, 4, 5];

async function theta(run: { checkpoint?: () => Promise<{ arrays: Record<string, Float32Array> }> }): Promise<Float32Array> {
  return (await run.checkpoint!()).arrays.theta!;
}

describe('Rewind on the baseline', () => {
  it('views a kept step as it was, comes back to the present, and a branch replays bit for bit (all 5 seeds)', async () => {
    const experiment = findExperiment('baseline')!;
    for (const seed of SEEDS) {
      const run = experiment.create(seed, {});
      const rewind = new Rewind();
      await rewind.record(run, 0, true);
      const kept: Record<number, Float32Array> = { 0: await theta(run) };
      // Four slices of 10 steps, a checkpoint after each (as if 250 ms passed between them).
      for (let i = 1; i <= 4; i++) {
        await run.step(10);
        await rewind.record(run, i * 1000);
        kept[i * 10] = await theta(run);
      }
      // Five more steps, not yet kept: the present is step 45.
      await run.step(5);
      const present = await theta(run);
      expect(rewind.info().steps).toEqual([0, 10, 20, 30, 40]);
      expect(scrubPositions(rewind.info().steps, null, 45)).toEqual([0, 10, 20, 30, 40, 45]);

      const at20 = await rewind.view(run, 20, 5000);
      expect(at20).toEqual({ step: 20, present: false, note: null });
      expect(await theta(run)).toEqual(kept[20]);
      // Leaving the present kept it, so it can be come back to.
      expect(rewind.info().steps).toEqual([0, 10, 20, 30, 40, 45]);
      expect(rewind.info().viewing).toBe(2);
      // A step that was not kept: the nearest before it, said.
      const at25 = await rewind.view(run, 25, 5000);
      expect(at25!.step).toBe(20);
      expect(at25!.note).toMatch(/Step 25 was not kept.*showing step 20/);
      const back = await rewind.view(run, 45, 5000);
      expect(back).toEqual({ step: 45, present: true, note: null });
      expect(await theta(run)).toEqual(present);

      // Branch from step 10 with the same settings: the future after it is abandoned, and 35 steps
      // from there land on the very weights the original had at step 45.
      await rewind.view(run, 10, 6000);
      expect(rewind.branch()).toBe(10);
      expect(rewind.info().steps).toEqual([0, 10]);
      expect(rewind.info().viewing).toBeNull();
      await run.step(35);
      expect(await theta(run)).toEqual(present);
      run.dispose();
    }
  });

  it('a checkpoint larger than half the bound turns rewinding off for the run, with the reason', async () => {
    const rewind = new Rewind();
    const huge = { step: 0, arrays: { theta: new Float32Array(5 * 1024 * 1024) }, numbers: {} };
    const run = { checkpoint: async () => huge, restore: () => undefined } as unknown as Parameters<Rewind['record']>[0];
    await rewind.record(run, 0, true);
    expect(rewind.info().unavailable).toMatch(/20\.0 MB, more than half the timeline's 32\.0 MB/);
    expect(rewind.info().steps).toEqual([]);
  });
});
