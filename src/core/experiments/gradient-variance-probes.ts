/**
 * The gradient-variance experiment's bench probes: the plain score function over K samples of the
 * current binary problem at θ, batched as one [K, N] pass against the deliberately per-sample JS loop;
 * each estimator batched and looped; the noise floor; the table's refresh. Each resolves after reading back.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed } from '../rng';
import { createBernoulliEstimator, ESTIMATOR_INFO } from '../estimators/catalogue';
import { uniformTensor } from '../estimators/noise';
import { createScoreFunction } from '../estimators/score-function';
import { scoreFunctionPerSampleLoop } from '../estimators/score-function-loop';
import { BERNOULLI_ESTIMATOR_IDS, type BernoulliCost, type BernoulliEstimatorId, type Estimate, type EstimateInput } from '../estimators/types';

export interface ProbeContext {
  seed: number;
  units: number;
  theta: number;
  k: number;
  tau: number;
  cost: BernoulliCost;
}

const logit = (p: number) => Math.log(p / (1 - p));

async function timeScore(c: ProbeContext, run: (input: EstimateInput) => Estimate): Promise<void> {
  const phi = tf.fill([c.units], logit(c.theta)) as tf.Tensor1D;
  const rng = createRng(deriveSeed(c.seed, 'probe'));
  const e = run({ phi, cost: c.cost, samples: c.k, rng });
  await e.grads.data();
  tf.dispose([phi, e.grads, e.samples]);
}

async function timeEstimator(c: ProbeContext, id: BernoulliEstimatorId): Promise<void> {
  const estimator = createBernoulliEstimator(id);
  try {
    await timeScore(c, (input) => estimator.estimate({ ...input, tau: c.tau }));
  } finally {
    estimator.dispose();
  }
}

/**
 * The same estimator one sample per call, K calls (RLOO: one group of two per call), rows read back
 * together: what a per-sample port of the batched code would cost, for the bench's ratio.
 */
async function loopEstimator(c: ProbeContext, id: BernoulliEstimatorId): Promise<void> {
  const estimator = createBernoulliEstimator(id);
  const phi = tf.fill([c.units], logit(c.theta)) as tf.Tensor1D;
  const rng = createRng(deriveSeed(c.seed, 'probe'));
  const per = Math.max(1, ESTIMATOR_INFO[id].minGroup);
  const rows: tf.Tensor2D[] = [];
  try {
    for (let r = 0; r < c.k; r += per) {
      const e = estimator.estimate({ phi, cost: c.cost, samples: per, rng, tau: c.tau });
      rows.push(e.grads);
      e.samples.dispose();
    }
    const all = tf.concat(rows, 0);
    await all.data();
    all.dispose();
  } finally {
    tf.dispose([phi, ...rows]);
    estimator.dispose();
  }
}

/** Probes by name; `context` is read at each call, `refresh` and `refreshDefaults` come from the run. */
export function benchProbes(
  context: () => ProbeContext,
  refresh: () => Promise<void>,
  refreshDefaults: () => Promise<Record<string, number>>,
): Record<string, () => Promise<void | Record<string, number>>> {
  return {
    scoreBatched: () => timeScore(context(), (input) => createScoreFunction().estimate(input)),
    scorePerSampleLoop: () => timeScore(context(), scoreFunctionPerSampleLoop),
    // One batched [K, N] estimate per estimator, read back (the bench's estimates/s).
    ...Object.fromEntries(BERNOULLI_ESTIMATOR_IDS.map((id) => [`batched:${id}`, () => timeEstimator(context(), id)])),
    ...Object.fromEntries(BERNOULLI_ESTIMATOR_IDS.map((id) => [`loop:${id}`, () => loopEstimator(context(), id)])),
    // What every estimate pays however it is computed, batched or one sample per call: drawing the
    // K·N uniforms in JS, moving them into the backend and reading a [K, N] result back. The bench
    // divides each per-sample loop by this for the most that batching could possibly gain.
    noiseFloor: async () => {
      const c = context();
      const u = uniformTensor(createRng(deriveSeed(c.seed, 'probe')), c.k, c.units);
      await u.data();
      u.dispose();
    },
    // The table's full refresh: the statistics of every selected estimator at the current point.
    refresh,
    // The same refresh for the estimators selected by default, whatever is selected now, with fresh
    // instances (so the bench can time it on a page with nothing selected, where a snapshot costs nothing).
    refreshDefaults,
  };
}
