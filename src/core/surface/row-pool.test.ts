import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mlpLayout, type Activation } from '../mlp/flat-mlp';
import { createRng } from '../rng';
import { gridCoefficients, meanLossesAt } from './batched-loss';
import { planeLosses, rowJobLosses, sharedRowGroups, splitRows, type RowJob, type RowPool } from './row-pool';

/**
 * Helpers that evaluate in this process, as a helper worker does (a structured clone of the job). With
 * `shared`, they also take a shared plane's groups (as with SharedArrayBuffer in an isolated page),
 * interleaved with this worker's at every await; a failing one takes a group and dies without it.
 */
function inProcessPool(helpers: number, failing: number[] = [], shared = false): RowPool & { jobs: RowJob[]; groupsTaken: number[] } {
  const jobs: RowJob[] = [];
  const groupsTaken = Array.from({ length: helpers }, () => 0);
  const evaluate = (job: RowJob) => rowJobLosses(structuredClone(job));
  return {
    jobs,
    groupsTaken,
    ready: () => helpers,
    heard: () => new Promise((resolve) => setTimeout(resolve, 0)),
    async evaluate(job, index) {
      jobs.push(job);
      if (failing.includes(index)) throw new Error('helper died');
      return evaluate(job);
    },
    share: shared
      ? async (plane, index) => {
          jobs.push(plane.job);
          if (failing.includes(index)) {
            Atomics.add(plane.next, 0, 1);
            throw new Error('helper died holding a group');
          }
          await sharedRowGroups(plane, (rows) => {
            groupsTaken[index]!++;
            return evaluate({ ...plane.job, rows });
          });
        }
      : undefined,
  };
}

function setup(seed: number, sizes: number[], activation: Activation) {
  const rng = createRng(seed);
  const layout = mlpLayout(sizes);
  const n = 96;
  const normal = (k: number) => Float32Array.from({ length: k }, () => rng.normal());
  const basis = tf.tensor2d(Float32Array.from(normal(3 * layout.size), (v, i) => (i < layout.size ? v * 0.7 : v * 0.3)), [3, layout.size]);
  const x = tf.tensor2d(normal(2 * n), [n, 2]);
  const labels = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
  const onehot = tf.tensor2d(labels.flatMap((l) => (l === 0 ? [1, 0] : [0, 1])), [n, 2]);
  return { layout, basis, x, onehot, activation, dispose: () => tf.dispose([basis, x, onehot]) };
}

describe('a plane shared with helper workers', () => {
  it('gives exactly meanLossesAt, bit for bit, with 1–3 helpers (5 seeds each, all 5; two nets)', async () => {
    for (const [sizes, activation] of [
      [[2, 16, 16, 2], 'relu'],
      [[2, 8, 2], 'linear'],
    ] as [number[], Activation][]) {
      for (let seed = 1; seed <= 5; seed++) {
        const s = setup(seed, sizes, activation);
        const coefficients = gridCoefficients(13, 0.8);
        const expected = await meanLossesAt(s.basis, coefficients, s.layout, s.x, s.onehot, activation);
        for (const helpers of [1, 2, 3]) {
          for (const shared of [false, true]) {
            const pool = inProcessPool(helpers, [], shared);
            const got = await planeLosses(s.basis, coefficients, s.layout, s.x, s.onehot, activation, pool);
            expect(pool.jobs.length, `${sizes} seed ${seed}`).toBeGreaterThanOrEqual(helpers);
            // Shared: every helper took groups of its own from the counter.
            if (shared) expect(Math.min(...pool.groupsTaken), `${sizes} seed ${seed}, ${helpers} helpers`).toBeGreaterThan(0);
            expect(Array.from(got), `${sizes} seed ${seed}, ${helpers} helpers${shared ? ', shared' : ''}`).toEqual(Array.from(expected));
          }
        }
        s.dispose();
      }
    }
  });

  it.each([false, true])('a helper that fails costs only time: its rows are evaluated here, the plane is the same (shared: %s)', async (shared) => {
    const s = setup(3, [2, 16, 16, 2], 'relu');
    const coefficients = gridCoefficients(11, 1);
    const expected = await planeLosses(s.basis, coefficients, s.layout, s.x, s.onehot, 'relu', null);
    const before = tf.memory().numTensors;
    const got = await planeLosses(s.basis, coefficients, s.layout, s.x, s.onehot, 'relu', inProcessPool(2, [1], shared));
    expect(Array.from(got)).toEqual(Array.from(expected));
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });

  it('a net the row path does not cover (tanh) is evaluated here in one piece', async () => {
    const s = setup(2, [2, 8, 8, 2], 'tanh');
    const pool = inProcessPool(2);
    const coefficients = gridCoefficients(7, 0.5);
    const got = await planeLosses(s.basis, coefficients, s.layout, s.x, s.onehot, 'tanh', pool);
    const whole = await meanLossesAt(s.basis, coefficients, s.layout, s.x, s.onehot, 'tanh');
    expect(Array.from(got)).toEqual(Array.from(whole));
    expect(pool.jobs).toEqual([]);
    s.dispose();
  });

  it('splits rows into contiguous groups of about equal points, every row once', () => {
    const rows: [number, number, number][] = Array.from({ length: 51 }, (_, r) => [r, r * 51, r * 51 + 51]);
    for (const parts of [1, 2, 3, 4, 8]) {
      const groups = splitRows(rows, parts);
      expect(groups.flat()).toEqual(rows);
      const sizes = groups.map((g) => g.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `${parts} parts`).toBeLessThanOrEqual(1);
    }
    expect(splitRows(rows.slice(0, 1), 3).map((g) => g.length)).toEqual([0, 1, 0]);
  });
});
