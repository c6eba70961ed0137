/** The internal-models pieces against independent computations: finite differences and closed forms. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { MlpModel, TrueModel, type Prediction } from './model';
import { planAction, plannedCost, type PlanResult } from './planner';
import { REGIME_DYNAMICS, trueNext, WorldStream } from './world';

const SEEDS = [1, 2, 3, 4, 5];
const pred = (): Prediction => ({ next: 0, dv: 0, da: 0 });
const plan = (): PlanResult => ({ cost: 0, grad: 0, jj: 0, jr: 0 });

/** A model whose weights are pushed away from the small initial ones, so every term of the gradient matters. */
function trainedLooking(seed: number): MlpModel {
  const rng = createRng(seed);
  const m = new MlpModel(6, rng);
  for (let i = 0; i < m.w.length; i++) m.w[i] = m.w[i]! + 0.6 * rng.normal();
  return m;
}

describe('forward model (one tanh layer + linear skip)', () => {
  it('the loss gradient matches central differences to 1e-6 relative, for every weight (5 seeds, 4 transitions each)', () => {
    for (const seed of SEEDS) {
      const m = trainedLooking(seed);
      const rng = createRng(100 + seed);
      const grad = new Float64Array(m.w.length);
      for (let k = 0; k < 4; k++) {
        const v = 0.3 * rng.normal();
        const a = 2 * rng.next() - 1;
        const next = v + 0.05 * rng.normal();
        m.lossGradient(v, a, next, grad);
        for (let i = 0; i < m.w.length; i++) {
          const w0 = m.w[i]!;
          m.w[i] = w0 + 1e-6;
          const up = 0.5 * m.error(v, a, next);
          m.w[i] = w0 - 1e-6;
          const down = 0.5 * m.error(v, a, next);
          m.w[i] = w0;
          const fd = (up - down) / 2e-6;
          expect(Math.abs(grad[i]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });

  it('∂v̂′/∂v and ∂v̂′/∂a match central differences to 1e-7 (5 seeds)', () => {
    for (const seed of SEEDS) {
      const m = trainedLooking(seed);
      const rng = createRng(200 + seed);
      const v = 0.2 * rng.normal();
      const a = 2 * rng.next() - 1;
      const p = m.predict(v, a, pred());
      const h = 1e-6;
      const dv = (m.predict(v + h, a, pred()).next - m.predict(v - h, a, pred()).next) / (2 * h);
      const da = (m.predict(v, a + h, pred()).next - m.predict(v, a - h, pred()).next) / (2 * h);
      expect(Math.abs(p.dv - dv)).toBeLessThan(1e-7);
      expect(Math.abs(p.da - da)).toBeLessThan(1e-7);
    }
  });

  it('SGD on transitions of one regime brings the held-out error below 0.1 (normal regime, 3000 updates)', () => {
    const rng = createRng(7);
    const m = new MlpModel(12, rng);
    const inputs = new Float64Array(64);
    for (let i = 0; i < 64; i++) inputs[i] = i % 2 ? 2 * rng.next() - 1 : 0.5 * (rng.next() - 0.5);
    const next = Float64Array.from({ length: 32 }, (_, i) => trueNext(0, inputs[2 * i]!, inputs[2 * i + 1]!));
    const out = new Float64Array(1);
    const before = m.heldOutErrors(inputs, [next], out)[0]!;
    for (let k = 0; k < 3000; k++) {
      const v = 0.5 * (rng.next() - 0.5);
      const a = 2 * rng.next() - 1;
      m.sgd(v, a, trueNext(0, v, a), 0.05);
    }
    expect(before).toBeGreaterThan(0.3);
    expect(m.heldOutErrors(inputs, [next], out)[0]).toBeLessThan(0.1);
  });
});

describe('controller: the action gradient through a model', () => {
  it('dC/da through a learned model matches central differences of the planned cost (5 seeds, H = 1, 8, 20)', () => {
    for (const seed of SEEDS) {
      const m = trainedLooking(seed);
      const rng = createRng(300 + seed);
      for (const horizon of [1, 8, 20]) {
        const x = rng.normal() * 0.5;
        const v = rng.normal() * 0.1;
        const a = 1.6 * rng.next() - 0.8;
        const g = rng.normal() * 0.5;
        const r = plannedCost(m, x, v, a, g, horizon, 0.01, plan());
        const h = 1e-6;
        const fd = (plannedCost(m, x, v, a + h, g, horizon, 0.01, plan()).cost - plannedCost(m, x, v, a - h, g, horizon, 0.01, plan()).cost) / (2 * h);
        expect(Math.abs(r.grad - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('dC/da through the true dynamics matches the closed form 2(Σ J_h r_h + λa) with J_h = β Σ_{k≤h} Σ_{j<k} ρ^j', () => {
    for (const [name, d] of Object.entries(REGIME_DYNAMICS)) {
      const model = new TrueModel(d.rho, d.beta);
      const x = 0.3;
      const v = -0.04;
      const a = 0.2;
      const g = -0.5;
      const H = 6;
      let xs = x;
      let vs = v;
      let sum = 0;
      for (let h = 1; h <= H; h++) {
        vs = d.rho * vs + d.beta * a;
        xs += vs;
        let J = 0;
        for (let k = 1; k <= h; k++) for (let j = 0; j < k; j++) J += d.beta * d.rho ** j;
        sum += J * (xs - g);
      }
      const r = plannedCost(model, x, v, a, g, H, 0.05, plan());
      expect(r.grad, name).toBeCloseTo(2 * (sum + 0.05 * a), 12);
    }
  });

  it('on the true (linear) dynamics the planned push is the exact minimiser of C when it lies inside [−1, 1]', () => {
    const d = REGIME_DYNAMICS.normal;
    const model = new TrueModel(d.rho, d.beta);
    for (const seed of SEEDS) {
      const rng = createRng(400 + seed);
      const x = 0.2 * rng.normal();
      const v = 0.02 * rng.normal();
      const g = x + 0.05 * rng.normal();
      const a = planAction(model, x, v, 0, g, 8, 0.01);
      expect(Math.abs(a)).toBeLessThan(1);
      expect(Math.abs(plannedCost(model, x, v, a, g, 8, 0.01, plan()).grad)).toBeLessThan(1e-10);
    }
  });
});

describe('world stream', () => {
  it('changes regime every `block` steps, never to the same one, only to allowed ones; the same seed gives the same stream', () => {
    const run = (seed: number) => {
      const w = new WorldStream(seed);
      return Array.from({ length: 1000 }, () => w.tick('blocks', 100, [0, 1, 2], 0));
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    a.forEach((t, i) => {
      expect(t.switched).toBe(i > 0 && i % 100 === 0);
      expect([0, 1, 2]).toContain(t.regime);
      if (t.switched) expect(t.regime).not.toBe(a[i - 1]!.regime);
    });
  });

  it('in manual mode the regime follows the setting at the next step', () => {
    const w = new WorldStream(1);
    w.tick('manual', 100, [0, 1, 2, 3], 0);
    expect(w.tick('manual', 100, [0, 1, 2, 3], 0).switched).toBe(false);
    const t = w.tick('manual', 100, [0, 1, 2, 3], 3);
    expect(t.switched).toBe(true);
    expect(t.regime).toBe(3);
  });
});
