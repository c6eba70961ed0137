/**
 * The N-unit problem f(b) = Σ_i (b_i - t)² at θ = 0.5: the true d/dφ₁ does not depend on N, but the
 * score function's variance does. Without a baseline the other units' cost enters squared (slope ≈ 2
 * in log-log, so the SNR |g|/sd falls with slope ≈ −1); with the exact mean baseline only their
 * fluctuation does (slope ≈ 1, SNR ≈ −1/2); and the baseline's variance is the lower at every N ≥ 4.
 * Each on all 5 seeds, slopes within 0.3.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { drawEstimates, summariseDrawn } from './measure';
import { sumSquaresCost, sumSquaresUnitGradient } from './problems/sum-squares';
import { createScoreFunction } from './score-function';
import { logLogSlope } from './stats';

const NS = [4, 8, 16, 32, 64, 128];
const ROWS = 2048;
const SEEDS = [1, 2, 3, 4, 5];
const T = 0.45;

async function unitOneVariance(baseline: 'none' | 'exact-mean', n: number, seed: number): Promise<number> {
  const estimator = createScoreFunction(baseline);
  const phi = tf.zeros([n]) as tf.Tensor1D;
  const drawn = await drawEstimates(estimator, { phi, cost: sumSquaresCost(n, T), samples: ROWS, rng: createRng(1000 * seed + n) });
  phi.dispose();
  const exact = new Float32Array(n).fill(sumSquaresUnitGradient(0.5, T));
  const m = summariseDrawn(drawn, exact, ROWS, [0]);
  if (!m.ok || !m.perSample.ok) throw new Error('no statistics');
  return m.perSample.summary.coordinates[0]!.variance!;
}

describe('score-function variance against N', () => {
  it('slope ≈ 2 without a baseline, ≈ 1 with the exact mean baseline; SNR slopes ≈ −1 and −1/2 (all 5 seeds)', async () => {
    const g = Math.abs(sumSquaresUnitGradient(0.5, T));
    for (const seed of SEEDS) {
      const plain: number[] = [];
      const centred: number[] = [];
      for (const n of NS) {
        plain.push(await unitOneVariance('none', n, seed));
        centred.push(await unitOneVariance('exact-mean', n, seed));
      }
      const label = `seed ${seed}`;
      expect(Math.abs(logLogSlope(NS, plain).slope - 2), label).toBeLessThan(0.3);
      expect(Math.abs(logLogSlope(NS, centred).slope - 1), label).toBeLessThan(0.3);
      const snr = (v: number[]) => v.map((x) => g / Math.sqrt(x));
      expect(Math.abs(logLogSlope(NS, snr(plain)).slope + 1), label).toBeLessThan(0.15);
      expect(Math.abs(logLogSlope(NS, snr(centred)).slope + 0.5), label).toBeLessThan(0.15);
      NS.forEach((n, i) => expect(centred[i]!, `${label} N = ${n}`).toBeLessThan(plain[i]!));
    }
  });
});
