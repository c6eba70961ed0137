import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { forwardNet, initParams, mixtureOutputs, paramCount, backwardNet, type NetShape } from './network';
import { creditLoss, forwardPoint, Scratch, type Credit } from './credit';
import { forward, inverseBranches, inputOf, TASKS } from './tasks';
import { MixtureRace, type RaceSettings } from './race';
import { density, meanNll, MixtureReader, residualSigma } from './evaluate';

/** A network whose output ignores x: W2 = 0 and b2 = the given outputs. */
function constantNet(H: number, outputs: number[]): { p: Float64Array; shape: NetShape } {
  const shape = { H, O: outputs.length };
  const p = initParams(shape, 1, 1, false, 1, 0, createRng(3));
  p.fill(0, 2 * H);
  p.set(outputs, 2 * H + outputs.length * H);
  return { p, shape };
}

describe('mixture likelihood', () => {
  it('log-density of a known 1-D mixture equals Σ π_k N(y; μ_k, σ_k²) written out (1e-12), and integrates to 1 (1e-6)', () => {
    const pi = [0.2, 0.5, 0.3];
    const mu = [-0.4, 0.1, 0.9];
    const sig = [0.1, 0.3, 0.05];
    const floor = 0.02;
    // Logits log π, means, and s with σ = floor + e^s.
    const { p, shape } = constantNet(4, [...pi.map(Math.log), ...mu, ...sig.map((s) => Math.log(s - floor))]);
    const s = new Scratch(shape, 3);
    const closed = (y: number) => pi.reduce((a, w, k) => a + (w / (Math.sqrt(2 * Math.PI) * sig[k]!)) * Math.exp(-((y - mu[k]!) ** 2) / (2 * sig[k]! ** 2)), 0);
    for (const y of [-1, -0.4, 0, 0.33, 0.9, 2]) {
      const ld = forwardPoint(p, shape, { K: 3, D: 1, floor }, 0.3, [y], 0, s);
      expect(ld).toBeCloseTo(Math.log(closed(y)), 12);
    }
    let integral = 0;
    const h = 1e-4;
    for (let y = -3; y < 3; y += h) integral += Math.exp(forwardPoint(p, shape, { K: 3, D: 1, floor }, 0, [y + h / 2], 0, s)) * h;
    expect(integral).toBeCloseTo(1, 6);
  });

  it('a single 2-D component: −log N = log(2πσ²) + |y − μ|²/(2σ²) (1e-12)', () => {
    const { p, shape } = constantNet(3, [0, 0.5, -0.2, Math.log(0.4)]);
    const s = new Scratch(shape, 1);
    const y = [0.1, 0.3];
    const ld = forwardPoint(p, shape, { K: 1, D: 2, floor: 0 }, 0, y, 0, s);
    const d2 = (0.1 - 0.5) ** 2 + (0.3 + 0.2) ** 2;
    expect(-ld).toBeCloseTo(Math.log(2 * Math.PI * 0.16) + d2 / (2 * 0.16), 12);
  });
});

describe('gradients against central differences', () => {
  const H = 5;
  const K = 3;
  const floor = 0.01;

  /** Loss of one point under a credit rule held fixed (sampled k, Gumbel noise, weights). */
  function lossOf(p: Float64Array, shape: NetShape, D: number, credit: Credit, u: number, y: number[]): number {
    const s = new Scratch(shape, K);
    const dims = credit.kind === 'mse' ? null : { K, D, floor };
    const ld = forwardPoint(p, shape, dims, u, y, 0, s);
    return creditLoss(credit, dims, D, ld, y, 0, 1, s);
  }

  function gradOf(p: Float64Array, shape: NetShape, D: number, credit: Credit, u: number, y: number[]): Float64Array {
    const s = new Scratch(shape, K);
    const dims = credit.kind === 'mse' ? null : { K, D, floor };
    const ld = forwardPoint(p, shape, dims, u, y, 0, s);
    creditLoss(credit, dims, D, ld, y, 0, 1, s);
    const g = new Float64Array(p.length);
    backwardNet(p, shape, u, s.hidden, s.dOut, g);
    return g;
  }

  const credits: [string, Credit][] = [
    ['single Gaussian (least squares)', { kind: 'mse' }],
    ['MDN: mixture NLL (soft credit)', { kind: 'soft' }],
    ['winner-takes-all (one-hot)', { kind: 'weights', w: [0, 1, 0] }],
    ['relaxed WTA / EM (fixed weights)', { kind: 'weights', w: [0.1, 0.7, 0.2] }],
    ['score function surrogate, k = 2', { kind: 'score', k: 2, advantage: 0.8 }],
    ['Gumbel-softmax, τ = 0.5', { kind: 'gumbel', g: [0.3, -0.5, 1.1], tau: 0.5 }],
  ];

  for (const D of [1, 2] as const) {
    for (const [name, credit] of credits) {
      it(`${name}, D = ${D}: every parameter within 1e-6 relative (+1e-8 absolute)`, () => {
        const rng = createRng(11 + D);
        const shape = { H, O: credit.kind === 'mse' ? D : mixtureOutputs(K, D) };
        const p = initParams(shape, K, D, credit.kind !== 'mse', 0.8, 0.3, rng);
        for (let i = 0; i < p.length; i++) p[i] = p[i]! + 0.2 * rng.normal();
        const y = D === 1 ? [0.35] : [0.2, -0.4];
        const u = 0.37;
        const g = gradOf(p, shape, D, credit, u, y);
        expect(p.length).toBe(paramCount(shape));
        for (let i = 0; i < p.length; i++) {
          const e = 1e-6;
          const up = Float64Array.from(p);
          const dn = Float64Array.from(p);
          up[i] = up[i]! + e;
          dn[i] = dn[i]! - e;
          const fd = (lossOf(up, shape, D, credit, u, y) - lossOf(dn, shape, D, credit, u, y)) / (2 * e);
          expect(Math.abs(g[i]! - fd)).toBeLessThanOrEqual(1e-6 * Math.abs(fd) + 1e-8);
        }
      });
    }
  }

  it('EM’s fixed-responsibility gradient equals the MDN’s NLL gradient at the E-step’s weights (1e-12)', () => {
    const shape = { H, O: mixtureOutputs(K, 1) };
    const p = initParams(shape, K, 1, true, 1, 0.5, createRng(5));
    const s = new Scratch(shape, K);
    forwardPoint(p, shape, { K, D: 1, floor }, 0.1, [0.7], 0, s);
    const ld = forwardPoint(p, shape, { K, D: 1, floor }, 0.1, [0.7], 0, s);
    const r = Array.from(s.joint, (j) => Math.exp(j - ld));
    const soft = gradOf(p, shape, 1, { kind: 'soft' }, 0.1, [0.7]);
    const em = gradOf(p, shape, 1, { kind: 'weights', w: r }, 0.1, [0.7]);
    for (let i = 0; i < p.length; i++) expect(em[i]).toBeCloseTo(soft[i]!, 12);
  });
});

