import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZERS, createOptimizer, type OptimizerKind, type OptimizerSettings } from './flat-optimizers';
import { createRng } from '../rng';

const TOL = 1e-6;
const EPS = 1e-8;

const theta0 = [0.5, -1, 2, 0.25, -0.75];
// One zero entry: every rule must leave that coordinate alone.
const grad = [0.1, -0.2, 0.3, 0, -0.05];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Run `grads.length` updates of one optimiser from `start` and read back theta after each. */
async function run(
  kind: OptimizerKind,
  start: number[],
  grads: number[][],
  settings: OptimizerSettings | OptimizerSettings[],
): Promise<Float32Array[]> {
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(start)));
  const opt = createOptimizer(kind, start.length);
  const out: Float32Array[] = [];
  for (let t = 0; t < grads.length; t++) {
    const s = Array.isArray(settings) ? settings[t]! : settings;
    tf.tidy(() => opt.apply(theta, tf.tensor1d(grads[t]!), s));
    out.push((await theta.data()) as Float32Array);
  }
  opt.dispose();
  theta.dispose();
  return out;
}

describe('one step equals the closed-form update', () => {
  const lr = 0.1;
  const beta = 0.9;
  const cases: Record<OptimizerKind, (th: number, g: number) => number> = {
    sgd: (th, g) => th - lr * g,
    // v1 = β·0 + g.
    momentum: (th, g) => th - lr * g,
    // ms1 = (1 − ρ) g².
    rmsprop: (th, g) => th - (lr * g) / (Math.sqrt((1 - beta) * g * g) + EPS),
    // ss1 = g².
    adagrad: (th, g) => th - (lr * g) / (Math.abs(g) + EPS),
    // m̂ = m/(1−β₁) = g, v̂ = v/(1−β₂) = g²: the first Adam step is lr·sign(g) (up to ε).
    adam: (th, g) => {
      const m = (1 - beta) * g;
      const v = (1 - 0.999) * g * g;
      const mHat = m / (1 - beta);
      const vHat = v / (1 - 0.999);
      return th - (lr * mHat) / (Math.sqrt(vHat) + EPS);
    },
  };

  for (const kind of OPTIMIZERS) {
    it(kind, async () => {
      const [after] = await run(kind, theta0, [grad], { learningRate: lr, beta });
      const expected = theta0.map((th, i) => cases[kind](th, grad[i]!));
      expect(maxAbsDiff(after!, expected)).toBeLessThan(TOL);
      // Non-vacuous: every non-zero gradient entry moved its weight by at least 1e-3.
      theta0.forEach((th, i) => {
        if (grad[i] !== 0) expect(Math.abs(after![i]! - th)).toBeGreaterThan(1e-3);
        else expect(after![i]).toBe(th);
      });
    });
  }
});

describe('second steps distinguish the stateful rules', () => {
  const g2 = [-0.3, 0.1, 0.2, 0.4, -0.05];
  const lr = 0.05;
  const beta = 0.8;

  it('momentum: v2 = β g1 + g2', async () => {
    const [, after] = await run('momentum', theta0, [grad, g2], { learningRate: lr, beta });
    const expected = theta0.map((th, i) => th - lr * grad[i]! - lr * (beta * grad[i]! + g2[i]!));
    expect(maxAbsDiff(after!, expected)).toBeLessThan(TOL);
  });

  it('rmsprop: ms2 = ρ(1−ρ) g1² + (1−ρ) g2²', async () => {
    const [, after] = await run('rmsprop', theta0, [grad, g2], { learningRate: lr, beta });
    const expected = theta0.map((th, i) => {
      const ms1 = (1 - beta) * grad[i]! ** 2;
      const ms2 = beta * ms1 + (1 - beta) * g2[i]! ** 2;
      return th - (lr * grad[i]!) / (Math.sqrt(ms1) + EPS) - (lr * g2[i]!) / (Math.sqrt(ms2) + EPS);
    });
    expect(maxAbsDiff(after!, expected)).toBeLessThan(TOL);
  });

  it('adagrad: ss2 = g1² + g2²', async () => {
    const [, after] = await run('adagrad', theta0, [grad, g2], { learningRate: lr, beta });
    const expected = theta0.map((th, i) => {
      const ss1 = grad[i]! ** 2;
      const ss2 = ss1 + g2[i]! ** 2;
      return th - (lr * grad[i]!) / (Math.sqrt(ss1) + EPS) - (lr * g2[i]!) / (Math.sqrt(ss2) + EPS);
    });
    expect(maxAbsDiff(after!, expected)).toBeLessThan(TOL);
  });

  it('hyper-parameters are read at every step', async () => {
    const [, after] = await run('sgd', theta0, [grad, grad], [
      { learningRate: 0.1, beta: 0 },
      { learningRate: 0.5, beta: 0 },
    ]);
    expect(maxAbsDiff(after!, theta0.map((th, i) => th - 0.6 * grad[i]!))).toBeLessThan(TOL);
  });
});

