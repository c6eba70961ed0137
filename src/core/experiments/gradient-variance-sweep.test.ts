/**
 * The N sweep through the experiment's snapshots: it fills in a few cells per snapshot, restarts when
 * a parameter it depends on changes, fits the expected log-log slopes (score function ≈ 2 without a
 * baseline, ≈ 1 with the exact-mean baseline), refuses N × K over the memory limit with a reason, and
 * the snapshot carries a bounded sample of single estimates per estimator. This file tests the sweep's
 * plumbing on one seed; the slope claims themselves (variance slope ≈ 2 and ≈ 1, SNR ≈ −1 and −1/2)
 * are tested on all 5 seeds in estimators/variance-scaling.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { GradientVarianceFrame } from './gradient-variance.schema';
import type { Run, Snapshot } from '../experiment';
import { gradientVarianceExperiment } from './gradient-variance';
import { sweepLadder } from './gradient-variance-sweep';
import { disposedAfterEach } from './test-runs';

const create = disposedAfterEach(gradientVarianceExperiment);

interface Fit {
  slope: number;
  intercept: number;
  from: number;
}
interface SweepSeries {
  key: string;
  n: Float32Array;
  variance: Float32Array;
  snr: Float32Array;
  zeroAt: Float32Array;
  reasons: string[];
  varianceFit: Fit | null;
  snrFit: Fit | null;
}
interface Sweep {
  ok: boolean;
  reason: string | null;
  ladder: Float32Array;
  measured: number;
  nextN: number | null;
  series: SweepSeries[];
}
const sweepOf = (s: Snapshot<GradientVarianceFrame>) => s.data.sweep as unknown as Sweep;

async function runSweep(run: Run<GradientVarianceFrame>, limit = 200): Promise<Snapshot<GradientVarianceFrame>> {
  let s = await run.snapshot();
  for (let i = 0; i < limit && run.pendingWork!(); i++) s = await run.snapshot();
  expect(run.pendingWork!()).toBe(false);
  return s;
}

const ONLY = { exact: false, sf: false, sfOracle: false, sfAverage: false, sfOptimal: false, rloo: false, st: false, concrete: false, stGumbel: false, rebar: false, arm: false, disarm: false, pathwise: false };

describe('the N sweep', () => {
  it('ladder: powers of two up to the maximum, and the maximum', () => {
    expect(sweepLadder(1)).toEqual([1]);
    expect(sweepLadder(16)).toEqual([1, 2, 4, 8, 16]);
    expect(sweepLadder(100)).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
  });

  it('fills in progressively and fits slope ≈ 2 without a baseline, ≈ 1 with the exact mean', async () => {
    const run = create(1, { ...ONLY, problem: 'units', n: 256, k: 2, exact: true, sf: true, sfOracle: true, disarm: true });
    const first = sweepOf(await run.snapshot());
    expect(first.ok).toBe(true);
    expect(Array.from(first.ladder)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(first.measured).toBeLessThan(9);
    expect(run.pendingWork!()).toBe(true);
    const s = sweepOf(await runSweep(run));
    expect(s.measured).toBe(9);
    expect(s.nextN).toBeNull();
    const by = (k: string) => s.series.find((x) => x.key === k)!;
    expect(by('sf').n).toHaveLength(9);
    expect(Math.abs(by('sf').varianceFit!.slope - 2)).toBeLessThan(0.35);
    expect(Math.abs(by('sfOracle').varianceFit!.slope - 1)).toBeLessThan(0.35);
    expect(by('sf').varianceFit!.from).toBe(4);
    // SNR falls as the variance grows: about −1 and −1/2.
    expect(by('sf').snrFit!.slope).toBeLessThan(-0.6);
    // DisARM's antithetic pair differs in the other units too, but their mean cancels: it grows like the baselined one.
    expect(by('disarm').varianceFit!.slope).toBeLessThan(1.4);
    // The exact gradient has no variance to plot, and says where.
    expect(by('exact').n).toHaveLength(0);
    expect(by('exact').zeroAt).toHaveLength(9);
  });

  it('restarts when t, K or τ change (and on every rebuild), not on the learning rate', async () => {
    const run = create(2, { ...ONLY, problem: 'units', n: 64, sf: true });
    await runSweep(run);
    run.setParams({ learningRate: 0.05 });
    expect(run.pendingWork!()).toBe(false);
    run.setParams({ t: 0.4 });
    expect(run.pendingWork!()).toBe(true);
    await runSweep(run);
    run.setParams({ n: 32 });
    expect(run.pendingWork!()).toBe(true);
    const s = sweepOf(await runSweep(run));
    expect(Array.from(s.ladder)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('RLOO at K = 1 and N × K over the memory limit give reasons, not points', async () => {
    const run = create(3, { ...ONLY, problem: 'units', n: 4096, k: 8192, sf: true });
    const s = sweepOf(await runSweep(run));
    const sf = s.series.find((x) => x.key === 'sf')!;
    expect(Array.from(sf.n)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]);
    expect(sf.reasons.join(' ')).toMatch(/N ≥ 4096 not measured: K × N = 33554432 is over the 2\^24-element memory limit/);
    run.setParams({ k: 1, n: 8, rloo: true });
    const r = sweepOf(await runSweep(run)).series.find((x) => x.key === 'rloo')!;
    expect(r.n).toHaveLength(0);
    expect(r.reasons.join(' ')).toMatch(/K ≥ 2/);
  });

  it('the Gaussian unit has no sweep, and says why', async () => {
    const run = create(1, { problem: 'gaussian' });
    const s = sweepOf(await run.snapshot());
    expect(s.ok).toBe(false);
    expect(s.reason).toMatch(/binary units/);
    expect(run.pendingWork!()).toBe(false);
  });

  it('each estimator carries at most 256 finite single estimates', async () => {
    const run = create(1, { k: 4 });
    const s = await run.snapshot();
    const list = s.data.estimators as unknown as { key: string; stats: { ok: boolean; draws: { values: Float32Array; nonFinite: number } | null } }[];
    const sf = list.find((e) => e.key === 'sf')!;
    expect(sf.stats.draws!.values.length).toBeGreaterThan(0);
    expect(sf.stats.draws!.values.length).toBeLessThanOrEqual(256);
    expect(sf.stats.draws!.nonFinite).toBe(0);
    expect(list.find((e) => e.key === 'pathwise')!.stats.draws).toBeNull();
  });

  it('leaks no tensors while sweeping', async () => {
    const before = tf.memory().numTensors;
    const run = gradientVarianceExperiment.create(1, { ...ONLY, problem: 'units', n: 16, sf: true, sfAverage: true, rloo: true, rebar: true });
    await run.snapshot();
    const steady = tf.memory().numTensors;
    await runSweep(run);
    expect(tf.memory().numTensors).toBe(steady);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
