import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LIVE_RESOLUTION, lossSurfaceExperiment, planeSettingsProblem, type LossSurfaceRun } from './loss-surface';

const small = { points: 80, hidden: [8, 8], resolution: 11, span: 0.5, batch: 32 };

function create(params: Record<string, unknown> = {}, seed = 3): LossSurfaceRun {
  return lossSurfaceExperiment.create(seed, { ...small, ...params }) as LossSurfaceRun;
}

describe('loss-surface experiment', () => {
  it('the plane at (0, 0) and the interpolation at α = 1 equal the current loss; α = 0 the initial loss', async () => {
    const run = create();
    const initial = (await run.metrics()).trainLoss!;
    await run.step(40);
    const current = (await run.metrics()).trainLoss!;
    const s = await run.computeSurfaces();
    expect(s.problem).toBeNull();
    const res = s.plane!.resolution;
    expect(s.plane!.problem).toBeNull();
    expect(s.plane!.values[((res - 1) / 2) * res + (res - 1) / 2]).toBeCloseTo(current, 5);
    const a = s.interpolation!;
    expect(a.alpha[100]).toBe(0);
    expect(a.alpha[300]).toBe(1);
    expect(a.alpha.length).toBe(401);
    expect(a.train[100]).toBeCloseTo(initial, 5);
    expect(a.train[300]).toBeCloseTo(current, 5);
    expect(s.randomSlice!.train[100]).toBeCloseTo(current, 5);
    expect(s.lens!.t[(s.lens!.t.length - 1) / 2]).toBe(0);
    expect(s.lens!.loss[(s.lens!.loss.length - 1) / 2]).toBeCloseTo(current, 5);
    expect(s.lens!.loss.length).toBe(401);
    // Two hidden layers: counted exactly by the piecewise-polynomial walk.
    expect(s.lens!.kinks.method).toBe('exact');
    expect(s.surfaceLive).toBe(false);

    // The live (training) sampling: coarser, with the same exact values at the shared points.
    const live = await run.computeSurfaces(true);
    expect(live.surfaceLive).toBe(true);
    expect(live.plane!.resolution).toBe(Math.min(res, LIVE_RESOLUTION));
    expect(live.interpolation!.alpha.length).toBe(201);
    expect(live.interpolation!.alpha[50]).toBe(0);
    expect(live.interpolation!.initLoss).toBeCloseTo(initial, 5);
    expect(live.interpolation!.train[150]).toBeCloseTo(current, 5);
    expect(live.lens!.kinks.total).toBe(s.lens!.kinks.total);
    run.dispose();
  });

  it('counts kinks exactly for one hidden layer and none for tanh', async () => {
    const run = create({ hidden: [8], examples: 1 });
    await run.step(10);
    const s = await run.computeSurfaces();
    expect(s.lens!.kinks.method).toBe('exact');
    expect(s.lens!.kinks.total).toBeGreaterThanOrEqual(1);
    expect(s.lens!.kinks.perExample.length).toBe(1);
    run.setParams({ activation: 'tanh' });
    const t = await run.computeSurfaces();
    expect(t.lens!.kinks.method).toBe('none');
    expect(t.lens!.kinks.total).toBe(0);
    run.dispose();
  });

  it('the example drawn alone has its own kinks, exactly its share of the pooled count (all 5 seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = create({ examples: 16, lens: 'kink' }, seed);
      await run.step(20);
      const lens = (await run.computeSurfaces()).lens!;
      expect(lens.singleExample).toBeGreaterThanOrEqual(0);
      expect(lens.singleExample).toBeLessThan(16);
      expect(lens.singleKinks.length, `seed ${seed}`).toBe(lens.kinks.perExample[lens.singleExample]);
      // The aimed kink is one of them, and every one is among the pooled positions.
      expect(lens.singleKinks.length, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      const pooled = Array.from(lens.kinks.positions);
      for (const p of lens.singleKinks) expect(pooled.some((q) => Math.abs(q - p) <= 1e-6 * Math.max(1, Math.abs(p)))).toBe(true);
      run.dispose();
    }
  });

  it('late in training the example drawn alone still turns a visible corner at the aimed kink (all 5 seeds)', async () => {
    // Issue 13: aimed at the nearest kink of any example, the line often hit an easy one whose loss is
    // flat near 0 (slope change 0.0009-0.32 at step 300, seeds 1-5), so the hero showed no corner. Aimed
    // at one of the hardest examples it turns by 2.8-18 (measured). The line moves only the kinked unit's
    // incoming weights, so on the side where the unit is off the example's loss is flat.
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = lossSurfaceExperiment.create(seed, {}) as LossSurfaceRun;
      await run.step(300);
      const lens = (await run.computeSurfaces()).lens!;
      const t = lens.t;
      const y = lens.single;
      const at = lens.kinkAt ?? 0;
      let i = 0;
      for (let k = 1; k < t.length; k++) if (Math.abs(t[k]! - at) < Math.abs(t[i]! - at)) i = k;
      const left = (y[i - 1]! - y[i - 4]!) / (t[i - 1]! - t[i - 4]!);
      const right = (y[i + 4]! - y[i + 1]!) / (t[i + 4]! - t[i + 1]!);
      expect(Math.abs(right - left), `seed ${seed}`).toBeGreaterThan(1);
      run.dispose();
    }
  }, 60_000);

  it('the input view marks the FGSM point, which raises the loss (all 5 seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = create({ epsilon: 0.2 }, seed);
      await run.step(30);
      const s = await run.computeSurfaces();
      const inp = s.input!;
      expect(inp.t.length).toBe(101);
      expect(inp.loss[50]).toBeCloseTo(inp.cleanLoss, 6);
      expect(inp.fgsmLoss, `seed ${seed}`).toBeGreaterThan(inp.cleanLoss);
      run.dispose();
    }
  });

  it('bad inputs give messages, never NaN surfaces', async () => {
    expect(planeSettingsProblem(0, 41)).toMatch(/span/);
    expect(planeSettingsProblem(1, 5)).toMatch(/11–101/);
    expect(planeSettingsProblem(1, 41)).toBeNull();

    const pca = create({ view: 'pca' });
    const early = await pca.computeSurfaces();
    expect(early.plane!.problem).toMatch(/PCA needs at least 3/);
    expect(early.plane!.values.length).toBe(0);
    for (let i = 0; i < 6; i++) await pca.step(10);
    const later = await pca.computeSurfaces();
    expect(later.plane!.problem).toBeNull();
    expect(later.plane!.pathA.length).toBeGreaterThan(3);
    pca.dispose();

    const interp = create({ view: 'interpolation' });
    expect((await interp.computeSurfaces()).plane!.problem).toMatch(/initial ones/);
    interp.dispose();

    const diverged = create();
    await diverged.step(2);
    (diverged as unknown as { diverged: { step: number; reason: string } }).diverged = { step: 2, reason: 'test' };
    const d = await diverged.computeSurfaces();
    expect(d.problem).toMatch(/diverged/);
    expect(d.plane).toBeNull();
    diverged.dispose();
  });

  it('snapshots, refreshes and probes leak no tensors', async () => {
    const run = create({ points: 40, hidden: [4, 4] });
    await run.step(5);
    await run.snapshot();
    await run.probes.surfaceBatched();
    const before = tf.memory().numTensors;
    await run.step(5);
    // Within the refresh period the cached surfaces (from step 5) come back; a settings change refreshes.
    const cached = (await run.snapshot()).data;
    expect(cached.surfaceStep).toBe(5);
    run.setParams({ view: 'interpolation' });
    const snap = await run.snapshot();
    await run.probes.surfaceBatched();
    await run.probes.surfaceLayerFloor();
    expect(tf.memory().numTensors).toBe(before);
    const data = snap.data;
    expect(data.surfaceStep).toBe(10);
    expect(data.plane!.values.length).toBe(11 * 11);
    run.dispose();
  });

  it('a checkpoint restored into a fresh run has the same weights, loss, curves and weight path', async () => {
    const original = create();
    await original.step(40);
    const saved = await original.checkpoint();
    const copy = create();
    copy.restore(saved);
    expect((await copy.metrics()).trainLoss).toBeCloseTo((await original.metrics()).trainLoss!, 6);
    const again = await copy.checkpoint();
    expect(again.step).toBe(40);
    expect(Array.from(again.arrays.path!)).toEqual(Array.from(saved.arrays.path!));
    expect(Array.from(again.arrays.historyTrain!)).toEqual(Array.from(saved.arrays.historyTrain!));
    // A net of another size ignores it.
    const other = create({ hidden: [4] });
    other.restore(saved);
    expect((await other.checkpoint()).step).toBe(0);
    for (const r of [original, copy, other]) r.dispose();
  });
});
