import { describe, expect, it } from 'vitest';
import { mixtureDensityExperiment, GRID } from './mixture-density';
import { LEARNER_IDS, MAX_COMPONENTS, mixtureDensitySchema, type MixtureDensityFrame } from './mixture-density.schema';
import { validatePartial } from '../../params/kinds';
import { MixtureRace, type RaceSettings } from '../mixture/race';
import { SeedSweep } from '../mixture/sweep';
import type { Snapshot } from '../experiment';

const frameOf = (s: Snapshot<MixtureDensityFrame>) => s.data;
const only = (ids: string[]) => Object.fromEntries(LEARNER_IDS.map((id) => [id, ids.includes(id)]));

describe('mixture-density: the claim over seeds', () => {
  for (const task of ['inverse', 'arms'] as const) {
    it(`${task}: the MDN covers the three modes (≥ 2.7 of 3 where there are three, ≥ 4 of 5 seeds); the single Gaussian covers at most 1 (all 5)`, async () => {
      let mdnGood = 0;
      for (const seed of [1, 2, 3, 4, 5]) {
        const run = mixtureDensityExperiment.create(seed, { task, ...only(['single', 'mdn']) });
        await run.step(1500);
        const m = await run.metrics();
        if (m.mdnModesAtThree! >= 2.7) mdnGood++;
        expect(m.singleModesAtThree!).toBeLessThanOrEqual(1);
        expect(m.mdnTestNll!).toBeLessThan(m.singleTestNll!);
      }
      expect(mdnGood).toBeGreaterThanOrEqual(4);
    });
  }
});

