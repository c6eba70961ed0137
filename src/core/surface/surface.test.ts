import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crossEntropy, forward, initParams, mlpLayout, unpack } from '../mlp/flat-mlp';
import { createRng } from '../rng';
import { gridCoefficients, lineCoefficients, lossesAt, meanLossesAt } from './batched-loss';
import { filterNormalize, gaussianDirection, neuronNorm, trajectoryPca } from './directions';
import { exactKinks, exactKinksOneHidden, gridKinkCount, gridKinkTensors, kinkCrossingDirection, signChangeRoots } from './kinks';

function randomPoints(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: 2 * n }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(2));
  return { x, y };
}

function onehot(y: Int32Array): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), 2), 'float32') as tf.Tensor2D);
}

describe('filter-normalised directions', () => {
  it('give each neuron the norm of its own weights and biases zero', () => {
    const layout = mlpLayout([2, 5, 3, 2]);
    const theta = initParams(layout, 'relu', createRng(1));
    const d = filterNormalize(gaussianDirection(layout, createRng(2)), theta, layout);
    layout.layers.forEach((l, li) => {
      for (let j = 0; j < l.outputs; j++) expect(neuronNorm(d, layout, li, j)).toBeCloseTo(neuronNorm(theta, layout, li, j), 5);
      for (let j = 0; j < l.outputs; j++) expect(d[l.bOffset + j]).toBe(0);
    });
  });
});

describe('batched surface evaluation', () => {
  it.each([
    [[2, 16, 16, 2], 'relu'],
    [[2, 8, 2], 'relu'],
    [[2, 6, 5, 4, 2], 'relu'],
    [[2, 8, 8, 2], 'tanh'],
    [[2, 8, 8, 2], 'linear'],
  ] as const)('equals one forward pass per grid point to 1e-5, as ops and as read (%j, %s)', async (sizes, activation) => {
    const layout = mlpLayout([...sizes]);
    const theta = initParams(layout, activation, createRng(3));
    const d1 = filterNormalize(gaussianDirection(layout, createRng(4)), theta, layout);
    const d2 = filterNormalize(gaussianDirection(layout, createRng(5)), theta, layout);
    const { x, y } = randomPoints(64, 6);
    const xT = tf.tensor2d(x, [64, 2]);
    const yT = onehot(y);
    const basis = tf.stack([tf.tensor1d(theta), tf.tensor1d(d1), tf.tensor1d(d2)]) as tf.Tensor2D;
    const res = 7;
    const coefficients = gridCoefficients(res, 0.8);
    const before = tf.memory().numTensors;
    const batchedT = tf.tidy(() => lossesAt(basis, coefficients, layout, xT, yT, activation));
    const batched = await batchedT.data();
    batchedT.dispose();
    // And as the app reads it (the fused kernel on this CPU backend, where the net allows).
    const read = await meanLossesAt(basis, coefficients, layout, xT, yT, activation);
    const perPoint: number[] = [];
    for (let k = 0; k < res * res; k++) {
      const t = tf.tidy(() => {
        const th = tf.reshape(tf.matMul(tf.tensor2d(coefficients.subarray(3 * k, 3 * k + 3), [1, 3]), basis), [-1]) as tf.Tensor1D;
        return crossEntropy(forward(unpack(th, layout), xT, activation).logits, yT).loss;
      });
      perPoint.push((await t.data())[0]!);
      t.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < res * res; k++) expect(Math.abs(batched[k]! - perPoint[k]!)).toBeLessThan(1e-5);
    for (let k = 0; k < res * res; k++) expect(Math.abs(read[k]! - perPoint[k]!)).toBeLessThan(1e-5);
    tf.dispose([xT, yT, basis]);
  });
});

