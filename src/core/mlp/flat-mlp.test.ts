import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradient functions; autodiff (the reference here) needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  ACTIVATIONS,
  crossEntropy,
  evaluate,
  forward,
  initParams,
  lossAndGradient,
  mlpLayout,
  perExampleGradients,
  predictProbability,
  unpack,
  type Activation,
  type MlpLayout,
} from './flat-mlp';
import { createRng } from '../rng';

const TOL = 1e-5;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * A small random problem: every parameter (biases included) is random so that no gradient entry is
 * trivially zero, and there are more than two classes so the layout's generality is exercised.
 */
function problem(seed: number, sizes: number[], n: number) {
  const rng = createRng(seed);
  const layout = mlpLayout(sizes);
  const theta = Float32Array.from({ length: layout.size }, () => 0.7 * rng.normal());
  const inputs = sizes[0]!;
  const classes = sizes[sizes.length - 1]!;
  const x = Float32Array.from({ length: n * inputs }, () => rng.normal());
  const labels = Int32Array.from({ length: n }, () => rng.int(classes));
  const onehot = new Float32Array(n * classes);
  labels.forEach((c, i) => (onehot[i * classes + c] = 1));
  return { layout, theta, x, onehot, n, inputs, classes };
}

/** The same mean loss, written with tf ops only, so tfjs' autodiff can differentiate it. */
function autodiffGradient(
  layout: MlpLayout,
  theta: tf.Tensor1D,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
): tf.Tensor1D {
  const f = (t: tf.Tensor) => crossEntropy(forward(unpack(t as tf.Tensor1D, layout), x, activation).logits, onehot).loss;
  return tf.grad(f)(theta) as tf.Tensor1D;
}

describe('mlpLayout', () => {
  it('2-16-16-2 has 354 parameters at the documented offsets', () => {
    const l = mlpLayout([2, 16, 16, 2]);
    expect(l.size).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
    expect(l.size).toBe(354);
    expect(l.layers).toEqual([
      { inputs: 2, outputs: 16, wOffset: 0, bOffset: 32 },
      { inputs: 16, outputs: 16, wOffset: 48, bOffset: 304 },
      { inputs: 16, outputs: 2, wOffset: 320, bOffset: 352 },
    ]);
  });

  it('counts other shapes by the closed form Σ (in·out + out)', () => {
    for (const sizes of [[2, 2], [2, 8, 2], [3, 5, 7, 11, 4], [2, 64, 64, 64, 64, 64, 64, 2]]) {
      let expected = 0;
      for (let l = 0; l + 1 < sizes.length; l++) expected += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
      expect(mlpLayout(sizes).size).toBe(expected);
    }
  });

  it('copies its sizes', () => {
    const sizes = [2, 4, 2];
    const l = mlpLayout(sizes);
    sizes[1] = 99;
    expect(l.sizes).toEqual([2, 4, 2]);
  });
});

describe('initParams', () => {
  it('is deterministic for a seed, differs across seeds, and leaves biases at zero', () => {
    const layout = mlpLayout([2, 16, 16, 2]);
    const a = initParams(layout, 'relu', createRng(5));
    const b = initParams(layout, 'relu', createRng(5));
    const c = initParams(layout, 'relu', createRng(6));
    expect(a).toEqual(b);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0.1);
    for (const l of layout.layers) {
      expect(Array.from(a.subarray(l.bOffset, l.bOffset + l.outputs))).toEqual(new Array(l.outputs).fill(0));
      // No weight is exactly zero (they are drawn from a normal).
      expect(a.subarray(l.wOffset, l.wOffset + l.inputs * l.outputs).every((w) => w !== 0)).toBe(true);
    }
  });

  it('uses He scale sqrt(2/in) for relu and Glorot sqrt(2/(in+out)) otherwise (std within 5% on 8192 draws)', () => {
    const layout = mlpLayout([64, 128, 2]);
    const first = layout.layers[0]!;
    const std = (theta: Float32Array) => {
      const w = theta.subarray(first.wOffset, first.wOffset + first.inputs * first.outputs);
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      return Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    };
    expect(Math.abs(std(initParams(layout, 'relu', createRng(1))) / Math.sqrt(2 / 64) - 1)).toBeLessThan(0.05);
    expect(Math.abs(std(initParams(layout, 'tanh', createRng(1))) / Math.sqrt(2 / 192) - 1)).toBeLessThan(0.05);
    expect(Math.abs(std(initParams(layout, 'linear', createRng(1))) / Math.sqrt(2 / 192) - 1)).toBeLessThan(0.05);
  });
});

