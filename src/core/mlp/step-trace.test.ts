/**
 * The slow-motion step is the real next step: a run that takes it traced ends bit for bit where a twin
 * that takes step(1) ends (weights, optimiser moments, random streams, later steps too); its gradient is
 * the loss's (a float64 finite difference on a tiny net); its Δθ is the change of the weights.
 * Each claim over 5 seeds, all 5 (cpu backend, as every core test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { baselineExperiment } from '../experiments/baseline-mlp';
import type { Run } from '../experiment';
import type { BaselineFrameData } from '../experiments/baseline-mlp.schema';
import { layerOffsets } from './network-frame';
import type { StepTrace } from './step-trace-frame';

const SEEDS = [1, 2, 3, 4, 5];
const live: Run<BaselineFrameData>[] = [];
function create(seed: number, params: Record<string, unknown> = {}): Run<BaselineFrameData> {
  const run = baselineExperiment.create(seed, params);
  live.push(run);
  return run;
}
afterEach(() => {
  for (const r of live.splice(0)) r.dispose();
});

async function trace(run: Run<BaselineFrameData>): Promise<StepTrace> {
  if (!run.traceStep) throw new Error('the baseline has no traceStep');
  return run.traceStep();
}

describe('a traced step is the real next step', () => {
  for (const optimizer of ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam']) {
    it(`${optimizer}: the same weights, moments and streams as step(1), then the same future (5 seeds, all 5, bit-identical)`, async () => {
      for (const seed of SEEDS) {
        const params = { optimizer, batch: 16 };
        const traced = create(seed, params);
        const plain = create(seed, params);
        await traced.step(6);
        await plain.step(6);
        const t = await trace(traced);
        await plain.step(1);
        expect(t.step).toBe(7);
        const [ct, cp] = await Promise.all([traced.checkpoint!(), plain.checkpoint!()]);
        expect(ct.step).toBe(7);
        // Every array and number a checkpoint holds: weights, moments, step losses, rng states.
        expect(ct.arrays).toEqual(cp.arrays);
        expect(ct.numbers).toEqual(cp.numbers);
        expect(t.after).toEqual(cp.arrays.theta);
        // The step loss recorded for step 7 is the trace's loss.
        expect(cp.arrays.stepLoss![6]).toBe(t.loss);
        // The optimiser state continues exactly: the next steps agree too.
        await traced.step(5);
        await plain.step(5);
        const [nt, np] = await Promise.all([traced.checkpoint!(), plain.checkpoint!()]);
        expect(nt.arrays.theta).toEqual(np.arrays.theta);
      }
    });
  }

  it('the traced step is kept by the history and the step counter like any other', async () => {
    for (const seed of SEEDS) {
      const run = create(seed);
      await run.step(4);
      const t = await trace(run);
      const m = await run.metrics();
      expect(m.step).toBe(5);
      expect(t.step).toBe(5);
      // History records every 5 steps: step 5 was due and is there.
      const c = await run.checkpoint!();
      expect(Array.from(c.arrays.historySteps!)).toContain(5);
    }
  });
});

/** The minibatch's mean cross-entropy at θ, in float64, written out independently of flat-mlp. */
function lossAt(theta: Float64Array, t: StepTrace): { loss: number; minAbsZ: number } {
  const offsets = layerOffsets(t.sizes);
  let total = 0;
  let minAbsZ = Infinity;
  for (let e = 0; e < t.batch; e++) {
    let a = [t.batchX[2 * e]!, t.batchX[2 * e + 1]!];
    offsets.forEach((l, li) => {
      const z = new Array<number>(l.outputs).fill(0);
      for (let j = 0; j < l.outputs; j++) {
        let s = theta[l.bOffset + j]!;
        for (let i = 0; i < l.inputs; i++) s += a[i]! * theta[l.wOffset + i * l.outputs + j]!;
        z[j] = s;
      }
      const last = li === offsets.length - 1;
      if (!last) for (const v of z) minAbsZ = Math.min(minAbsZ, Math.abs(v));
      a = last ? z : z.map((v) => (t.activation === 'relu' ? Math.max(0, v) : t.activation === 'tanh' ? Math.tanh(v) : v));
    });
    const m = Math.max(...a);
    const lse = m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - a[t.batchLabel[e]!]!;
  }
  return { loss: total / t.batch, minAbsZ };
}

