import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { mlpLayout, type Activation, type MlpLayout } from './flat-mlp';
import { computeNetworkFrame, mapGridTensor, networkPass } from './unit-maps';
import { gridPoints, layerOffsets, MAX_DRAWN_UNITS, unitValues, type NetworkFrame } from './network-frame';
import { createRng } from '../rng';
import { baselineExperiment } from '../experiments/baseline-mlp';
import { lossSurfaceExperiment } from '../experiments/loss-surface';
import type { Run } from '../experiment';

/** Plain-JS forward pass in float64: every hidden unit's pre-activation, and p(class 1), at one point. */
function exactForward(sizes: number[], w: Float32Array, activation: Activation, x: [number, number]): { pre: number[][]; p1: number } {
  const act = (z: number) => (activation === 'relu' ? Math.max(0, z) : activation === 'tanh' ? Math.tanh(z) : z);
  let a: number[] = x;
  const pre: number[][] = [];
  const layers = layerOffsets(sizes);
  layers.forEach((l, li) => {
    const z = Array.from({ length: l.outputs }, (_, j) => {
      let s = w[l.bOffset + j]!;
      for (let i = 0; i < l.inputs; i++) s += a[i]! * w[l.wOffset + i * l.outputs + j]!;
      return s;
    });
    if (li < layers.length - 1) {
      pre.push(z);
      a = z.map(act);
    } else {
      a = z;
    }
  });
  return { pre, p1: 1 / (1 + Math.exp(a[0]! - a[1]!)) };
}

/** Every drawn unit's dequantised map and the output map against the exact pass at every grid point. */
function checkAgainstExact(frame: NetworkFrame, label: string) {
  const n = frame.resolution;
  const xy = gridPoints(n, frame.extent);
  const exact = Array.from({ length: n * n }, (_, k) => exactForward(frame.sizes, frame.weights, frame.activation as Activation, [xy[2 * k]!, xy[2 * k + 1]!]));
  let index = 0;
  frame.drawn.forEach((count, layer) => {
    for (let unit = 0; unit < count; unit++, index++) {
      const values = unitValues(frame, { layer, unit })!;
      const lo = frame.ranges[2 * index]!;
      const hi = frame.ranges[2 * index + 1]!;
      // Quantisation: half a step of the map's own range; float32 arithmetic: 1e-5 of the values' scale.
      const tol = (hi - lo) / 510 + 1e-5 * (1 + Math.abs(lo) + Math.abs(hi));
      let worst = 0;
      for (let k = 0; k < n * n; k++) worst = Math.max(worst, Math.abs(values[k]! - exact[k]!.pre[layer]![unit]!));
      expect(worst, `${label} layer ${layer} unit ${unit}`).toBeLessThanOrEqual(tol);
    }
  });
  let worstP = 0;
  for (let k = 0; k < n * n; k++) worstP = Math.max(worstP, Math.abs(frame.output[k]! / 255 - exact[k]!.p1));
  // The output map is p × 255 rounded: half a code, plus float32 rounding.
  expect(worstP, `${label} output`).toBeLessThanOrEqual(0.5 / 255 + 1e-5);
}

function randomTheta(layout: MlpLayout, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: layout.size }, () => 0.8 * rng.normal());
}

describe('unit maps from one batched pass', () => {
  it('match an exact float64 forward pass at every grid point, for 5 seeds × 3 activations (all 15)', async () => {
    const layout = mlpLayout([2, 5, 4, 2]);
    const grid = mapGridTensor(2, 16);
    for (let seed = 1; seed <= 5; seed++) {
      for (const activation of ['relu', 'tanh', 'linear'] as const) {
        const theta = tf.tensor1d(randomTheta(layout, seed));
        const frame = await computeNetworkFrame(theta, layout, grid, activation, 2);
        theta.dispose();
        expect(frame.finite).toBe(true);
        expect(frame.resolution).toBe(16);
        expect(frame.maps.length).toBe(9 * 16 * 16);
        checkAgainstExact(frame, `seed ${seed} ${activation}`);
      }
    }
    grid.dispose();
  });

  it('ride on another raster’s pass: its rows first, the maps’ after, same frame either way', async () => {
    const layout = mlpLayout([2, 3, 2]);
    const theta = tf.tensor1d(randomTheta(layout, 7));
    const other = tf.randomUniform([10, 2], -2, 2, 'float32', 3) as tf.Tensor2D;
    const grid = mapGridTensor(2, 8);
    const both = tf.concat([other, grid]) as tf.Tensor2D;
    const alone = await networkPass(theta, layout, grid, 'relu', 2);
    const shared = await networkPass(theta, layout, both, 'relu', 2, 10);
    expect(shared.network.resolution).toBe(8);
    expect(shared.probability.length).toBe(74);
    expect(Array.from(shared.network.output)).toEqual(Array.from(alone.network.output));
    for (let i = 0; i < alone.network.ranges.length; i++) expect(shared.network.ranges[i]).toBeCloseTo(alone.network.ranges[i]!, 5);
    checkAgainstExact(shared.network, 'shared');
    // The raster's own rows: p(class 1) at its points, exactly as a forward pass gives it.
    const xy = await other.data();
    for (let k = 0; k < 10; k++) {
      const p = exactForward([2, 3, 2], shared.network.weights, 'relu', [xy[2 * k]!, xy[2 * k + 1]!]).p1;
      expect(shared.probability[k]).toBeCloseTo(p, 5);
    }
    tf.dispose([theta, other, grid, both]);
  });
});

/** Runs made by a test, disposed even when an assertion fails. */
const live: Run<unknown>[] = [];
afterEach(() => {
  for (const r of live.splice(0)) r.dispose();
});

describe('the network frame in the experiments’ snapshots', () => {
  it('baseline: 2-16-16-2 at 64 × 64 per unit, equal to the exact pass of the weights it sends', async () => {
    const run = baselineExperiment.create(3, { points: 128 });
    live.push(run as Run<unknown>);
    await run.step(20);
    const { data } = await run.snapshot();
    const net = data.network!;
    expect(net.sizes).toEqual([2, 16, 16, 2]);
    expect(net.drawn).toEqual([16, 16]);
    expect(net.resolution).toBe(64);
    expect(net.maps.length).toBe(32 * 64 * 64);
    expect(Array.from(net.weights)).toEqual(Array.from((await run.checkpoint!()).arrays.theta!));
    checkAgainstExact(net, 'baseline');
  });

  it('baseline: a layer of 64 units is capped at MAX_DRAWN_UNITS maps', async () => {
    const run = baselineExperiment.create(1, { points: 64, hidden: [64, 8] });
    live.push(run as Run<unknown>);
    const net = (await run.snapshot()).data.network!;
    expect(net.sizes).toEqual([2, 64, 8, 2]);
    expect(net.drawn).toEqual([MAX_DRAWN_UNITS, 8]);
    expect(net.maps.length).toBe((MAX_DRAWN_UNITS + 8) * 64 * 64);
    checkAgainstExact(net, 'capped');
  });

  it('loss surface: the same frame, from its own pass over the maps’ grid', async () => {
    const run = lossSurfaceExperiment.create(2, { points: 64 });
    live.push(run as Run<unknown>);
    await run.step(5);
    const net = (await run.snapshot()).data.network!;
    expect(net.drawn).toEqual([16, 16]);
    checkAgainstExact(net, 'loss surface');
  });
});