describe('kink counter', () => {
  /** Brute force: sign changes of every hidden pre-activation on a very fine grid, in plain JS. */
  function bruteForce(theta: Float32Array, d: Float32Array, layout: ReturnType<typeof mlpLayout>, x: Float32Array, n: number, lo: number, hi: number, points: number) {
    const l = layout.layers[0]!;
    const perExample = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      for (let j = 0; j < l.outputs; j++) {
        let prev = 0;
        for (let g = 0; g < points; g++) {
          const t = lo + ((hi - lo) * g) / (points - 1);
          let z = theta[l.bOffset + j]! + t * d[l.bOffset + j]!;
          for (let i = 0; i < l.inputs; i++) z += x[e * 2 + i]! * (theta[l.wOffset + i * l.outputs + j]! + t * d[l.wOffset + i * l.outputs + j]!);
          const s = z > 0 ? 1 : 0;
          if (g > 0 && s !== prev) perExample[e]!++;
          prev = s;
        }
      }
    }
    return perExample;
  }

  it('counts exactly the pattern changes a brute-force fine grid finds (one hidden layer)', async () => {
    const layout = mlpLayout([2, 4, 2]);
    const theta = initParams(layout, 'relu', createRng(7));
    for (let j = 0; j < 4; j++) theta[layout.layers[0]!.bOffset + j] = 0.3 * (j - 1.5);
    const d = filterNormalize(gaussianDirection(layout, createRng(8)), theta, layout);
    const { x } = randomPoints(12, 9);
    const exact = exactKinksOneHidden(theta, d, layout, x, 12, -1, 1);
    const brute = bruteForce(theta, d, layout, x, 12, -1, 1, 100_001);
    expect(Array.from(exact.perExample)).toEqual(Array.from(brute));
    expect(exact.total).toBeGreaterThan(0);
    expect(exact.total).toBe(brute.reduce((a, b) => a + b, 0));

    // The batched grid counter (used for deeper nets) agrees on the same net.
    const g = tf.tidy(() => {
      const r = gridKinkTensors(tf.tensor1d(theta), tf.tensor1d(d), layout, tf.tensor2d(x, [12, 2]), 4001, -1, 1);
      return { perExample: r.perExample, perInterval: r.perInterval };
    });
    const grid = gridKinkCount(await g.perExample.data(), await g.perInterval.data(), 4001, -1, 1);
    tf.dispose([g.perExample, g.perInterval]);
    expect(Array.from(grid.perExample)).toEqual(Array.from(brute));
    for (let k = 0; k < exact.total; k++) expect(Math.abs(grid.positions[k]! - exact.positions[k]!)).toBeLessThan(2 / 4000);
  });

  it('keeps counts and losses right across chunk seams', async () => {
    // 300 examples × 16 units force the grid counter into many chunks. With one hidden layer each
    // (example, unit) crosses at most once, so the grid count must equal the exact one.
    const layout = mlpLayout([2, 16, 2]);
    const theta = initParams(layout, 'relu', createRng(13));
    const d = filterNormalize(gaussianDirection(layout, createRng(14)), theta, layout);
    const { x, y } = randomPoints(300, 15);
    const exact = exactKinksOneHidden(theta, d, layout, x, 300, -1, 1);
    const xT = tf.tensor2d(x, [300, 2]);
    const yT = onehot(y);
    const out = tf.tidy(() => {
      const r = gridKinkTensors(tf.tensor1d(theta), tf.tensor1d(d), layout, xT, 401, -1, 1, yT);
      const line = lossesAt(tf.stack([tf.tensor1d(theta), tf.tensor1d(d)]) as tf.Tensor2D, lineCoefficients(401, -1, 1).c, layout, xT, yT, 'relu');
      return { perExample: r.perExample, perInterval: r.perInterval, loss: r.loss!, line };
    });
    const grid = gridKinkCount(await out.perExample.data(), await out.perInterval.data(), 401, -1, 1);
    expect(grid.total).toBe(exact.total);
    const [loss, line] = [await out.loss.data(), await out.line.data()];
    expect(loss.length).toBe(401);
    for (let i = 0; i < 401; i++) expect(Math.abs(loss[i]! - line[i]!)).toBeLessThan(1e-5);
    tf.dispose([xT, yT, out.perExample, out.perInterval, out.loss, out.line]);
  });

  it('builds a direction that crosses a kink where it says', () => {
    const layout = mlpLayout([2, 6, 2]);
    const theta = initParams(layout, 'relu', createRng(10));
    const { x } = randomPoints(20, 11);
    const k = kinkCrossingDirection(theta, layout, x, 20);
    const span = Math.abs(k.at) * 1.5 + 1e-6;
    const count = exactKinksOneHidden(theta, k.d, layout, x, 20, -span, span);
    expect(count.perExample[k.example]).toBeGreaterThanOrEqual(1);
    expect(Array.from(count.positions).some((p) => Math.abs(p - k.at) < 1e-4)).toBe(true);
  });
});

describe('trajectory PCA', () => {
  it('finds the plane of a planar path and refuses a path too short', () => {
    const p = 10;
    const u = Float32Array.from({ length: p }, (_, i) => (i === 0 ? 1 : 0));
    const v = Float32Array.from({ length: p }, (_, i) => (i === 3 ? 1 : 0));
    const points = Array.from({ length: 20 }, (_, s) => Float32Array.from({ length: p }, (_, i) => Math.cos(s / 3) * 2 * u[i]! + Math.sin(s / 5) * v[i]!));
    const pca = trajectoryPca(points.slice(0, -1), points[points.length - 1]!)!;
    expect(pca).not.toBeNull();
    expect(pca.explained[0] + pca.explained[1]).toBeCloseTo(1, 5);
    expect(Math.max(...Array.from(pca.a, Math.abs))).toBeCloseTo(1, 5);
    expect(trajectoryPca(points.slice(0, 2), points[5]!)).toBeNull();
  });
});