describe('mixture-density run', () => {
  it('the same seed and settings give the same metrics; another seed does not', async () => {
    const a = mixtureDensityExperiment.create(7, {});
    const b = mixtureDensityExperiment.create(7, {});
    const c = mixtureDensityExperiment.create(8, {});
    await Promise.all([a.step(40), b.step(40), c.step(40)]);
    expect(await a.metrics()).toEqual(await b.metrics());
    expect((await c.metrics()).mdnTestNll).not.toBe((await a.metrics()).mdnTestNll);
  });

  it('switching a learner off and on keeps the step and leaves the other learners exactly as they would be', async () => {
    const a = mixtureDensityExperiment.create(3, {});
    const b = mixtureDensityExperiment.create(3, {});
    await a.step(30);
    await b.step(10);
    const r = b.setParams({ wta: false, gumbel: false });
    expect(r.rebuilt).toBe(false);
    await b.step(10);
    b.setParams({ wta: true, gumbel: true });
    await b.step(10);
    const ma = await a.metrics();
    const mb = await b.metrics();
    expect(mb.step).toBe(30);
    expect(mb.wtaSteps).toBe(20);
    for (const id of ['single', 'mdn', 'ewta', 'score', 'em']) expect(mb[`${id}TestNll`]).toBe(ma[`${id}TestNll`]);
    expect(mb.wtaTestNll).not.toBe(ma.wtaTestNll);
  });

  it('a checkpoint restored into a fresh run continues exactly', async () => {
    const a = mixtureDensityExperiment.create(5, { components: 4 });
    await a.step(45);
    const cp = await a.checkpoint!();
    const b = mixtureDensityExperiment.create(5, { components: 4 });
    b.restore!(cp);
    await a.step(25);
    await b.step(25);
    expect(await b.metrics()).toEqual(await a.metrics());
    // A checkpoint of another shape is ignored.
    const c = mixtureDensityExperiment.create(5, { components: 5 });
    c.restore!(cp);
    expect((await c.metrics()).step).toBe(0);
  });

  it('variance collapse (floor 0, learning rate 0.1, K = 5, seed 1, four learners) stops the learners it hits, with a message, and the others go on', async () => {
    const run = mixtureDensityExperiment.create(1, { floor: 0, lr: 0.1, components: 5, ...only(['single', 'mdn', 'wta', 'em']) });
    await run.step(1000);
    const f = frameOf(await run.snapshot());
    const stopped = f.rows.filter((r) => r.status === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
    for (const r of stopped) {
      expect(r.stopKind).toBe('variance');
      expect(r.message).toMatch(/σ fell to .* Raise the variance floor/);
      expect(r.steps).toBeLessThan(1000);
    }
    const going = f.rows.filter((r) => r.status === 'training');
    expect(going.length).toBeGreaterThan(0);
    for (const r of going) expect(r.steps).toBe(1000);
  });

  it('a NaN in one learner stops that learner only, at the step, with the reason', () => {
    const set: RaceSettings = { task: 'inverse', size: 200, noise: 0.05, init: 1, batch: 8, K: 3, D: 1, H: 6, floor: 0.01, lr: 0.01, epsilon: 0.2, tau: 0.5 };
    const race = new MixtureRace(2, set);
    race.step(() => true, set);
    race.learner('ewta').params[3] = NaN;
    race.step(() => true, set);
    race.step(() => true, set);
    const l = race.learner('ewta');
    expect(l.stop).toMatchObject({ kind: 'nan', step: 2 });
    expect(l.stop!.reason).toMatch(/stopped being finite numbers at its step 2.*the other learners carry on/);
    expect(l.steps).toBe(2);
    for (const other of race.learners) if (other.id !== 'ewta') expect([other.steps, other.stop]).toEqual([3, null]);
  });

  it(`refuses more than ${MAX_COMPONENTS} components with the reason, and keeps the run`, () => {
    const { values, problems } = validatePartial(mixtureDensitySchema, { components: 500 });
    expect(values.components).toBe(MAX_COMPONENTS);
    expect(problems[0]!.reason).toMatch(/outside 1–32/);
    expect(mixtureDensitySchema.components.help).toMatch(/At most 32/);
    const run = mixtureDensityExperiment.create(1, {});
    const r = run.setParams({ components: 'lots' });
    expect(r.problems[0]!.reason).toMatch(/not a number/);
    expect(run.params().components).toBe(3);
  });

  it('the snapshot carries a non-blank p(y | x) per switched-on learner, as fresh typed arrays, for both tasks', async () => {
    for (const task of ['inverse', 'arms'] as const) {
      const run = mixtureDensityExperiment.create(1, { task, ...only(['single', 'mdn', 'em']) });
      await run.step(100);
      const s1 = await run.snapshot();
      const s2 = await run.snapshot();
      const f = frameOf(s1);
      expect(f.D).toBe(task === 'inverse' ? 1 : 2);
      for (const r of f.rows) {
        if (!r.enabled) {
          expect(r.heat.length).toBe(0);
          continue;
        }
        expect(r.heat.length).toBe(GRID * GRID);
        const max = r.heat.reduce((a, b) => Math.max(a, b), 0);
        expect(max).toBeGreaterThan(0.1);
        expect(r.heat.every(Number.isFinite)).toBe(true);
        expect(r.heat).not.toBe(frameOf(s2).rows.find((x) => x.id === r.id)!.heat);
        expect(r.weights.length).toBe(f.componentXs.length * r.components);
      }
      expect(f.dataX.length).toBeGreaterThan(10);
      expect(f.truthX.length).toBe(task === 'inverse' ? 200 : 3);
    }
  });

  it('a change of K rebuilds (the step returns to 0); a change of noise keeps the weights', async () => {
    const run = mixtureDensityExperiment.create(1, {});
    await run.step(20);
    expect(run.setParams({ noise: 0.1 }).rebuilt).toBe(false);
    expect((await run.metrics()).step).toBe(20);
    const r = run.setParams({ components: 4 });
    expect(r).toMatchObject({ rebuilt: true, rebuiltBy: ['components'] });
    expect((await run.metrics()).step).toBe(0);
  });
});

describe('seed sweep', () => {
  it('scores every learner once per seed and counts outcomes consistently (2 seeds × 300 steps)', () => {
    const set: RaceSettings = { task: 'inverse', size: 500, noise: 0.05, init: 1, batch: 16, K: 3, D: 1, H: 12, floor: 0, lr: 0.1, epsilon: 0.2, tau: 0.5 };
    const sweep = new SeedSweep(4, set, 2, 300);
    let guard = 0;
    while (!sweep.finished() && guard++ < 1000) sweep.advance(50);
    expect(sweep.done).toBe(2);
    const rows = sweep.rows();
    expect(rows.map((r) => r.id)).toEqual([...LEARNER_IDS]);
    for (const r of rows) {
      expect(r.runs).toBe(2);
      expect(r.nan + r.variance).toBeLessThanOrEqual(2);
      expect(r.allModes).toBeLessThanOrEqual(2 - r.nan);
    }
    // The same sweep again gives the same counts.
    const again = new SeedSweep(4, set, 2, 300);
    while (!again.finished()) again.advance(300);
    expect(again.rows()).toEqual(rows);
  });
});