describe('forward and crossEntropy by hand', () => {
  // 2-2-2 net. W1 = [[1,2],[3,4]] (row = input), b1 = [0.5,-10], W2 = [[1,-1],[2,0.5]], b2 = [0.1,0.2].
  const layout = mlpLayout([2, 2, 2]);
  const theta = [1, 2, 3, 4, 0.5, -10, 1, -1, 2, 0.5, 0.1, 0.2];

  it('computes logits with row-major [in, out] weights', async () => {
    // x = (1,1): z1 = (1+3+0.5, 2+4-10) = (4.5, -4).
    const expected: Record<Activation, [number, number]> = {
      relu: [4.5 * 1 + 0 * 2 + 0.1, 4.5 * -1 + 0 * 0.5 + 0.2],
      tanh: [Math.tanh(4.5) + 2 * Math.tanh(-4) + 0.1, -Math.tanh(4.5) + 0.5 * Math.tanh(-4) + 0.2],
      linear: [4.5 - 8 + 0.1, -4.5 - 2 + 0.2],
    };
    for (const act of ACTIVATIONS) {
      const logits = tf.tidy(() => forward(unpack(tf.tensor1d(theta), layout), tf.tensor2d([[1, 1]]), act).logits);
      const v = await logits.data();
      logits.dispose();
      expect(maxAbsDiff(v, expected[act]), act).toBeLessThan(1e-5);
    }
  });

  it('cross-entropy and its logit gradient match the closed form', async () => {
    // Logits (0, ln 3) → p = (1/4, 3/4). Label 1: loss −ln(3/4); dLogits = p − onehot = (1/4, −1/4).
    // Label 0 on a second row with logits (0,0): loss ln 2; dLogits = (−1/2, 1/2). Mean loss = their average.
    const { loss, dLogits } = crossEntropy(
      tf.tensor2d([
        [0, Math.log(3)],
        [0, 0],
      ]),
      tf.tensor2d([
        [0, 1],
        [1, 0],
      ]),
    );
    expect((await loss.data())[0]).toBeCloseTo((-Math.log(0.75) + Math.log(2)) / 2, 6);
    expect(maxAbsDiff(await dLogits.data(), [0.25, -0.25, -0.5, 0.5])).toBeLessThan(1e-6);
    tf.dispose([loss, dLogits]);
  });

  it('predictProbability is softmax class 1 and evaluate counts argmax hits', async () => {
    // relu logits at (1,1) are (4.6, −4.3): class 0 wins; at (−1,−1) z1 = (−3.5, −16) → a = 0, logits = b2 → class 1.
    const [p, ev] = tf.tidy(() => {
      const t = tf.tensor1d(theta);
      const x = tf.tensor2d([
        [1, 1],
        [-1, -1],
      ]);
      const e = evaluate(t, layout, x, tf.tensor2d([
        [1, 0],
        [1, 0],
      ]), 'relu');
      return [predictProbability(t, layout, x, 'relu'), tf.stack([e.loss, e.accuracy])];
    });
    const probs = await p.data();
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(probs[0]).toBeCloseTo(sig(-4.3 - 4.6), 6);
    expect(probs[1]).toBeCloseTo(sig(0.2 - 0.1), 6);
    const [loss, acc] = await ev.data();
    expect(acc).toBe(0.5);
    expect(loss).toBeCloseTo((-Math.log(1 - sig(-8.9)) - Math.log(1 - sig(0.1))) / 2, 5);
    tf.dispose([p, ev]);
  });
});

