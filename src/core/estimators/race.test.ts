/**
 * The Tucker toy race (REBAR §6.1): minimise E[(b - t)²] at t = 0.45 with Adam (lr 0.01) from θ = 0.5.
 * Unbiased estimators (RLOO, DisARM) drive θ toward the optimum 0; straight-through settles at its
 * fixed point θ = t.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createBernoulliEstimator } from './catalogue';
import { tuckerToy } from './problems/sum-squares';
import { Racer, raceSteps } from './race';
import { bernoulliRacer, sumSquaresTrack } from './race-specs';
import type { BernoulliEstimatorId } from './types';

const T = 0.45;
const STEPS = 3000;

describe('Tucker toy race', () => {
  it('RLOO and DisARM drive θ toward 0; straight-through stops near θ = t', async () => {
    const settings = () => ({ cost: tuckerToy(T), samples: 2, tau: 0.5 });
    const ids: BernoulliEstimatorId[] = ['rloo', 'disarm', 'straight-through', 'exact'];
    const racers = ids.map((id) => new Racer(bernoulliRacer(createBernoulliEstimator(id), settings), new Float32Array([0]), 7));
    const track = sumSquaresTrack(1, () => T);
    for (let done = 0; done < STEPS; done += 500) await raceSteps(racers, 500, 0.01, track);
    const theta = Object.fromEntries(
      await Promise.all(racers.map(async (r) => [r.spec.id, 1 / (1 + Math.exp(-(await r.params.data())[0]!))] as const)),
    );
    for (const r of racers) expect(r.steps).toBe(STEPS);
    expect(theta['rloo']).toBeLessThan(0.05);
    expect(theta['disarm']).toBeLessThan(0.05);
    expect(theta['exact']).toBeLessThan(0.01);
    expect(Math.abs(theta['straight-through']! - T)).toBeLessThan(0.08);
    const before = tf.memory().numTensors;
    racers.forEach((r) => r.dispose());
    expect(tf.memory().numTensors).toBeLessThan(before);
  });
});

describe('racer hygiene', () => {
  it('a NaN estimate stops that racer with a reason; its history holds only finite steps', async () => {
    let calls = 0;
    const spec = {
      id: 'nan-after-3',
      label: 'NaN after 3 steps',
      gradient: () => (++calls > 3 ? tf.tensor1d([NaN]) : tf.tensor1d([0.1])),
      readState: async () => ({}),
      dispose() {},
    };
    const racer = new Racer(spec, new Float32Array([0]), 1);
    const track = sumSquaresTrack(1, () => T);
    await raceSteps([racer], 10, 0.01, track);
    expect(racer.status.kind).toBe('diverged');
    expect(racer.steps).toBe(3);
    const snap = racer.toSnapshot() as { reason: string; history: { watched: Float32Array } };
    expect(snap.reason).toMatch(/NaN .* step 4/);
    expect(Array.from(snap.history.watched).every(Number.isFinite)).toBe(true);
    // A stopped racer takes no further steps.
    await raceSteps([racer], 5, 0.01, track);
    expect(calls).toBe(10);
    racer.dispose();
  });
});