describe('the inverse problem’s branches', () => {
  it('roots of y + 0.3 sin 2πy = x are exact (1e-12); three for 0.42 ≤ x ≤ 0.58, one at 0.2 and 0.8', () => {
    for (const x of [0.2, 0.42, 0.5, 0.58, 0.8]) {
      const roots = inverseBranches(x);
      for (const y of roots) expect(Math.abs(forward(y) - x)).toBeLessThan(1e-12);
      expect(roots.length).toBe(x === 0.2 || x === 0.8 ? 1 : 3);
    }
  });
});

const base: RaceSettings = { task: 'inverse', size: 2000, noise: 0.05, init: 1, batch: 32, K: 3, D: 1, H: 24, floor: 0.01, lr: 0.01, epsilon: 0.2, tau: 0.5 };

describe('the single Gaussian learns the conditional mean', () => {
  /** E[y | x] by quadrature: ∫ y N(x; g(y), σ²) dy / ∫ N(x; g(y), σ²) dy over y in [0, 1] (20,000 cells). */
  function conditionalMean(x: number, noise: number): number {
    let num = 0;
    let den = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const y = (i + 0.5) / n;
      const w = Math.exp(-((x - forward(y)) ** 2) / (2 * noise * noise));
      num += y * w;
      den += w;
    }
    return num / den;
  }

  // The tolerance covers minibatch noise and the 24-unit net's smoothing where E[y | x] turns steeply
  // near the folds (x ≈ 0.3 and 0.7, the largest errors); the modes it must not match are 0.3 apart.
  it('its mean is within 0.05 RMS (0.1 at worst) of E[y | x] on x in [0.05, 0.95], all 5 seeds (3,000 steps, 2,000 points)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const race = new MixtureRace(seed, base);
      for (let i = 0; i < 3000; i++) race.step((id) => id === 'single', base);
      const reader = new MixtureReader(race.learner('single'), residualSigma(race.learner('single'), race.data));
      let sq = 0;
      let worst = 0;
      const xs = Array.from({ length: 19 }, (_, i) => 0.05 + 0.05 * i);
      for (const x of xs) {
        const e = reader.at(x, 0).mu[0]! - conditionalMean(x, base.noise);
        sq += e * e;
        worst = Math.max(worst, Math.abs(e));
      }
      expect(Math.sqrt(sq / xs.length)).toBeLessThan(0.05);
      expect(worst).toBeLessThan(0.1);
    }
  });
});

describe('the MDN finds the branches', () => {
  it('converged seeds (test NLL < −0.8; ≥ 4 of 5 must) put a component (π ≥ 0.05) within 0.05 of every branch at x = 0.2, 0.45, 0.5, 0.55, 0.8', () => {
    let converged = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const race = new MixtureRace(seed, base);
      for (let i = 0; i < 2000; i++) race.step((id) => id === 'mdn', base);
      const reader = new MixtureReader(race.learner('mdn'), 0);
      if (meanNll(reader, race.test, base.floor) >= -0.8) continue;
      converged++;
      for (const x of [0.2, 0.45, 0.5, 0.55, 0.8]) {
        const v = reader.at(x, base.floor);
        for (const y of inverseBranches(x)) {
          const near = Array.from(v.mu).some((m, k) => v.pi[k]! >= 0.05 && Math.abs(m - y) <= 0.05);
          expect(near, `seed ${seed}, x ${x}, branch ${y.toFixed(3)}`).toBe(true);
        }
      }
    }
    expect(converged).toBeGreaterThanOrEqual(4);
  });

  it('the density a reader reports is the network’s mixture (the NLL of one point by both routes, 1e-12)', () => {
    const race = new MixtureRace(1, base);
    for (let i = 0; i < 50; i++) race.step(() => true, base);
    const l = race.learner('mdn');
    const reader = new MixtureReader(l, 0);
    const s = new Scratch(l.shape, 3);
    const ld = forwardPoint(l.params, l.shape, { K: 3, D: 1, floor: base.floor }, inputOf(0.4), [0.3], 0, s);
    expect(Math.log(density(reader.at(0.4, base.floor), 1, [0.3]))).toBeCloseTo(ld, 12);
    expect(TASKS.inverse.D).toBe(1);
    const out = new Float64Array(l.shape.O);
    forwardNet(l.params, l.shape, inputOf(0.4), new Float64Array(l.shape.H), out);
    expect(out[3]).toBe(reader.view.mu[0]);
  });
});
