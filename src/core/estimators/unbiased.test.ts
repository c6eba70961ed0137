/**
 * Every unbiased estimator's mean lies within 4 standard errors of the exact gradient, computed by
 * enumerating all 2^N configurations, on separable and non-separable costs with N ≤ 10: on all 5 seeds
 * (each seed its own noise stream and its own estimator instance).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createBernoulliEstimator, ESTIMATOR_INFO } from './catalogue';
import { enumerateGradient } from './enumerate';
import { drawEstimates, summariseDrawn } from './measure';
import { coupledQuadraticCost } from './problems/coupled';
import { sumSquaresCost } from './problems/sum-squares';
import { BERNOULLI_ESTIMATOR_IDS, type BernoulliCost } from './types';

const UNBIASED = BERNOULLI_ESTIMATOR_IDS.filter((id) => ESTIMATOR_INFO[id].unbiased);
const ROWS = 2048;
const SEEDS = [1, 2, 3, 4, 5];
const GROUP = 4;

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

interface Case {
  name: string;
  thetas: number[];
  cost: BernoulliCost;
}

const cases: Case[] = [
  { name: 'toy N=1, θ=0.3, t=0.45', thetas: [0.3], cost: sumSquaresCost(1, 0.45) },
  { name: 'coupled N=3, t=0.7', thetas: [0.2, 0.5, 0.9], cost: coupledQuadraticCost([1, -0.5, 2], 0.7) },
  {
    name: 'sum-squares N=10, t=0.2',
    thetas: [0.1, 0.25, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.35],
    cost: sumSquaresCost(10, 0.2),
  },
  { name: 'coupled N=6, t=1.5', thetas: [0.15, 0.85, 0.5, 0.3, 0.65, 0.05], cost: coupledQuadraticCost([0.5, 1, -1, 2, 0.25, -0.75], 1.5) },
];

describe('unbiased estimators match enumeration', () => {
  it('closed form equals enumeration for the separable cost', async () => {
    const phi = tf.tensor1d([0.3, -1.2, 2]);
    const cost = sumSquaresCost(3, 0.45);
    const a = await tf.tidy(() => cost.exactGradient!(phi)).data();
    const b = await tf.tidy(() => enumerateGradient(phi, cost)).data();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
    phi.dispose();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const phi = tf.tensor1d(c.thetas.map(logit));
      const exact = await tf.tidy(() => enumerateGradient(phi, c.cost)).data();
      for (const id of UNBIASED) {
        for (const seed of SEEDS) {
          const estimator = createBernoulliEstimator(id);
          const rng = createRng(1234 + seed);
          const input = { phi, cost: c.cost, samples: ROWS, group: GROUP, rng, tau: 0.5 };
          // Let the stateful ones (baselines, REBAR's η and τ) move away from their initial state first.
          if (ESTIMATOR_INFO[id].stateful) for (let w = 0; w < 2; w++) await drawEstimates(estimator, input);
          const m = summariseDrawn(await drawEstimates(estimator, input), exact, GROUP);
          expect(m.ok).toBe(true);
          if (!m.ok || !m.perStep?.ok) throw new Error(`${id}: no statistics`);
          for (const coord of m.perStep.summary.coordinates) {
            const tolerance = 4 * (coord.standardError ?? 0) + 1e-6;
            expect(Math.abs(coord.bias), `${id} seed ${seed} unit ${coord.index}: mean ${coord.mean} vs exact ${coord.exact}`).toBeLessThanOrEqual(tolerance);
          }
          estimator.dispose();
        }
      }
      phi.dispose();
    });
  }
});
