/**
 * The first section's figure at the settings a reader arrives with: it must show backprop working,
 * not a run that overfits, and a full batch must show no minibatch noise (issue "one claim, one
 * figure, one screen", item 5).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { baselineExperiment } from './baseline-mlp';
import type { Run } from '../experiment';
import type { BaselineFrameData } from './baseline-mlp.schema';

const live: Run<BaselineFrameData>[] = [];
afterEach(() => {
  for (const r of live.splice(0)) r.dispose();
});

describe('baseline defaults show the claim', () => {
  it('the default run does not visibly overfit: at step 3,000 the test loss is within 0.1 of its best (all 5 seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = baselineExperiment.create(seed, {});
      live.push(run);
      await run.step(3000);
      const s = await run.snapshot();
      const best = Math.min(...s.data.history.test);
      expect(s.data.testLoss - best, `seed ${seed}: best ${best}, now ${s.data.testLoss}`).toBeLessThanOrEqual(0.1);
      expect(s.data.testAccuracy, `seed ${seed}`).toBeGreaterThan(0.9);
    }
  }, 240_000);

  it('a batch as large as the training set draws the fan on G itself: every arrow along G, none across (all 5 seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = baselineExperiment.create(seed, { batch: 2048, points: 160 });
      live.push(run);
      await run.step(5);
      const { noise, batch, trainCount } = (await run.snapshot()).data;
      expect(batch).toBe(trainCount);
      if (!noise) throw new Error('noise not measured (every figure is shown until the page says otherwise)');
      for (const a of noise.fanAlong) expect(a).toBe(1);
      for (const c of noise.fanAcross) expect(c).toBe(0);
      expect(noise.meanCosine).toBe(1);
    }
  });
});

describe('what is not shown is not measured', () => {
  it('with neither noise figure shown the frame carries no noise; shown again, it does (all 5 seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = baselineExperiment.create(seed, { points: 160 });
      live.push(run);
      await run.step(3);
      run.showFigures!(['decision']);
      expect((await run.snapshot()).data.noise).toBeNull();
      run.showFigures!(['decision', 'fan']);
      const shown = (await run.snapshot()).data;
      expect(shown.noise?.fanAlong.length).toBe(32);
      expect(shown.noiseStep).toBe(3);
    }
  });
});
