import { describe, expect, it } from 'vitest';
import { checkFinite, EVAL_EPISODES, fatalStateExperiment } from './fatal-state';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { FATAL, makeWorld, moveFrom } from '../world/gridworld';
import { LearnedModel, SafeExplorer } from '../world/learned-model';
import { valueIteration, greedyPath } from '../world/planning';
import { createRng } from '../rng';
import type { RunCheckpoint, Snapshot } from '../experiment';

type Rec = Record<string, unknown>;
const data = (s: Snapshot<object>) => s.data as Rec;

describe('fatal-state experiment', () => {
  it('the planner never falls in 100 greedy episodes from random starts; Q-learning fell while training (all 5 seeds)', async () => {
    // Measured Q-learning falls in 300 steps, seeds 1–5: 47, 52, 54, 61, 45; the planner's: 0 on every seed.
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = fatalStateExperiment.create(seed, {});
      await run.step(300);
      const m = await run.metrics();
      expect(m.evalEpisodes).toBe(EVAL_EPISODES);
      expect(m.evalPlannerFalls, `seed ${seed}`).toBe(0);
      expect(m.evalPlannerGoals, `seed ${seed}`).toBe(EVAL_EPISODES);
      expect(m.plannerFalls, `seed ${seed}`).toBe(0);
      expect(m.dataFalls).toBe(0);
      expect(m.qFalls, `seed ${seed}`).toBeGreaterThan(0);
      // The safe data never entered a fatal cell.
      const snap = await run.snapshot();
      const cells = data(snap).cells as Uint8Array;
      const visits = data(snap).dataVisits as Float32Array;
      for (let c = 0; c < cells.length; c++) if (cells[c] === FATAL) expect(visits[c]).toBe(0);
      expect(data(snap).dataSize).toBe(500);
    }
  });

  it('on the cliff, the planner takes the 9-move shortest safe path (return −9, every move costing 1)', async () => {
    const run = fatalStateExperiment.create(1, {});
    await run.step(100);
    const snap = await run.snapshot();
    const path = Array.from(data(snap).plannerPath as Int32Array);
    // Up from the start, 7 right along the row above the edge, down to the goal: 9 moves.
    expect(path[0]).toBe(40);
    expect(path[path.length - 1]).toBe(47);
    expect(path.length - 1).toBe(9);
    const returns = data(snap).plannerReturn as Float32Array;
    expect(returns[returns.length - 1]).toBe(-9);
  });

  it('without the told rule the planner walks off the cliff: the fatal consequence is not in the data', async () => {
    const run = fatalStateExperiment.create(1, { told: false });
    await run.step(100);
    const m = await run.metrics();
    expect(m.plannerFalls).toBeGreaterThan(0);
    expect(m.evalPlannerFalls).toBeGreaterThan(0);
    run.setParams({ told: true });
    const m2 = await run.metrics();
    expect(m2.evalPlannerFalls).toBe(0);
  });

  it('learns the move model from safe moves: deterministic moves give P(intended direction) = 1', () => {
    const world = makeWorld('cliff', 0, 100);
    const explorer = new SafeExplorer(world);
    const rng = createRng(7);
    while (explorer.data.length < 2000) explorer.episode(rng, 2000);
    const model = new LearnedModel(world);
    model.absorb(explorer.data, 2000);
    expect(model.entered[47]).toBeGreaterThan(0);
    const p = model.probabilities();
    for (let a = 0; a < 4; a++) expect(p[a * 4 + a]).toBe(1);
    expect(explorer.data.every((t) => world.cells[t.next] !== FATAL)).toBe(true);
    // With γ = 0.9 the value one move from the goal is exactly the goal move's −1.
    const v = new Float64Array(48);
    const { q } = valueIteration(model, true, 0.9, v);
    expect(v[39]).toBeCloseTo(-1, 9);
    expect(v[38]).toBeCloseTo(-1 - 0.9, 9);
    const path = greedyPath(world, q, (c) => c === 47 || world.cells[c] === FATAL, 40);
    for (const c of path) expect(world.cells[c]).not.toBe(FATAL);
    expect(moveFrom(world, 0, 0)).toBe(0);
  });

  it('with slip the learned model estimates the slip, and the planner keeps a row away from the edge', async () => {
    const run = fatalStateExperiment.create(1, { slip: 0.2, safeData: 3000 });
    await run.step(150);
    const snap = await run.snapshot();
    const p = data(snap).moveModel as Float32Array;
    // P(intended) = 1 − slip + slip/4 = 0.85 for each action, estimated from ~thousands of moves.
    for (let a = 0; a < 4; a++) expect(p[a * 4 + a]).toBeGreaterThan(0.8);
    for (let a = 0; a < 4; a++) expect(p[a * 4 + a]).toBeLessThan(0.9);
    const path = Array.from(data(snap).plannerPath as Int32Array);
    // No cell of the planned path except the start column and goal column lies on row 4 (right above the edge).
    const onEdgeRow = path.filter((c) => Math.floor(c / 8) === 4 && c % 8 > 0 && c % 8 < 7);
    expect(onEdgeRow).toEqual([]);
    const m = await run.metrics();
    expect(m.qFalls).toBeGreaterThan(m.plannerFalls!);
  });

  it('clamps extreme ε, α and γ with a reason, applies them live, and restarts on a new world', async () => {
    const run = fatalStateExperiment.create(1, {});
    await run.step(5);
    const r = run.setParams({ epsilon: 3, alpha: 50, gamma: 1.5 });
    expect(r.rebuilt).toBe(false);
    expect(r.applied).toEqual({ epsilon: 1, alpha: 1, gamma: 0.99 });
    expect(r.problems.map((p) => p.key).sort()).toEqual(['alpha', 'epsilon', 'gamma']);
    expect(r.problems[0]!.reason).toMatch(/clamped/);
    expect(run.setParams({ gamma: Number.NaN }).problems[0]!.reason).toMatch(/not a number/);
    expect((await run.snapshot()).step).toBe(5);
    const r2 = run.setParams({ layout: 'pit' });
    expect(r2.rebuiltBy).toEqual(['layout']);
    expect((await run.snapshot()).step).toBe(0);
    await run.step(200);
    const m = await run.metrics();
    expect(m.evalPlannerFalls).toBe(0);
  });

  it('lowering the safe data keeps its first moves; the same seed replays identically', async () => {
    const a = fatalStateExperiment.create(4, { safeData: 300 });
    const b = fatalStateExperiment.create(4, { safeData: 300 });
    await a.step(40);
    await b.step(40);
    expect(await a.metrics()).toEqual(await b.metrics());
    // The bench's probe trains a fresh copy and leaves the run alone.
    const details = (await a.probes!['fatal:train']!()) as Record<string, number>;
    expect(details.episodes).toBe(5000);
    expect(details.dataSize).toBe(300);
    expect(await a.metrics()).toEqual(await b.metrics());
    a.setParams({ safeData: 50 });
    expect((await a.metrics()).dataSize).toBe(50);
  });

  it('a checkpoint restored into a fresh run carries on exactly as the original (a restarted worker resumes)', async () => {
    // Slip uses every random stream; 2,000 safe moves are still being collected at the checkpoint.
    const params = { slip: 0.1, safeData: 2000 };
    const original = fatalStateExperiment.create(5, params);
    await original.step(6);
    const checkpoint = await original.checkpoint!();
    expect(checkpoint.step).toBe(6);
    expect(checkpoint.numbers.modelUsed).toBeLessThan(2000);
    // Plain data, each typed array on its own buffer (they are transferred between threads).
    const buffers = Object.values(checkpoint.arrays).map((a) => a.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
    for (const a of Object.values(checkpoint.arrays)) expect(a.byteLength).toBe(a.buffer.byteLength);
    const copy = fatalStateExperiment.create(5, params);
    copy.restore!(structuredClone(checkpoint));
    expect(await copy.snapshot()).toEqual(await original.snapshot());
    await original.step(40);
    await copy.step(40);
    const a = await original.snapshot();
    const b = await copy.snapshot();
    expect(b.step).toBe(46);
    expect(b).toEqual(a);
    expect(await copy.metrics()).toEqual(await original.metrics());
    expect((data(b).qReturn as Float32Array).length).toBe(46);
  });

  it('ignores a checkpoint of another world or with a table missing, without throwing', async () => {
    const source = fatalStateExperiment.create(5, { slip: 0.1 });
    await source.step(10);
    const checkpoint = await source.checkpoint!();
    const run = fatalStateExperiment.create(5, {});
    await run.step(3);
    const before = await run.snapshot();
    run.restore!(checkpoint); // slip 0.1 vs 0: another world
    const broken: RunCheckpoint = { step: 10, arrays: { ...checkpoint.arrays }, numbers: { ...checkpoint.numbers, slip: 0 } };
    delete broken.arrays.qTable;
    run.restore!(broken);
    run.restore!({ step: 10, arrays: {}, numbers: {} });
    expect(await run.snapshot()).toEqual(before);
    // Curves missing are not fatal: the tables are restored and the curves start empty.
    const noCurves: RunCheckpoint = { step: 10, arrays: { ...checkpoint.arrays }, numbers: checkpoint.numbers };
    for (const k of Object.keys(noCurves.arrays)) if (k.startsWith('history')) delete noCurves.arrays[k];
    const other = fatalStateExperiment.create(5, { slip: 0.1 });
    other.restore!(noCurves);
    expect((await other.metrics()).qFalls).toBe((await source.metrics()).qFalls);
  });

  it('float64 tables travel bit for bit through float32 words, infinities and NaN included', () => {
    const x = Float64Array.from([0, -0, 1 / 3, -Math.PI * 1e300, 5e-324, -Infinity, Infinity, Number.NaN]);
    const back = wordsToFloat64(float64ToWords(x), x.length)!;
    expect(Array.from(back)).toEqual(Array.from(x));
    expect(Object.is(back[1], -0)).toBe(true);
    expect(wordsToFloat64(float64ToWords(x), 3)).toBeNull();
    expect(wordsToFloat64(Float32Array.from([0.5, 0, 0, 0]), 1)).toBeNull();
  });

  it('reports non-finite tables instead of drawing them', () => {
    expect(checkFinite({ Q: [0, 1, 2] })).toBeNull();
    expect(checkFinite({ Q: [0, 1, 2, 3, 4, Number.NaN] }, 4)).toMatch(/Q became NaN at cell 1/);
  });
});
