/**
 * The Tucker toy race (REBAR §6.1): minimise E[(b - t)²] with Adam (lr 0.01, K = 2, τ = 0.5) from θ = 0.5,
 * 1,000 steps, on 5 seeds (racers seeded 1…5), each claim on all 5:
 * - at t = 0.45 the unbiased RLOO and DisARM drive θ below 0.05 (toward the optimum 0);
 * - the biased ones converge to the wrong θ: straight-through within 0.08 of its fixed point θ = t,
 *   Concrete above 0.25; so the order at the end is DisARM, RLOO < Concrete < straight-through;
 * - at t = 0.499 plain REINFORCE barely moves: θ stays above 0.3 (its signal-to-noise ratio is 0.004),
 *   while the exact gradient, whose scale Adam removes, goes below 0.05.
 * (Adam is scale-invariant, so RLOO's and DisARM's runs at t = 0.499 are those at t = 0.45, step for
 * step: their estimates only shrink by the factor 1 − 2t.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createBernoulliEstimator } from './catalogue';
import { tuckerToy } from './problems/sum-squares';
import { Racer, raceSteps } from './race';
import { bernoulliRacer, sumSquaresTrack } from './race-specs';
import type { BernoulliEstimatorId } from './types';

const STEPS = 1000;
const SEEDS = [1, 2, 3, 4, 5];

/** θ after STEPS steps for each (estimator, seed), all racers advanced together. */
async function race(t: number, ids: BernoulliEstimatorId[], seeds: number[]): Promise<Record<string, number[]>> {
  const settings = () => ({ cost: tuckerToy(t), samples: 2, tau: 0.5 });
  const racers = ids.flatMap((id) => seeds.map((seed) => new Racer(bernoulliRacer(createBernoulliEstimator(id), settings), new Float32Array([0]), seed)));
  await raceSteps(racers, STEPS, 0.01, sumSquaresTrack(1, () => t));
  for (const r of racers) expect(r.steps).toBe(STEPS);
  const theta = await Promise.all(racers.map(async (r) => 1 / (1 + Math.exp(-(await r.params.data())[0]!))));
  const before = tf.memory().numTensors;
  racers.forEach((r) => r.dispose());
  expect(tf.memory().numTensors).toBeLessThan(before);
  return Object.fromEntries(ids.map((id, i) => [id, theta.slice(i * seeds.length, (i + 1) * seeds.length)]));
}

describe('Tucker toy race, 5 seeds', () => {
  it('t = 0.45: RLOO and DisARM drive θ toward 0; straight-through and Concrete settle at the wrong θ (all 5 seeds)', async () => {
    const theta = await race(0.45, ['rloo', 'disarm', 'straight-through', 'concrete'], SEEDS);
    SEEDS.forEach((seed, i) => {
      const at = (id: string) => theta[id]![i]!;
      const label = `seed ${seed}: ${JSON.stringify(Object.fromEntries(Object.keys(theta).map((id) => [id, at(id).toFixed(3)])))}`;
      expect(at('rloo'), label).toBeLessThan(0.05);
      expect(at('disarm'), label).toBeLessThan(0.05);
      expect(Math.abs(at('straight-through') - 0.45), label).toBeLessThan(0.08);
      expect(at('concrete'), label).toBeGreaterThan(0.25);
      expect(Math.max(at('rloo'), at('disarm')), label).toBeLessThan(at('concrete'));
      expect(at('concrete'), label).toBeLessThan(at('straight-through'));
    });
  }, 60_000);

  it('t = 0.499: plain REINFORCE barely moves while the exact gradient reaches the optimum (all 5 seeds)', async () => {
    const theta = await race(0.499, ['score'], SEEDS);
    SEEDS.forEach((seed, i) => expect(theta['score']![i]!, `seed ${seed}`).toBeGreaterThan(0.3));
    // The exact racer draws no noise (the same on every seed): the reference REINFORCE fails to follow.
    expect((await race(0.499, ['exact'], [1]))['exact']![0]!).toBeLessThan(0.05);
  }, 60_000);
});

describe('racer hygiene', () => {
  const T = 0.45;
  it('a NaN estimate stops that racer with a reason; its history holds only finite steps', async () => {
    let calls = 0;
    const spec = {
      id: 'nan-after-3',
      label: 'NaN after 3 steps',
      gradient: () => (++calls > 3 ? tf.tensor1d([NaN]) : tf.tensor1d([0.1])),
      readState: async () => ({}),
      saveState: async () => ({ numbers: [], arrays: [] }),
      loadState() {},
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
