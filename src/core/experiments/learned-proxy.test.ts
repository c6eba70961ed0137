import { describe, expect, it } from 'vitest';
import { armMeans, learnedProxyExperiment } from './learned-proxy';
import { learnedProxySchema } from './learned-proxy.schema';
import { validatePartial } from '../../params/kinds';
import { Critic } from '../policy/critic';
import { createRng } from '../rng';
import { BUMPS, bestReward, expectedReward, reward, rewardSlope } from '../policy/gaussian-bandit';
import type { Snapshot } from '../experiment';

type Rec = Record<string, unknown>;
const data = (s: Snapshot<object>) => s.data as Rec;

describe('learned-proxy building blocks', () => {
  it('J(μ, σ) in closed form equals the integral of r against the Gaussian (quadrature, 1e-6)', () => {
    for (const [mu, sigma] of [[0, 1], [1.2, 0.3], [-2.5, 0.8]] as const) {
      let sum = 0;
      const h = 0.001;
      for (let a = -12; a <= 12; a += h) sum += reward(a) * Math.exp(-((a - mu) ** 2) / (2 * sigma ** 2)) * h;
      expect(expectedReward(mu, sigma)).toBeCloseTo(sum / (sigma * Math.sqrt(2 * Math.PI)), 6);
    }
    // Best J: the tall bump's height (its neighbour adds less than 1e-3 at its centre).
    expect(bestReward()).toBeCloseTo(BUMPS[0]!.height, 3);
  });

  it('dr/da and the critic’s ∂critic/∂x match central differences (1e-6)', () => {
    for (const a of [-2.2, 0.3, 1.7]) expect(rewardSlope(a)).toBeCloseTo((reward(a + 1e-5) - reward(a - 1e-5)) / 2e-5, 6);
    const critic = new Critic(3, 8, createRng(5), 0.7);
    const x = Float64Array.from([0.2, -0.4, 0.9]);
    const g = new Float64Array(3);
    critic.inputGradient(x, g);
    for (let i = 0; i < 3; i++) {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[i] = up[i]! + 1e-5;
      down[i] = down[i]! - 1e-5;
      expect(g[i]).toBeCloseTo((critic.predict(up) - critic.predict(down)) / 2e-5, 6);
    }
  });

  it('the critic fits the reward curve from noiseless samples (mean squared error below 2e-3)', () => {
    const rng = createRng(3);
    const critic = new Critic(1, 24, createRng(4), 0.5);
    const n = 256;
    const xs = Float64Array.from({ length: n }, (_, i) => -4 + (8 * i) / (n - 1));
    const ys = xs.map((a) => reward(a));
    const rows = new Int32Array(32);
    for (let t = 0; t < 3000; t++) {
      for (let k = 0; k < 32; k++) rows[k] = rng.int(n);
      critic.fit(xs, ys, rows, 0.01);
    }
    let mse = 0;
    for (let i = 0; i < n; i++) mse += (critic.predict(xs, i) - ys[i]!) ** 2 / n;
    expect(mse).toBeLessThan(2e-3);
  });
});