describe('the traced numbers are the step’s own', () => {
  for (const activation of ['tanh', 'relu']) {
    it(`${activation}: the gradient matches a float64 central difference on a 2-3-2 net (5 seeds, all 5; |g − fd| ≤ 2e-5 + 1e-3 |fd|)`, async () => {
      for (const seed of SEEDS) {
        const run = create(seed, { hidden: [3], activation, batch: 8, optimizer: 'sgd' });
        await run.step(3);
        const t = await trace(run);
        expect(t.sizes).toEqual([2, 3, 2]);
        expect(t.batch).toBe(8);
        const theta = Float64Array.from(t.before);
        const at = lossAt(theta, t);
        // No unit sits within the difference's reach of its kink (else the check would be meaningless).
        expect(at.minAbsZ).toBeGreaterThan(1e-4);
        expect(Math.abs(at.loss - t.loss)).toBeLessThan(1e-5);
        const eps = 1e-6;
        for (let k = 0; k < theta.length; k++) {
          const keep = theta[k]!;
          theta[k] = keep + eps;
          const up = lossAt(theta, t).loss;
          theta[k] = keep - eps;
          const down = lossAt(theta, t).loss;
          theta[k] = keep;
          const fd = (up - down) / (2 * eps);
          expect(Math.abs(t.gradient[k]! - fd)).toBeLessThanOrEqual(2e-5 + 1e-3 * Math.abs(fd));
        }
      }
    });
  }

  it('Δθ is new θ − old θ exactly (float32), and for SGD it is −(learning rate) × gradient (5 seeds, all 5)', async () => {
    for (const seed of SEEDS) {
      const run = create(seed, { optimizer: 'sgd', learningRate: 0.05 });
      await run.step(2);
      const before = (await run.checkpoint!()).arrays.theta!;
      const t = await trace(run);
      const after = (await run.checkpoint!()).arrays.theta!;
      expect(t.before).toEqual(before);
      expect(t.after).toEqual(after);
      expect(t.learningRate).toBe(0.05);
      expect(t.optimizer).toBe('sgd');
      let moved = 0;
      for (let k = 0; k < t.change.length; k++) {
        expect(t.change[k]).toBe(Math.fround(after[k]! - before[k]!));
        // fround(θ − fround(lr·g)) − θ: two float32 roundings, each within half an ulp of its operands.
        const lrg = 0.05 * t.gradient[k]!;
        expect(Math.abs(t.change[k]! + lrg)).toBeLessThanOrEqual(1.2e-7 * (Math.abs(before[k]!) + 2 * Math.abs(lrg)) + 1e-30);
        if (t.change[k] !== 0) moved++;
      }
      expect(moved).toBeGreaterThan(t.change.length / 2);
    }
  });

  it('the deltas are the bias gradients, and the forward rows are the batch means and the first example (5 seeds, all 5)', async () => {
    for (const seed of SEEDS) {
      const run = create(seed, { batch: 12 });
      const t = await trace(run);
      const offsets = layerOffsets(t.sizes);
      t.delta.forEach((d, l) => expect(d).toEqual(t.gradient.slice(offsets[l]!.bOffset, offsets[l]!.bOffset + offsets[l]!.outputs)));
      // The input row: the minibatch's mean point and its first point.
      const mean0 = t.batchX.filter((_, k) => k % 2 === 0).reduce((s, v) => s + v, 0) / t.batch;
      expect(t.meanActivation[0]![0]).toBeCloseTo(mean0, 5);
      expect(Array.from(t.exampleActivation[0]!)).toEqual([t.batchX[0], t.batchX[1]]);
      // The output row is a probability pair; the example's own loss is −log p(its class).
      const p = t.exampleActivation[t.sizes.length - 1]!;
      expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
      expect(t.exampleLoss).toBeCloseTo(-Math.log(p[t.batchLabel[0]!]!), 4);
      expect(t.finite).toBe(true);
    }
  });
});
