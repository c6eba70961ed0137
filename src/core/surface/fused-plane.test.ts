import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initParams, mlpLayout, type MlpLayout } from '../mlp/flat-mlp';
import { createRng } from '../rng';
import { rowLosses } from './batched-loss';
import { compilesFusedKernels, fusedPlaneApplies, fusedPlaneSupported, fusedRowLosses, type WasmApi } from './fused-plane';

/** The exact answer, in float64: each point's net run example by example, softplus of the signed margin. */
function reference(basis: Float32Array, a: Float32Array, rows: [number, number, number][], layout: MlpLayout, x: Float32Array, y: Int32Array, activation: 'relu' | 'linear'): number[] {
  const size = layout.size;
  const act = (z: number) => (activation === 'relu' ? Math.max(z, 0) : z);
  const out: number[] = [];
  for (const [b, start, end] of rows) {
    for (let p = start; p < end; p++) {
      const theta = Array.from({ length: size }, (_, i) => basis[i]! + a[p]! * basis[size + i]! + (basis.length > 2 * size ? b * basis[2 * size + i]! : 0));
      let total = 0;
      for (let e = 0; e < y.length; e++) {
        let h = Array.from({ length: layout.sizes[0]! }, (_, d) => x[e * layout.sizes[0]! + d]!);
        layout.layers.forEach((l, li) => {
          const z = Array.from({ length: l.outputs }, (_, j) => {
            let s = theta[l.bOffset + j]!;
            for (let i = 0; i < l.inputs; i++) s += h[i]! * theta[l.wOffset + i * l.outputs + j]!;
            return s;
          });
          h = li === layout.layers.length - 1 ? z : z.map(act);
        });
        const t = (y[e] === 1 ? -1 : 1) * (h[1]! - h[0]!);
        total += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
      }
      out.push(total / y.length);
    }
  }
  return out;
}

function setup(sizes: number[], activation: 'relu' | 'linear', seed: number, n: number, scale = 1) {
  const layout = mlpLayout(sizes);
  const rng = createRng(seed);
  const rows3 = [initParams(layout, activation, rng), initParams(layout, activation, rng), initParams(layout, activation, rng)];
  const basis = new Float32Array(3 * layout.size);
  rows3.forEach((r, j) => basis.set(r.map((v) => v * scale), j * layout.size));
  const x = Float32Array.from({ length: n * sizes[0]! }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(2));
  const onehot = Float32Array.from({ length: 2 * n }, (_, i) => (y[i >> 1] === (i & 1) ? 1 : 0));
  // Three rows of four points each, at a ≥ 0 as rowLosses needs.
  const a = Float32Array.from({ length: 12 }, () => rng.next());
  const rows: [number, number, number][] = [
    [rng.next() * 2 - 1, 0, 4],
    [rng.next() * 2 - 1, 4, 8],
    [rng.next() * 2 - 1, 8, 12],
  ];
  return { layout, basis, x, y, onehot, a, rows };
}

const SHAPES: [number[], 'relu' | 'linear'][] = [
  [[2, 16, 16, 2], 'relu'],
  [[2, 8, 2], 'relu'],
  [[2, 5, 11, 2], 'linear'],
  [[2, 3, 17, 2], 'relu'],
  [[3, 7, 2], 'linear'],
  // The widest the app allows (64 units a layer): eight tiles of the second layer.
  [[2, 64, 64, 2], 'relu'],
];
const SEEDS = [1, 2, 3, 4, 5];