describe('learned-proxy experiment', () => {
  it('continuous bandit: backprop through the learned critic reaches 90% of the best reward in fewer samples than REINFORCE (all 5 seeds)', async () => {
    // Measured (critic, REINFORCE) samples to 90 %, seeds 1–5: (240, 292), (250, 294), (302, 468), (222, 338), (204, 434).
    // The claim is speed to the target, not the final value: after long training REINFORCE's
    // policy can end slightly higher (issue 13 item 5: 0.996 against the critic's 0.905).
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = learnedProxyExperiment.create(seed, {});
      await run.step(400);
      const m = await run.metrics();
      expect(m.criticReachedAt, `seed ${seed}`).toBeLessThan(m.reinforceReachedAt!);
      expect(Number.isFinite(m.oracleReachedAt), `seed ${seed}`).toBe(true);
      // The learning curves are the exact J(μ, σ) of each policy, against samples (2 per step).
      const snap = await run.snapshot();
      const xs = data(snap).curveSamples as Float32Array;
      expect(xs[xs.length - 1]).toBe(800);
      const policies = data(snap).policies as Record<string, { mu: number; sigma: number }>;
      expect((data(snap).value as Record<string, number>).critic).toBeCloseTo(expectedReward(policies.critic!.mu, policies.critic!.sigma), 10);
    }
  });

  it('a diverging critic is reported and stops only its own learner; REINFORCE and the oracle keep learning', async () => {
    const run = learnedProxyExperiment.create(1, { criticLr: 10 });
    const result = await run.step(300);
    expect(result.diverged).toBeNull();
    const snap = await run.snapshot();
    const d = data(snap);
    expect(d.criticDiverged).not.toBeNull();
    expect((d.criticDiverged as { reason: string }).reason).toMatch(/critic/);
    expect((d.stopped as Record<string, boolean>).critic).toBe(true);
    expect((d.criticCurve as Float32Array).length).toBe(0);
    const m = await run.metrics();
    expect(m.reinforceValue).toBeGreaterThan(0.9 * m.best!);
    expect(m.oracleValue).toBeGreaterThan(0.9 * m.best!);
    expect(Number.isFinite(m.criticValue)).toBe(true);
    // A sane learning rate restarts the critic learner without resetting the others.
    run.setParams({ criticLr: 0.01 });
    await run.step(300);
    const after = await run.metrics();
    expect(after.criticDiverged).toBe(0);
    expect(after.step).toBe(600);
    expect(after.criticValue).toBeGreaterThan(0.8 * after.best!);
  });

  it('discrete arms: REINFORCE, straight-through and Gumbel-softmax through the critic, and the exact gradient all climb above 0.9 (all 5 seeds)', async () => {
    // Measured: every learner between 0.973 and 0.997 after 500 steps on seeds 1–5.
    for (const seed of [1, 2, 3, 4, 5])
    for (const relaxation of ['st-gumbel', 'gumbel-softmax'] as const) {
      const means = armMeans(8, seed);
      expect(Math.max(...means)).toBe(1);
      const run = learnedProxyExperiment.create(seed, { action: 'discrete', relaxation });
      const start = await run.metrics();
      // Uniform start: the mean of the arm means.
      expect(start.oracleValue).toBeCloseTo(means.reduce((a, b) => a + b, 0) / 8, 10);
      await run.step(500);
      const m = await run.metrics();
      for (const name of ['reinforce', 'critic', 'oracle']) expect(m[`${name}Value`], `seed ${seed} ${relaxation} ${name}`).toBeGreaterThan(0.9);
      const snap = await run.snapshot();
      expect((data(snap).criticCurve as Float32Array).length).toBe(8);
      const probs = (data(snap).policies as Record<string, { probs: Float32Array }>).oracle!.probs;
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('applies batch and learning rates live, rebuilds for the action kind, and clamps extreme values with a reason', async () => {
    const run = learnedProxyExperiment.create(1, {});
    await run.step(10);
    const live = run.setParams({ batch: 8, criticLr: 0.02, arms: 12 });
    expect(live.rebuilt).toBe(false);
    expect((await run.snapshot()).step).toBe(10);
    const shape = run.setParams({ action: 'discrete' });
    expect(shape.rebuiltBy).toEqual(['action']);
    expect((await run.snapshot()).step).toBe(0);
    expect((data(await run.snapshot()).grid as Float32Array).length).toBe(12);
    // The sample budget stops training, and raising it carries on.
    const budgeted = learnedProxyExperiment.create(1, { budget: 400, batch: 4 });
    expect((await budgeted.step(1000)).taken).toBe(100);
    expect((await budgeted.step(10)).taken).toBe(0);
    expect(data(await budgeted.snapshot()).done).toBe(true);
    budgeted.setParams({ budget: 500 });
    expect((await budgeted.step(1000)).taken).toBe(25);
    const bad = validatePartial(learnedProxySchema, { criticLr: 1e9, tau: 0 });
    expect(bad.values.criticLr).toBe(100);
    expect(bad.values.tau).toBe(0.1);
    expect(bad.problems.map((p) => p.key).sort()).toEqual(['criticLr', 'tau']);
  });

  it('a checkpoint restored into a fresh run carries on exactly as the original (a restarted worker resumes)', async () => {
    for (const params of [{}, { action: 'discrete', arms: 5, relaxation: 'gumbel-softmax' }]) {
      const original = learnedProxyExperiment.create(3, params);
      await original.step(15);
      const cp = await original.checkpoint!();
      const buffers = Object.values(cp.arrays).map((a) => a.buffer);
      expect(new Set(buffers).size).toBe(buffers.length);
      const copy = learnedProxyExperiment.create(3, params);
      copy.restore!(cp);
      expect(await copy.metrics()).toEqual(await original.metrics());
      await original.step(10);
      await copy.step(10);
      expect(await copy.snapshot()).toEqual(await original.snapshot());
      expect(await copy.metrics()).toEqual(await original.metrics());
      expect((await copy.metrics()).step).toBe(25);
    }
    // A checkpoint of another shape is not forced onto this run; missing keys do not throw.
    const cp = await learnedProxyExperiment.create(3, {}).checkpoint!();
    for (const params of [{ action: 'discrete' }, { criticHidden: 8 }]) {
      const other = learnedProxyExperiment.create(3, params);
      await other.step(2);
      const before = await other.snapshot();
      other.restore!(cp);
      expect(await other.snapshot()).toEqual(before);
    }
    const bare = learnedProxyExperiment.create(3, {});
    expect(() => bare.restore!({ step: 4, arrays: {}, numbers: {} })).not.toThrow();
    expect((await bare.snapshot()).step).toBe(4);
  });
});
