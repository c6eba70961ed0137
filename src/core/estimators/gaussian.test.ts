/**
 * The Gaussian unit (Mohamed et al. 2020, measure N(x | μ = 1, σ = 1)): score function, score function
 * with a leave-one-out baseline, with the exact optimal constant baseline, and pathwise are all unbiased for (x - k)², exp(-k x²) and cos(k x)
 * (closed forms checked against numerical integration); pathwise has far lower variance on the smooth
 * quadratic, the score function lower variance on the rapidly varying cos(k x) with large k. Each
 * sampled claim on all 5 seeds.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createGaussianEstimator } from './gaussian';
import { GAUSSIAN_ESTIMATOR_IDS, type GaussianCost, type GaussianEstimatorId } from './gaussian/types';
import { readEstimate, summariseDrawn } from './measure';
import { GAUSSIAN_COSTS, gaussianCost, type GaussianCostName } from './problems/gaussian-costs';

const ROWS = 8000;
const SEEDS = [11, 12, 13, 14, 15];
const MU = 1;
const SIGMA = 1;

/** E[f] under N(μ, σ²) by the trapezoid rule on ±12σ, for checking the closed forms. */
function integrate(f: (x: number) => number, mu: number, sigma: number): number {
  const m = 20000;
  const h = (24 * sigma) / m;
  let sum = 0;
  for (let i = 0; i <= m; i++) {
    const x = mu - 12 * sigma + i * h;
    const w = i === 0 || i === m ? 0.5 : 1;
    sum += w * f(x) * Math.exp(-0.5 * ((x - mu) / sigma) ** 2);
  }
  return (sum * h) / (sigma * Math.sqrt(2 * Math.PI));
}

const scalar: Record<GaussianCostName, (k: number) => (x: number) => number> = {
  quadratic: (k) => (x) => (x - k) ** 2,
  exp: (k) => (x) => Math.exp(-k * x * x),
  cos: (k) => (x) => Math.cos(k * x),
};

async function measureGaussian(id: GaussianEstimatorId, cost: GaussianCost, seed = 11) {
  const estimator = createGaussianEstimator(id);
  const drawn = await readEstimate(estimator.estimate({ mu: MU, sigma: SIGMA, cost, samples: ROWS, group: 4, rng: createRng(seed) }));
  const e = cost.exact(MU, SIGMA);
  const m = summariseDrawn(drawn, [e.dMu, e.dSigma], 4);
  if (!m.ok || !m.perSample.ok || !m.perStep?.ok) throw new Error('no statistics');
  return { perSample: m.perSample.summary, perStep: m.perStep.summary };
}

describe('Gaussian unit', () => {
  it('closed forms match numerical integration', () => {
    for (const name of GAUSSIAN_COSTS) {
      for (const k of [0.5, 2, 5]) {
        const e = gaussianCost(name, k).exact(MU, SIGMA);
        const f = scalar[name](k);
        const d = 1e-4;
        expect(e.value).toBeCloseTo(integrate(f, MU, SIGMA), 5);
        expect(e.dMu).toBeCloseTo((integrate(f, MU + d, SIGMA) - integrate(f, MU - d, SIGMA)) / (2 * d), 4);
        expect(e.dSigma).toBeCloseTo((integrate(f, MU, SIGMA + d) - integrate(f, MU, SIGMA - d)) / (2 * d), 4);
      }
    }
  });

  it('every estimator is unbiased on every cost (within 4 s.e., all 5 seeds)', async () => {
    for (const seed of SEEDS) {
      for (const name of GAUSSIAN_COSTS) {
        for (const id of GAUSSIAN_ESTIMATOR_IDS) {
          const { perStep } = await measureGaussian(id, gaussianCost(name, 2), seed);
          for (const c of perStep.coordinates) {
            expect(Math.abs(c.bias), `${id} ${name} coordinate ${c.index} seed ${seed}`).toBeLessThan(4 * c.standardError!);
          }
        }
      }
    }
  });

  it('pathwise wins on the smooth quadratic, the score function on cos(10 x) (all 5 seeds)', async () => {
    for (const seed of SEEDS) {
      const variance = async (id: GaussianEstimatorId, cost: GaussianCost) =>
        (await measureGaussian(id, cost, seed)).perSample.coordinates[0]!.variance!;
      const quadratic = gaussianCost('quadratic', 1);
      expect(await variance('gaussian-pathwise', quadratic), `seed ${seed}`).toBeLessThan((await variance('gaussian-score', quadratic)) / 2);
      const wiggly = gaussianCost('cos', 10);
      expect(await variance('gaussian-score', wiggly), `seed ${seed}`).toBeLessThan((await variance('gaussian-pathwise', wiggly)) / 4);
    }
  });

  it('leave-one-out with K = 1 refuses', () => {
    const estimator = createGaussianEstimator('gaussian-score-loo');
    expect(() => estimator.estimate({ mu: 1, sigma: 1, cost: gaussianCost('cos', 1), samples: 1, rng: createRng(1) })).toThrow(/at least 2/);
  });
});