describe('the fused plane kernel', () => {
  it('compiles here (Node has WebAssembly SIMD)', () => {
    expect(fusedPlaneSupported()).toBe(true);
  });

  it('is not used where WebAssembly is missing, or validates but may not compile (a CSP without wasm-unsafe-eval)', () => {
    const real = WebAssembly as unknown as WasmApi;
    expect(compilesFusedKernels(real)).toBe(true);
    expect(compilesFusedKernels(null)).toBe(false);
    const refusing: WasmApi = {
      validate: (bytes) => real.validate(bytes),
      Module: class {
        constructor() {
          throw new EvalError('Refused to compile or instantiate WebAssembly module');
        }
      },
      Instance: real.Instance,
    };
    expect(compilesFusedKernels(refusing)).toBe(false);
    expect(compilesFusedKernels({ validate: () => false, Module: real.Module, Instance: real.Instance })).toBe(false);
  });

  it('takes exactly the nets rowLosses covers', () => {
    expect(fusedPlaneApplies(mlpLayout([2, 16, 16, 2]), 'relu', 2)).toBe(true);
    expect(fusedPlaneApplies(mlpLayout([2, 16, 2]), 'linear', 2)).toBe(true);
    expect(fusedPlaneApplies(mlpLayout([2, 16, 16, 2]), 'tanh', 2)).toBe(false);
    expect(fusedPlaneApplies(mlpLayout([2, 4, 4, 4, 2]), 'relu', 2)).toBe(false);
    expect(fusedPlaneApplies(mlpLayout([2, 16, 3]), 'relu', 3)).toBe(false);
  });

  it.each(SHAPES)('equals the float64 loss to 2e-6 relative, and rowLosses to 1e-5, over 5 seeds (all 5; %j, %s)', async (sizes, activation) => {
    for (const seed of SEEDS) {
      // 1, 7 and 61 examples: a last block of four with 3, 1 and 3 padded lanes.
      for (const n of [1, 7, 61]) {
        const s = setup(sizes, activation, seed, n);
        const got = fusedRowLosses(s.basis, 3, s.a, s.rows, s.layout, s.x, s.onehot, activation);
        const exact = reference(s.basis, s.a, s.rows, s.layout, s.x, s.y, activation);
        const opsT = tf.tidy(() =>
          rowLosses(tf.tensor2d(s.basis, [3, s.layout.size]), s.a, s.rows, s.layout, tf.tensor2d(s.x, [n, sizes[0]!]), tf.tensor2d(s.onehot, [n, 2]), activation),
        );
        const ops = await opsT.data();
        opsT.dispose();
        expect(got.length).toBe(12);
        for (let i = 0; i < 12; i++) {
          expect(Math.abs(got[i]! - exact[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, exact[i]!));
          expect(Math.abs(got[i]! - ops[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, ops[i]!));
        }
      }
    }
  });

  it('keeps its accuracy where softplus saturates (weights × 30: margins in the hundreds; 5 seeds, all 5)', () => {
    for (const seed of SEEDS) {
      const s = setup([2, 16, 16, 2], 'relu', seed, 33, 30);
      const got = fusedRowLosses(s.basis, 3, s.a, s.rows, s.layout, s.x, s.onehot, 'relu');
      const exact = reference(s.basis, s.a, s.rows, s.layout, s.x, s.y, 'relu');
      expect(Math.max(...exact)).toBeGreaterThan(50);
      for (let i = 0; i < 12; i++) expect(Math.abs(got[i]! - exact[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, exact[i]!));
    }
  });

  it('evaluates a line (two basis rows, b = 0) as the plane with d₂ = 0', () => {
    const s = setup([2, 6, 5, 2], 'relu', 9, 20);
    const line = fusedRowLosses(s.basis.subarray(0, 2 * s.layout.size), 2, s.a, [[0, 0, 12]], s.layout, s.x, s.onehot, 'relu');
    const exact = reference(s.basis.subarray(0, 2 * s.layout.size), s.a, [[0, 0, 12]], s.layout, s.x, s.y, 'relu');
    for (let i = 0; i < 12; i++) expect(Math.abs(line[i]! - exact[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, exact[i]!));
  });

  it('gives NaN, not a finite number, when a weight is NaN (a diverged net)', () => {
    const s = setup([2, 8, 8, 2], 'relu', 4, 9);
    s.basis[s.layout.size + 3] = NaN; // a first-layer weight of d₁
    const got = fusedRowLosses(s.basis, 3, s.a, s.rows, s.layout, s.x, s.onehot, 'relu');
    for (const v of got) expect(v).toBeNaN();
  });

  it('serves several shapes and example counts in turn, each from its own kernel, without mixing them up', () => {
    const one = setup([2, 16, 16, 2], 'relu', 1, 40);
    const two = setup([2, 5, 11, 2], 'linear', 2, 300);
    const first = fusedRowLosses(one.basis, 3, one.a, one.rows, one.layout, one.x, one.onehot, 'relu');
    fusedRowLosses(two.basis, 3, two.a, two.rows, two.layout, two.x, two.onehot, 'linear');
    const again = fusedRowLosses(one.basis, 3, one.a, one.rows, one.layout, one.x, one.onehot, 'relu');
    expect([...again]).toEqual([...first]);
  });
});