describe('adam over several steps', () => {
  /** Textbook Adam (Kingma & Ba, Algorithm 1) in float64. */
  function adamReference(start: number[], grads: number[][], lr: number, beta1: number): number[][] {
    const beta2 = 0.999;
    const th = [...start];
    const m = new Array(th.length).fill(0);
    const v = new Array(th.length).fill(0);
    const out: number[][] = [];
    grads.forEach((g, k) => {
      const t = k + 1;
      for (let i = 0; i < th.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]!;
        v[i] = beta2 * v[i] + (1 - beta2) * g[i]! ** 2;
        const mHat = m[i] / (1 - beta1 ** t);
        const vHat = v[i] / (1 - beta2 ** t);
        th[i] = th[i]! - (lr * mHat) / (Math.sqrt(vHat) + EPS);
      }
      out.push([...th]);
    });
    return out;
  }

  it('12 steps with varying gradients match the reference after every step', async () => {
    const rng = createRng(42);
    const p = 6;
    const start = Array.from({ length: p }, () => rng.normal());
    const grads = Array.from({ length: 12 }, () => Array.from({ length: p }, () => 0.3 * rng.normal()));
    const lr = 0.01;
    const beta1 = 0.9;
    const got = await run('adam', start, grads, { learningRate: lr, beta: beta1 });
    const want = adamReference(start, grads, lr, beta1);
    got.forEach((g, t) => expect(maxAbsDiff(g, want[t]!), `step ${t + 1}`).toBeLessThan(TOL));
    // Without bias correction the first steps would be ~3× too small; make sure the trajectory moved.
    expect(maxAbsDiff(got[11]!, start)).toBeGreaterThan(0.03);
  });

  it('bias correction matters: a constant gradient moves each weight by lr per step from the first step', async () => {
    const lr = 0.02;
    const grads = Array.from({ length: 5 }, () => [0.5, -0.5]);
    const got = await run('adam', [0, 0], grads, { learningRate: lr, beta: 0.9 });
    got.forEach((g, t) => expect(maxAbsDiff(g, [-lr * (t + 1), lr * (t + 1)])).toBeLessThan(TOL));
  });
});

describe('state lifecycle', () => {
  it('dispose releases the moment variables; apply leaks nothing inside tidy', async () => {
    for (const kind of OPTIMIZERS) {
      const before = tf.memory().numTensors;
      // tidy releases the initial value; the variable itself survives it.
      const theta = tf.tidy(() => tf.variable(tf.tensor1d(theta0)));
      const opt = createOptimizer(kind, theta0.length);
      const withState = tf.memory().numTensors;
      for (let k = 0; k < 3; k++) tf.tidy(() => opt.apply(theta, tf.tensor1d(grad), { learningRate: 0.1, beta: 0.9 }));
      expect(tf.memory().numTensors, kind).toBe(withState);
      opt.dispose();
      theta.dispose();
      expect(tf.memory().numTensors, kind).toBe(before);
    }
  });

  it('a fresh optimiser of the same kind starts from zero state', async () => {
    const a = await run('adam', theta0, [grad], { learningRate: 0.1, beta: 0.9 });
    const b = await run('adam', theta0, [grad], { learningRate: 0.1, beta: 0.9 });
    expect(Array.from(a[0]!)).toEqual(Array.from(b[0]!));
  });
});
