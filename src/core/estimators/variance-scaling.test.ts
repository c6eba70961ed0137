/**
 * The N-unit problem f(b) = Σ_i (b_i - t)² at θ = 0.5: the true d/dφ₁ does not depend on N, but the
 * score function's variance does. Without a baseline the other units' cost enters squared (slope ≈ 2
 * in log-log); with the exact mean baseline only their fluctuation does (slope ≈ 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { drawEstimates, summariseDrawn } from './measure';
import { sumSquaresCost, sumSquaresUnitGradient } from './problems/sum-squares';
import { createScoreFunction } from './score-function';
import { logLogSlope } from './stats';

const NS = [4, 8, 16, 32, 64, 128, 256];
const ROWS = 4096;
const T = 0.45;

async function unitOneVariance(baseline: 'none' | 'exact-mean', n: number): Promise<number> {
  const estimator = createScoreFunction(baseline);
  const phi = tf.zeros([n]) as tf.Tensor1D;
  const drawn = await drawEstimates(estimator, { phi, cost: sumSquaresCost(n, T), samples: ROWS, rng: createRng(n) });
  phi.dispose();
  const exact = new Float32Array(n).fill(sumSquaresUnitGradient(0.5, T));
  const m = summariseDrawn(drawn, exact, ROWS, [0]);
  if (!m.ok || !m.perSample.ok) throw new Error('no statistics');
  return m.perSample.summary.coordinates[0]!.variance!;
}

describe('score-function variance against N', () => {
  it('slope ≈ 2 without a baseline, ≈ 1 with the exact mean baseline', async () => {
    const plain = [];
    const centred = [];
    for (const n of NS) {
      plain.push(await unitOneVariance('none', n));
      centred.push(await unitOneVariance('exact-mean', n));
    }
    expect(logLogSlope(NS, plain).slope).toBeCloseTo(2, 0);
    expect(Math.abs(logLogSlope(NS, plain).slope - 2)).toBeLessThan(0.3);
    expect(Math.abs(logLogSlope(NS, centred).slope - 1)).toBeLessThan(0.3);
  });
});
