/**
 * Refusals and hygiene: RLOO with K = 1, too many elements, τ below its floor and unenumerable exact
 * gradients refuse with a sentence; the per-sample reference loop returns exactly the batched score
 * function's numbers; repeated estimate calls leak no tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createBernoulliEstimator } from './catalogue';
import { createGaussianEstimator } from './gaussian';
import { GAUSSIAN_ESTIMATOR_IDS } from './gaussian/types';
import { MAX_ELEMENTS } from './limits';
import { coupledQuadraticCost } from './problems/coupled';
import { gaussianCost } from './problems/gaussian-costs';
import { sumSquaresCost } from './problems/sum-squares';
import { createRloo } from './rloo';
import { createScoreFunction } from './score-function';
import { scoreFunctionPerSampleLoop } from './score-function-loop';
import { BERNOULLI_ESTIMATOR_IDS, EstimatorError } from './types';

describe('refusals', () => {
  it('RLOO with K = 1 refuses and says why', () => {
    const phi = tf.zeros([3]) as tf.Tensor1D;
    const call = () => createRloo().estimate({ phi, cost: sumSquaresCost(3, 0.45), samples: 1, rng: createRng(1) });
    expect(call).toThrow(EstimatorError);
    expect(call).toThrow(/at least 2 samples.*K ≥ 2/);
    phi.dispose();
  });

  it('refuses N × K over the element limit before allocating', () => {
    const n = 4096;
    const phi = tf.zeros([n]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const k = MAX_ELEMENTS / n + 1;
    expect(() => createScoreFunction().estimate({ phi, cost: sumSquaresCost(n, 0.45), samples: k, rng: createRng(1) })).toThrow(/over the limit of 2\^24/);
    expect(tf.memory().numTensors).toBe(before);
    phi.dispose();
  });

  it('relaxations refuse τ below 0.01', () => {
    const phi = tf.zeros([1]) as tf.Tensor1D;
    for (const id of ['concrete', 'st-gumbel', 'rebar'] as const) {
      expect(() => createBernoulliEstimator(id).estimate({ phi, cost: sumSquaresCost(1, 0.45), samples: 4, rng: createRng(1), tau: 0.005 })).toThrow(/below 0\.01/);
    }
    phi.dispose();
  });

  it('exact refuses a non-separable cost on more than 16 units', () => {
    const phi = tf.zeros([17]) as tf.Tensor1D;
    const cost = coupledQuadraticCost(new Array(17).fill(1), 3);
    expect(() => createBernoulliEstimator('exact').estimate({ phi, cost, samples: 1, rng: createRng(1) })).toThrow(/too many units/);
    phi.dispose();
  });
});

describe('batched vs per-sample reference', () => {
  it('the per-sample loop gives the batched score function exactly', async () => {
    const phi = tf.tensor1d([0.3, -1, 2, 0]);
    const cost = coupledQuadraticCost([1, 2, -1, 0.5], 0.8);
    const a = createScoreFunction().estimate({ phi, cost, samples: 16, rng: createRng(5) });
    const b = scoreFunctionPerSampleLoop({ phi, cost, samples: 16, rng: createRng(5) });
    expect(Array.from(await b.grads.data())).toEqual(Array.from(await a.grads.data()));
    expect(Array.from(await b.samples.data())).toEqual(Array.from(await a.samples.data()));
    tf.dispose([phi, a.grads, a.samples, b.grads, b.samples]);
  });
});

describe('no tensor leaks', () => {
  it('repeated estimates keep tf.memory().numTensors flat', () => {
    const phi = tf.tensor1d([0.3, -1, 2]);
    const cost = coupledQuadraticCost([1, 2, -1], 0.8);
    for (const id of BERNOULLI_ESTIMATOR_IDS) {
      const estimator = createBernoulliEstimator(id);
      const rng = createRng(3);
      const once = () => {
        const e = estimator.estimate({ phi, cost, samples: 8, group: 4, rng, tau: 0.5 });
        tf.dispose([e.grads, e.samples]);
      };
      once(); // first call may allocate state (baselines, REBAR's η and τ)
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) once();
      expect(tf.memory().numTensors, id).toBe(before);
      estimator.dispose();
    }
    for (const id of GAUSSIAN_ESTIMATOR_IDS) {
      const estimator = createGaussianEstimator(id);
      const rng = createRng(3);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) estimator.estimate({ mu: 1, sigma: 1, cost: gaussianCost('cos', 2), samples: 8, rng }).grads.dispose();
      expect(tf.memory().numTensors, id).toBe(before);
    }
    phi.dispose();
  });

  it('disposing a stateful estimator frees its state', () => {
    const phi = tf.zeros([2]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    for (const id of ['score-moving-average', 'score-optimal', 'rebar'] as const) {
      const estimator = createBernoulliEstimator(id);
      const e = estimator.estimate({ phi, cost: sumSquaresCost(2, 0.45), samples: 4, rng: createRng(1), tau: 0.5 });
      tf.dispose([e.grads, e.samples]);
      estimator.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    phi.dispose();
  });
});