describe('input gradient', () => {
  it('matches central finite differences of the example loss', async () => {
    const { inputGradient } = await import('./input-gradient');
    const layout = mlpLayout([2, 5, 4, 2]);
    const theta = initParams(layout, 'tanh', createRng(12));
    const x = [0.3, -0.7];
    const y = onehot(Int32Array.from([1]));
    const th = tf.tensor1d(theta);
    const loss = async (p: number[]) => {
      const t = tf.tidy(() => crossEntropy(forward(unpack(th, layout), tf.tensor2d(p, [1, 2]), 'tanh').logits, y).loss);
      const v = (await t.data())[0]!;
      t.dispose();
      return v;
    };
    const g = tf.tidy(() => inputGradient(th, layout, tf.tensor2d(x, [1, 2]), y, 'tanh'));
    const gv = await g.data();
    const h = 1e-2;
    for (let i = 0; i < 2; i++) {
      const plus = [...x];
      const minus = [...x];
      plus[i]! += h;
      minus[i]! -= h;
      expect(gv[i]).toBeCloseTo(((await loss(plus)) - (await loss(minus))) / (2 * h), 3);
    }
    tf.dispose([g, th, y]);
  });
});

describe('exact kink counter for deeper nets', () => {
  /** Sign changes of every hidden unit of every layer on a fine grid of t, forward pass in float64. */
  function bruteForceDeep(theta: Float32Array, d: Float32Array, layout: ReturnType<typeof mlpLayout>, x: Float32Array, n: number, lo: number, hi: number, points: number) {
    const hidden = layout.layers.slice(0, -1);
    const perExample = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      let prev: number[] | null = null;
      for (let g = 0; g < points; g++) {
        const t = lo + ((hi - lo) * g) / (points - 1);
        let a = Array.from(x.subarray(e * 2, e * 2 + 2));
        const pattern: number[] = [];
        for (const l of hidden) {
          const out: number[] = [];
          for (let u = 0; u < l.outputs; u++) {
            let z = theta[l.bOffset + u]! + t * d[l.bOffset + u]!;
            for (let i = 0; i < l.inputs; i++) z += a[i]! * (theta[l.wOffset + i * l.outputs + u]! + t * d[l.wOffset + i * l.outputs + u]!);
            pattern.push(z > 0 ? 1 : 0);
            out.push(Math.max(0, z));
          }
          a = out;
        }
        if (prev) for (let k = 0; k < pattern.length; k++) if (pattern[k] !== prev[k]) perExample[e]!++;
        prev = pattern;
      }
    }
    return perExample;
  }

  it.each([
    [[2, 5, 4, 2], 21],
    [[2, 4, 3, 3, 2], 22],
  ] as const)('matches a brute-force fine-grid count (%j)', (sizes, seed) => {
    const layout = mlpLayout([...sizes]);
    const theta = initParams(layout, 'relu', createRng(seed));
    layout.layers.forEach((l, li) => {
      for (let j = 0; j < l.outputs; j++) theta[l.bOffset + j] = 0.2 * (j - l.outputs / 2) * (li + 1) * 0.5;
    });
    const d = filterNormalize(gaussianDirection(layout, createRng(seed + 1)), theta, layout);
    const n = 6;
    const { x } = randomPoints(n, seed + 2);
    const exact = exactKinks(theta, d, layout, x, n, -1.5, 1.5);
    const brute = bruteForceDeep(theta, d, layout, x, n, -1.5, 1.5, 200_001);
    expect(Array.from(exact.perExample)).toEqual(Array.from(brute));
    expect(exact.total).toBeGreaterThan(n);
    // Later layers bend: some unit past the first crosses zero more than once or its crossings are
    // not where any first-layer root is, so the walk is doing more than the one-layer formula.
    const one = exactKinksOneHidden(theta, d, { ...layout, layers: layout.layers.slice(0, 1) }, x, n, -1.5, 1.5);
    expect(exact.total).toBeGreaterThan(one.total);
  });

  it('agrees with the one-hidden-layer formula on a one-hidden-layer net', () => {
    const layout = mlpLayout([2, 8, 2]);
    const theta = initParams(layout, 'relu', createRng(31));
    const d = filterNormalize(gaussianDirection(layout, createRng(32)), theta, layout);
    const { x } = randomPoints(10, 33);
    const a = exactKinks(theta, d, layout, x, 10, -1, 1);
    const b = exactKinksOneHidden(theta, d, layout, x, 10, -1, 1);
    expect(Array.from(a.perExample)).toEqual(Array.from(b.perExample));
    for (let k = 0; k < a.total; k++) expect(a.positions[k]).toBeCloseTo(b.positions[k]!, 6);
  });

  it('finds the sign-changing roots of a cubic and skips a double root', () => {
    // (t − 0.5)(t + 0.25)(t − 2), and (t − 0.5)²(t + 1) with exact coefficients
    const cubic = Float64Array.of(0.25, 0.375, -2.25, 1);
    expect(signChangeRoots(cubic, -1, 1).map((r) => Math.round(r * 1e9) / 1e9)).toEqual([-0.25, 0.5]);
    const touching = Float64Array.of(0.25, -0.75, 0, 1);
    expect(signChangeRoots(touching, -0.9, 1)).toEqual([]);
  });
});
