/**
 * The binary-latents experiment through the Run contract (fixed seeds, 16 latents, 4 × 4 images):
 * wake-sleep and the racing estimators lower the importance-sampled −log p(x) on held-out images;
 * the method switches live; shape changes rebuild; refusals and NaN are reported with reasons; the
 * tensor count stays flat.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../experiment';
import { barsAndStripesEntropy } from '../latent/methods';
import { binaryLatentsExperiment, EVAL_EVERY } from './binary-latents';
import type { BinaryLatentsFrame } from './binary-latents.schema';

const data = (s: Snapshot<BinaryLatentsFrame>) => s.data;
interface Curve {
  steps: Float32Array;
  negElbo: Float32Array;
  nll: Float32Array;
}
const first = (a: Float32Array) => a[0]!;
const last = (a: Float32Array) => a[a.length - 1]!;

describe('binary-latents experiment', () => {
  it('wake-sleep (main run) and REINFORCE with a baseline (racer) lower the negative ELBO and the IS estimate of −log p(x) on test images', async () => {
    const run = binaryLatentsExperiment.create(3, {
      method: 'wake-sleep',
      raceWakeSleep: false,
      raceReinforce: true,
      raceGumbel: false,
      evalSamples: 32,
      learningRate: 0.06,
    });
    await run.step(100);
    await run.step(100);
    const snap = await run.snapshot();
    const d = data(snap);
    const curve = d.curve as Curve;
    expect(snap.step).toBe(200);
    expect(curve.steps[0]).toBe(0);
    expect(last(curve.steps)).toBe(200);
    expect(curve.steps.length).toBe(200 / EVAL_EVERY + 1);
    // Untrained: ~11 nats per 4 × 4 image (16 coin flips = 11.1 nats); trained well below.
    expect(first(curve.nll)).toBeGreaterThan(10);
    expect(last(curve.nll)).toBeLessThan(first(curve.nll) - 2);
    expect(last(curve.negElbo)).toBeLessThan(first(curve.negElbo) - 2);
    // The IS estimate with K = 32 sits at or below the negative ELBO, and above the data's entropy.
    expect(last(curve.nll)).toBeLessThanOrEqual(last(curve.negElbo) + 1e-3);
    expect(last(curve.nll)).toBeGreaterThan(barsAndStripesEntropy(4) - 0.5);
    const race = d.race as (Curve & { method: string; status: string })[];
    expect(race.map((r) => r.method)).toEqual(['score-moving-average']);
    for (const r of race) {
      expect(r.status, r.method).toBe('running');
      expect(last(r.nll), r.method).toBeLessThan(first(r.nll) - 2);
      expect(last(r.negElbo), r.method).toBeLessThan(first(r.negElbo) - 2);
    }
    // Every racer starts from the same weights: one value at step 0.
    for (const r of race) expect(first(r.nll)).toBeCloseTo(first(curve.nll), 5);
    const m = await run.metrics();
    expect(m.nll).toBeCloseTo(last(curve.nll), 5);
    run.dispose();
  });

  it('switches method live, keeping the weights; shape changes rebuild', async () => {
    const run = binaryLatentsExperiment.create(1, { raceWakeSleep: false, raceReinforce: false, raceGumbel: false });
    await run.step(20);
    const r = run.setParams({ method: 'rloo', tau: 0.2, learningRate: 0.01 });
    expect(r.rebuilt).toBe(false);
    await run.step(10);
    let snap = await run.snapshot();
    expect(snap.step).toBe(30);
    expect(data(snap).method).toBe('rloo');
    expect((data(snap).events as { text: string }[]).map((e) => e.text).join()).toContain('RLOO');
    // RLOO with one sample per image has no "other" sample: it refuses with a reason and waits.
    run.setParams({ samples: 1 });
    await run.step(5);
    snap = await run.snapshot();
    expect(snap.step).toBe(30);
    expect(data(snap).mainStatus).toBe('refused');
    expect(String(data(snap).mainReason)).toMatch(/at least 2 samples/);
    run.setParams({ samples: 2 });
    await run.step(5);
    expect((await run.snapshot()).step).toBe(35);
    const rebuilt = run.setParams({ latents: 24 });
    expect(rebuilt.rebuiltBy).toEqual(['latents']);
    snap = await run.snapshot();
    expect(snap.step).toBe(0);
    expect((data(snap).qProbs as Float32Array).length).toBe(24);
    run.setParams({ side: 5 });
    snap = await run.snapshot();
    expect((data(snap).probeRecon as Float32Array).length).toBe(25);
    expect(data(snap).dataEntropy).toBeCloseTo(barsAndStripesEntropy(5), 10);
    run.dispose();
  });

  it('refuses sizes beyond the memory limit, with a reason, and τ below 0.01 is clamped', async () => {
    const run = binaryLatentsExperiment.create(1, { latents: 64, side: 8, evalSamples: 4096, raceReinforce: false, raceGumbel: false });
    const snap = await run.snapshot();
    expect(String(data(snap).refused)).toMatch(/over the limit of 2\^24/);
    expect((await run.step(5)).taken).toBe(0);
    run.setParams({ evalSamples: 16 });
    expect(data(await run.snapshot()).refused).toBeNull();
    expect((await run.step(2)).taken).toBe(2);
    const clamped = run.setParams({ tau: 0.0001 });
    expect(clamped.applied.tau).toBe(0.01);
    expect(clamped.problems[0]!.key).toBe('tau');
    run.dispose();
  });

  it('catches NaN at the step it appears and rolls back to finite weights', async () => {
    const run = binaryLatentsExperiment.create(1, { raceReinforce: false, raceGumbel: false, raceWakeSleep: false });
    await run.step(10);
    const cp = await run.checkpoint!();
    const bad = cp.arrays['main.weights']!.slice();
    bad[0] = NaN;
    run.restore!({ ...cp, arrays: { ...cp.arrays, 'main.weights': bad } });
    const result = await run.step(5);
    expect(result.diverged?.step).toBe(11);
    expect(result.diverged?.lastGoodStep).toBe(10);
    expect(result.diverged?.reason).toMatch(/NaN or infinite/);
    expect(run.rollback!()).toBe(true);
    run.restore!(cp);
    const after = await run.step(5);
    expect(after.diverged).toBeNull();
    run.dispose();
  });

  it('keeps the tensor count flat while training and snapshotting', async () => {
    const run = binaryLatentsExperiment.create(2, { raceReinforce: false, raceGumbel: false, raceRloo: true });
    await run.step(10);
    await run.snapshot();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await run.step(10);
      await run.snapshot();
      run.setParams({ method: i % 2 ? 'concrete' : 'wake-sleep' });
    }
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
  });
});
