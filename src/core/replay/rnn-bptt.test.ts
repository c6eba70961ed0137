import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradient functions; the autodiff referee needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '../rng';
import { bpttGradient } from './rnn-bptt';
import { copyBatch, initRnn, rnnLayout, unpackRnn, type CopyBatch, type RnnLayout } from './rnn';
import { numForw } from './formulas';
import { planSchedule, type PlanRequest } from './strategies';
import { ScheduleBuilder } from './schedule';

function schedule(req: PlanRequest) {
  const plan = planSchedule(req);
  if (!plan.ok) throw new Error(plan.reason);
  return plan.schedule;
}

/** The same loss written plainly and differentiated by tfjs autodiff: the hand-written BPTT's referee. */
function autodiffGradient(theta: tf.Tensor1D, L: RnnLayout, b: CopyBatch): tf.Tensor1D {
  const f = (th: tf.Tensor) => {
    const w = unpackRnn(th as tf.Tensor1D, L);
    let h: tf.Tensor2D = tf.zeros([b.batch, L.hidden]);
    let sum: tf.Scalar = tf.scalar(0);
    for (let t = 1; t <= b.T; t++) {
      const x = b.inputs.subarray((t - 1) * b.batch, t * b.batch);
      const xt = tf.stack([tf.tensor1d(x), tf.onesLike(tf.tensor1d(x))], 1) as tf.Tensor2D;
      h = tf.tanh(tf.add(tf.matMul(h, w.wh), tf.matMul(xt, w.win))) as tf.Tensor2D;
      if (t > b.delay) {
        const target = tf.tensor2d(b.inputs.subarray((t - 1 - b.delay) * b.batch, (t - b.delay) * b.batch), [b.batch, 1]);
        sum = tf.add(sum, tf.sum(tf.square(tf.sub(tf.add(tf.matMul(h, w.wo), w.bo), target))));
      }
    }
    return tf.div(sum, b.batch * (b.T - b.delay)) as tf.Scalar;
  };
  return tf.tidy(() => tf.grad(f)(theta) as tf.Tensor1D);
}

function setup(T: number, hidden = 8, seed = 7) {
  const L = rnnLayout(hidden);
  const theta = tf.tensor1d(initRnn(L, createRng(seed)));
  const batch = copyBatch(createRng(seed + 1), T, 4, 3);
  return { L, theta, batch };
}

async function gradientOf(theta: tf.Tensor1D, L: RnnLayout, batch: CopyBatch, req: PlanRequest) {
  const r = bpttGradient(theta, L, batch, schedule(req));
  const [g, loss, norms] = await Promise.all([r.gradient.data(), r.loss.data(), r.gradNormSq.data()]);
  tf.dispose([r.gradient, r.loss, r.gradNormSq]);
  return { g, loss: loss[0]!, norms, execution: r.execution };
}

describe('BPTT under memory schedules', () => {
  it('matches tfjs autodiff', async () => {
    const { L, theta, batch } = setup(12);
    const ours = await gradientOf(theta, L, batch, { T: 12, strategy: 'revolve', s: 2 });
    const refT = autodiffGradient(theta, L, batch);
    const ref = await refT.data();
    tf.dispose([refT, theta]);
    // Not vacuous: the reference gradient is far from zero.
    expect(Math.max(...Array.from(ref, Math.abs))).toBeGreaterThan(1e-2);
    for (let i = 0; i < ref.length; i++) expect(ours.g[i]).toBeCloseTo(ref[i]!, 5);
  });

  it('gives the same gradient (1e-5) under every strategy, at T = 7, 33 and 100', async () => {
    for (const T of [7, 33, 100]) {
      const { L, theta, batch } = setup(T);
      const base = await gradientOf(theta, L, batch, { T, strategy: 'store-all' });
      const others: PlanRequest[] = [
        { T, strategy: 'sqrt' },
        { T, strategy: 'every-k', k: 5 },
        { T, strategy: 'revolve', s: 1 },
        { T, strategy: 'revolve', s: 3 },
        { T, strategy: 'revolve', s: 8 },
      ];
      for (const req of others) {
        const r = await gradientOf(theta, L, batch, req);
        for (let i = 0; i < base.g.length; i++) expect(Math.abs(r.g[i]! - base.g[i]!)).toBeLessThan(1e-5);
        expect(Math.abs(r.loss - base.loss)).toBeLessThan(1e-6);
        for (let t = 0; t < T; t++) expect(Math.abs(Math.sqrt(r.norms[t]!) - Math.sqrt(base.norms[t]!))).toBeLessThan(1e-5);
        // The counts the RNN run reports are the ones it executed.
        if (req.strategy === 'revolve') expect(r.execution.forwardSteps).toBe(numForw(T, req.s!));
      }
      theta.dispose();
    }
  });

  it('records a finite, non-zero gradient norm for every step', async () => {
    const { L, theta, batch } = setup(20);
    const r = await gradientOf(theta, L, batch, { T: 20, strategy: 'sqrt' });
    theta.dispose();
    expect(r.norms.length).toBe(20);
    for (const n of r.norms) expect(Number.isFinite(n) && n > 0).toBe(true);
  });

  it('leaves no tensors behind, even when the schedule is rejected halfway', async () => {
    const { L, theta, batch } = setup(30);
    const before = tf.memory().numTensors;
    for (const req of [{ T: 30, strategy: 'revolve', s: 2 }, { T: 30, strategy: 'store-all' }] as PlanRequest[]) {
      const r = bpttGradient(theta, L, batch, schedule(req));
      tf.dispose([r.gradient, r.loss, r.gradNormSq]);
    }
    expect(tf.memory().numTensors).toBe(before);
    const bad = new ScheduleBuilder(30);
    bad.store();
    bad.advance(5);
    bad.backward(30);
    expect(() => bpttGradient(theta, L, batch, bad.build())).toThrow(/register/);
    expect(tf.memory().numTensors).toBe(before);
    theta.dispose();
  });
});
