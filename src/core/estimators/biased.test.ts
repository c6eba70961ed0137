/**
 * The biased estimators show their known biases: straight-through's expected gradient vanishes at
 * θ = t on the toy (its fixed point, not the optimum θ = 0), and the Concrete estimate has the wrong
 * sign at τ = 1 for θ = 0.2, with a bias that shrinks (and a variance that grows) as τ → 0. The
 * Concrete expectation is checked against a 1-D numerical integral over the uniform noise. Each claim
 * on all 5 seeds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createConcrete } from './concrete';
import { drawEstimates, summariseDrawn } from './measure';
import { sumSquaresUnitGradient, tuckerToy } from './problems/sum-squares';
import { createStraightThrough } from './straight-through';
import type { BernoulliEstimator } from './types';

const T = 0.45;
const ROWS = 10000;
const SEEDS = [1, 2, 3, 4, 5];

const logit = (p: number) => Math.log(p / (1 - p));

async function stats(estimator: BernoulliEstimator, theta: number, tau: number, seed: number) {
  const phi = tf.tensor1d([logit(theta)]);
  const drawn = await drawEstimates(estimator, { phi, cost: tuckerToy(T), samples: ROWS, rng: createRng(99 + seed), tau });
  phi.dispose();
  const m = summariseDrawn(drawn, [sumSquaresUnitGradient(theta, T)], ROWS);
  if (!m.ok || !m.perSample.ok) throw new Error('no statistics');
  return m.perSample.summary.coordinates[0]!;
}

/** E over u ~ U(0,1) of the Concrete estimate 2(z - t) z(1 - z)/τ, z = sigmoid((φ + logit u)/τ). */
function concreteExpectation(theta: number, tau: number): number {
  const m = 200_000;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const u = (i + 0.5) / m;
    const z = 1 / (1 + Math.exp(-(logit(theta) + Math.log(u / (1 - u))) / tau));
    sum += (2 * (z - T) * z * (1 - z)) / tau;
  }
  return sum / m;
}

describe('biased estimators', () => {
  it('straight-through: zero expected gradient at θ = t, pushes θ up toward t below it', async () => {
    const st = createStraightThrough();
    for (const seed of SEEDS) {
      const atT = await stats(st, T, 1, seed);
      expect(Math.abs(atT.mean), `seed ${seed}`).toBeLessThan(4 * atT.standardError!);
      // The true gradient there is clearly positive: ST's fixed point is not the optimum.
      expect(atT.exact, `seed ${seed}`).toBeGreaterThan(8 * atT.standardError!);
      const below = await stats(st, 0.3, 1, seed);
      expect(below.exact).toBeGreaterThan(0);
      expect(below.mean + 4 * below.standardError!, `seed ${seed}`).toBeLessThan(0);
    }
  });

  it('Concrete: wrong sign at τ = 1, bias shrinks and variance grows as τ → 0', async () => {
    const concrete = createConcrete();
    const theta = 0.2;
    const taus = [1, 0.2, 0.05];
    const expected = taus.map((tau) => concreteExpectation(theta, tau));
    for (const seed of SEEDS) {
      const rows = [];
      for (const [i, tau] of taus.entries()) {
        const s = await stats(concrete, theta, tau, seed);
        expect(Math.abs(s.mean - expected[i]!), `seed ${seed} τ ${tau}`).toBeLessThan(4 * s.standardError!);
        rows.push(s);
      }
      const [hot, warm, cold] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
      const label = `seed ${seed}`;
      expect(hot.exact).toBeGreaterThan(0);
      expect(hot.mean + 4 * hot.standardError!, label).toBeLessThan(0);
      expect(Math.abs(warm.bias), label).toBeLessThan(Math.abs(hot.bias));
      expect(Math.abs(cold.bias), label).toBeLessThan(Math.abs(warm.bias));
      expect(cold.variance!, label).toBeGreaterThan(warm.variance!);
      expect(warm.variance!, label).toBeGreaterThan(hot.variance!);
    }
  });
});
