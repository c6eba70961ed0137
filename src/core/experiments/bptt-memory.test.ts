import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { bpttMemoryExperiment } from './bptt-memory';
import type { Run, Snapshot } from '../experiment';
import { numForw } from '../replay/formulas';
import { OP } from '../replay/schedule';
import { MAX_TIMELINE_OPS } from '../replay/timeline';
import { disposedAfterEach } from './test-runs';

const create: (seed: number, params?: Record<string, unknown>) => Run = disposedAfterEach(bpttMemoryExperiment);

type Rec = Record<string, unknown>;
const data = (s: Snapshot) => s.data as Rec;
const measured = (s: Snapshot) => data(s).measured as Rec;
const formula = (s: Snapshot) => data(s).formula as Rec;
const schedule = (s: Snapshot) => data(s).schedule as Rec;
const losses = (s: Snapshot) => Array.from((data(s).lossHistory as Rec).loss as Float32Array);

describe('bptt-memory experiment', () => {
  it('trains, and reports the schedule, measured counts equal to the formula, and per-step gradient norms', async () => {
    const run = create(1, { T: 40, strategy: 'revolve', s: 3 });
    const before = await run.snapshot();
    expect(measured(before).source).toBe('dry-run');
    expect((data(before).gradNorm as Float32Array).length).toBe(0);
    await run.step(3);
    const snap = await run.snapshot();
    expect(snap.step).toBe(3);
    expect(measured(snap)).toMatchObject({ source: 'rnn', peakStates: 3, forwardSteps: numForw(40, 3), backwardSteps: 40 });
    expect(formula(snap)).toMatchObject({ peakStates: 3, forwardSteps: numForw(40, 3), forwardEvaluations: numForw(40, 3) + 40 });
    expect(formula(snap).gruslys).toBe(numForw(40, 3) + 40);
    const sched = schedule(snap);
    expect(sched.kind).toBeInstanceOf(Uint8Array);
    expect(sched.from).toBeInstanceOf(Int32Array);
    expect(Array.from(sched.kind as Uint8Array).filter((k) => k === OP.backward).length).toBe(40);
    expect((data(snap).gradNorm as Float32Array).length).toBe(40);
    expect(losses(snap).length).toBe(3);
    expect(Number.isFinite(data(snap).loss as number)).toBe(true);
  });

  it('switching strategy mid-run keeps the weights and changes nothing but memory and recomputation', async () => {
    const a = create(2, { T: 30, strategy: 'store-all' });
    const b = create(2, { T: 30, strategy: 'store-all' });
    await a.step(4);
    await b.step(2);
    const r = b.setParams({ strategy: 'revolve', s: 2 });
    expect(r.rebuilt).toBe(false);
    await b.step(2);
    const [sa, sb] = await Promise.all([a.snapshot(), b.snapshot()]);
    const la = losses(sa);
    const lb = losses(sb);
    for (let i = 0; i < 4; i++) expect(Math.abs(la[i]! - lb[i]!)).toBeLessThan(1e-6);
    expect(measured(sa).peakStates).toBe(30);
    expect(measured(sb)).toMatchObject({ peakStates: 2, forwardSteps: numForw(30, 2) });
    expect(b.setParams({ hidden: 12 }).rebuilt).toBe(true);
  });

  it('refuses a budget below the strategy minimum, and training when a schedule is too costly to run', async () => {
    const run = create(3, { T: 64, strategy: 'store-all', budget: 8 });
    let snap = await run.snapshot();
    expect(data(snap).refused).toMatch(/needs 64 stored states.*budget of 8/);
    expect(data(snap).schedule).toBeNull();
    expect((await run.step(2)).taken).toBe(0);
    run.setParams({ strategy: 'revolve', s: 8 });
    snap = await run.snapshot();
    expect(data(snap).refused).toBeNull();
    expect((await run.step(1)).taken).toBe(1);

    const huge = create(3, { T: 4096, strategy: 'revolve', s: 1 });
    snap = await huge.snapshot();
    expect(data(snap).trainingRefused).toMatch(/forward steps per training step/);
    expect(measured(snap)).toMatchObject({ source: 'dry-run', peakStates: 1, forwardSteps: (4096 * 4095) / 2 });
    expect((schedule(snap).kind as Uint8Array).length).toBeLessThanOrEqual(MAX_TIMELINE_OPS);
    expect((schedule(snap).computed as Int32Array).length).toBe(4097);
    expect((await huge.step(1)).taken).toBe(0);
  });

  it('is deterministic per seed and leaks no tensors across steps', async () => {
    const a = create(5, { T: 24 });
    const b = create(5, { T: 24 });
    await a.step(2);
    const held = tf.memory().numTensors;
    await a.step(3);
    await a.snapshot();
    await a.metrics();
    expect(tf.memory().numTensors).toBe(held);
    await b.step(5);
    expect(await b.metrics()).toEqual(await a.metrics());
  });

  it('a checkpoint restored into a fresh run has the same weights, step and loss curve', async () => {
    const original = create(3, { T: 30, strategy: 'sqrt' });
    await original.step(4);
    const saved = await original.checkpoint!();
    const copy = create(3, { T: 30, strategy: 'sqrt' });
    copy.restore!(saved);
    const a = await original.snapshot();
    const b = await copy.snapshot();
    expect(b.step).toBe(4);
    expect(losses(b)).toEqual(losses(a));
    expect(Array.from((await copy.checkpoint!()).arrays.theta!)).toEqual(Array.from(saved.arrays.theta!));
    // A net of another size ignores it.
    const other = create(3, { T: 30, hidden: 4 });
    other.restore!(saved);
    expect((await other.snapshot()).step).toBe(0);
  });
});
