/**
 * The internal-models claims over seeds, with the rules stated:
 *  - the selector's choice matches the true regime (each model labelled by the regime it served most)
 *    on ≥ 95 % of the steps that come at least 2 selector windows after a switch to a regime seen
 *    before — normal/reversed and all four regimes: all 5 seeds;
 *  - after a switch to a regime seen before, the collection recovers (its 10-step mean cost within
 *    2× the reference's + 0.002) in fewer steps than the single model: median over the run's revisits,
 *    all 5 seeds (normal/reversed, where every switch changes what a push does).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { internalModelsExperiment } from './internal-models';
import { MAX_ERROR_SLOTS, type InternalModelsFrame } from './internal-models.schema';
import type { Run } from '../experiment';

const SEEDS = [1, 2, 3, 4, 5];
const frameOf = async (run: Run<InternalModelsFrame>) => (await run.snapshot()).data;

describe('internal-models over seeds', () => {
  const nr: Record<string, number>[] = [];
  const all: Record<string, number>[] = [];
  beforeAll(async () => {
    for (const seed of SEEDS) {
      const a = internalModelsExperiment.create(seed, { regimes: 'normal-reversed', budget: 6000 });
      await a.step(6000);
      nr.push(await a.metrics());
      const b = internalModelsExperiment.create(seed, { regimes: 'all', budget: 5000 });
      await b.step(5000);
      all.push(await b.metrics());
    }
  }, 60_000);

  it('normal/reversed: the selector matches the true regime on ≥ 95 % of settled steps, all 5 seeds, with one model per regime', () => {
    for (const m of nr) {
      expect(m.selectorEligibleSteps).toBeGreaterThan(3000);
      expect(m.selectorMatchRate).toBeGreaterThanOrEqual(0.95);
      expect(m.modelsMade).toBeGreaterThanOrEqual(2);
      expect(m.modelsMade).toBeLessThanOrEqual(3);
    }
  });

  it('all four regimes: ≥ 95 % on all 5 seeds, with one model per regime on at least 4 of them', () => {
    for (const m of all) {
      expect(m.selectorEligibleSteps).toBeGreaterThan(2500);
      expect(m.selectorMatchRate).toBeGreaterThanOrEqual(0.95);
    }
    expect(all.filter((m) => m.modelsMade === 4).length).toBeGreaterThanOrEqual(4);
  });

  it('on a revisit the collection recovers in fewer steps than the single model (median over ≥ 8 revisits, all 5 seeds)', () => {
    for (const m of nr) {
      expect(m.revisitBlocks).toBeGreaterThanOrEqual(8);
      expect(m.recoveryRevisitCollection).toBeLessThan(m.recoveryRevisitSingle!);
    }
  });

  it('the single model forgets: on the regime not in force at the end, its held-out error is > 3× the collection’s best, which stays < 0.2 (all 5 seeds)', () => {
    // Blocks alternate normal/reversed, so after 15 blocks of 400 steps the normal regime is in force;
    // the single model has fitted it and lost the reversed one, the collection keeps a model for each.
    for (const m of nr) {
      expect(m.regimeNow).toBe(0);
      expect(m['heldOutErrorCollection.reversed']).toBeLessThan(0.2);
      expect(m['heldOutErrorSingle.reversed']).toBeGreaterThan(3 * m['heldOutErrorCollection.reversed']!);
    }
  });
});

describe('internal-models run contract', () => {
  it('the same seed and settings give the same run, step for step', async () => {
    const a = internalModelsExperiment.create(9, { block: 200 });
    const b = internalModelsExperiment.create(9, { block: 200 });
    await a.step(900);
    await b.step(500);
    await b.step(400);
    expect(await b.metrics()).toEqual(await a.metrics());
  });

  it('a checkpoint restored in a fresh run continues exactly as the original', async () => {
    const a = internalModelsExperiment.create(4, { block: 150 });
    await a.step(700);
    const c = await a.checkpoint!();
    const b = internalModelsExperiment.create(4, { block: 150 });
    b.restore!(structuredClone(c));
    expect((await b.snapshot()).step).toBe(700);
    await a.step(500);
    await b.step(500);
    expect(await b.metrics()).toEqual(await a.metrics());
    const fa = await frameOf(a);
    const fb = await frameOf(b);
    expect(Array.from(fb.timelineCharge)).toEqual(Array.from(fa.timelineCharge));
    expect(Array.from(fb.historyHeldSingle[1]!)).toEqual(Array.from(fa.historyHeldSingle[1]!));
  });

  it('a checkpoint of another model width, or a broken one, is ignored', async () => {
    const a = internalModelsExperiment.create(4, { hidden: 8 });
    await a.step(300);
    const c = await a.checkpoint!();
    const b = internalModelsExperiment.create(4, { hidden: 12 });
    b.restore!(c);
    expect((await b.snapshot()).step).toBe(0);
    const d = internalModelsExperiment.create(4, { hidden: 8 });
    d.restore!({ ...c, arrays: { ...c.arrays, collection: new Float32Array(3) } });
    expect((await d.snapshot()).step).toBe(0);
  });

  it('live settings apply without a reset; the model width rebuilds', async () => {
    const run = internalModelsExperiment.create(2, {});
    await run.step(300);
    const r = run.setParams({ threshold: 0.2, window: 20, explore: 0.5, schedule: 'manual', regime: 'reversed' });
    expect(r.rebuilt).toBe(false);
    expect(r.problems).toEqual([]);
    await run.step(50);
    const f = await frameOf(run);
    expect(f.steps).toBe(350);
    expect(f.regime).toBe(1);
    expect(f.switchSteps[f.switchSteps.length - 1]).toBe(300);
    const s = run.setParams({ hidden: 6 });
    expect(s.rebuilt).toBe(true);
    expect(s.rebuiltBy).toEqual(['hidden']);
    expect((await run.snapshot()).step).toBe(0);
  });

  it('refuses, with the reason, a window × model cap that does not fit and a cap below the models made', async () => {
    const run = internalModelsExperiment.create(1, { regimes: 'normal-reversed' });
    const r = run.setParams({ window: 400, maxModels: 8 });
    expect(r.applied.window).toBe(Math.floor(MAX_ERROR_SLOTS / 8));
    expect(r.problems[0]!.key).toBe('window');
    expect(r.problems[0]!.reason).toMatch(/3200 stored errors, more than the 1200/);
    expect((await frameOf(run)).refusal).toMatch(/^Selector window \(steps\): a window of 400 steps for 8 models/);
    const fromLink = internalModelsExperiment.create(1, { window: 400, maxModels: 8 });
    expect(fromLink.params().window).toBe(150);
    expect((await frameOf(fromLink)).refusal).toMatch(/reduced to 150/);
    await run.step(2000);
    const made = (await run.metrics()).modelsMade!;
    expect(made).toBeGreaterThanOrEqual(2);
    const s = run.setParams({ maxModels: 1 });
    expect(s.applied.maxModels).toBe(made);
    expect(s.problems[0]!.reason).toMatch(/already exist/);
    expect(run.params().maxModels).toBe(made);
  });

  it('a learner whose model blows up stops alone, with a message; the reference goes on', async () => {
    const run = internalModelsExperiment.create(3, { lr: 10, budget: 2000 });
    const res = await run.step(2000);
    expect(res.diverged).toBeNull();
    expect(res.taken).toBe(2000);
    const f = await frameOf(run);
    expect(f.stopped[0]).toMatch(/^the single model stopped at step \d+: (planning through its model gave a push|its model’s weights or loss became NaN)/);
    expect(f.stopped[2]).toBeNull();
    expect(Number.isFinite(f.costReference[f.costReference.length - 1]!)).toBe(true);
    expect(Number.isNaN(f.costSingle[f.costSingle.length - 1]!)).toBe(true);
  });

  it('stops at the budget; the snapshot carries fresh typed arrays of the documented sizes', async () => {
    const run = internalModelsExperiment.create(1, { budget: 1000 });
    const r = await run.step(5000);
    expect(r.taken).toBe(1000);
    const f = await frameOf(run);
    expect(f.done).toBe(true);
    expect(f.timelineRegime).toBeInstanceOf(Uint8Array);
    expect(f.timelineRegime.length).toBe(600);
    expect(f.costCollection.length).toBe(600);
    expect(f.historyModelErrors.length).toBe(8);
    expect(f.modelErrors.length).toBe(f.models);
    expect(f.positions.length).toBe(3);
  });
});