describe('lossAndGradient against tfjs autodiff', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: flat gradient equals tf.grad to ${TOL}`, async () => {
      const pr = problem(17, [3, 6, 5, 4], 9);
      const before = tf.memory().numTensors;
      const [loss, grad, auto, autoLoss] = tf.tidy(() => {
        const theta = tf.tensor1d(pr.theta);
        const x = tf.tensor2d(pr.x, [pr.n, pr.inputs]);
        const y = tf.tensor2d(pr.onehot, [pr.n, pr.classes]);
        const r = lossAndGradient(theta, pr.layout, x, y, activation);
        const autoLoss = crossEntropy(forward(unpack(theta, pr.layout), x, activation).logits, y).loss;
        return [r.loss, r.gradient, autodiffGradient(pr.layout, theta, x, y, activation), autoLoss];
      });
      expect(grad.shape).toEqual([pr.layout.size]);
      const g = await grad.data();
      const a = await auto.data();
      expect(maxAbsDiff(g, a)).toBeLessThan(TOL);
      // The test is not vacuous: the gradient is far from zero.
      expect(Math.max(...Array.from(a, Math.abs))).toBeGreaterThan(0.05);
      expect((await loss.data())[0]).toBeCloseTo((await autoLoss.data())[0]!, 6);
      tf.dispose([loss, grad, auto, autoLoss]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('relu at a default-sized 2-16-16-2 net from initParams agrees as well', async () => {
    const pr = problem(4, [2, 16, 16, 2], 32);
    const init = initParams(pr.layout, 'relu', createRng(8));
    const [grad, auto] = tf.tidy(() => {
      const theta = tf.tensor1d(init);
      const x = tf.tensor2d(pr.x, [pr.n, 2]);
      const y = tf.tensor2d(pr.onehot, [pr.n, 2]);
      return [lossAndGradient(theta, pr.layout, x, y, 'relu').gradient, autodiffGradient(pr.layout, theta, x, y, 'relu')];
    });
    expect(maxAbsDiff(await grad.data(), await auto.data())).toBeLessThan(TOL);
    tf.dispose([grad, auto]);
  });
});

describe('perExampleGradients', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: rows average to the full gradient, and row i is example i's own gradient`, async () => {
      const pr = problem(23, [3, 6, 5, 4], 7);
      const P = pr.layout.size;
      const [per, full, singles] = tf.tidy(() => {
        const theta = tf.tensor1d(pr.theta);
        const x = tf.tensor2d(pr.x, [pr.n, pr.inputs]);
        const y = tf.tensor2d(pr.onehot, [pr.n, pr.classes]);
        const per = perExampleGradients(theta, pr.layout, x, y, activation);
        const full = lossAndGradient(theta, pr.layout, x, y, activation).gradient;
        // Autodiff of each example alone, stacked [n, P].
        const singles = tf.stack(
          Array.from({ length: pr.n }, (_, i) =>
            autodiffGradient(
              pr.layout,
              theta,
              tf.slice(x, [i, 0], [1, -1]) as tf.Tensor2D,
              tf.slice(y, [i, 0], [1, -1]) as tf.Tensor2D,
              activation,
            ),
          ),
        );
        return [per, full, singles];
      });
      expect(per.shape).toEqual([pr.n, P]);
      const rows = await per.data();
      const g = await full.data();
      const mean = new Float64Array(P);
      for (let i = 0; i < pr.n; i++) for (let j = 0; j < P; j++) mean[j]! += rows[i * P + j]! / pr.n;
      expect(maxAbsDiff(mean, g)).toBeLessThan(TOL);
      expect(maxAbsDiff(rows, await singles.data())).toBeLessThan(TOL);
      // Rows genuinely differ from one another (else "average = full" would be trivial).
      expect(maxAbsDiff(rows.subarray(0, P), rows.subarray(P, 2 * P))).toBeGreaterThan(0.01);
      tf.dispose([per, full, singles]);
    });
  }

  it('a one-example batch gives the same row as lossAndGradient', async () => {
    const pr = problem(31, [2, 4, 2], 1);
    const [per, full] = tf.tidy(() => {
      const theta = tf.tensor1d(pr.theta);
      const x = tf.tensor2d(pr.x, [1, 2]);
      const y = tf.tensor2d(pr.onehot, [1, 2]);
      return [
        perExampleGradients(theta, pr.layout, x, y, 'tanh'),
        lossAndGradient(theta, pr.layout, x, y, 'tanh').gradient,
      ];
    });
    expect(maxAbsDiff(await per.data(), await full.data())).toBeLessThan(1e-6);
    tf.dispose([per, full]);
  });
});
