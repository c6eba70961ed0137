/**
 * REBAR's conditional sample z~ ~ p(z | b): the one-formula version must be the inverse CDF it claims.
 * Marginalised over b it is logistic noise around φ (checked against the closed-form CDF
 * sigmoid(x - φ)); its sign is b; its φ-derivative at fixed (b, v) matches a central difference; it
 * stays finite when θ saturates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { bernoulliBelow, uniformTensor } from './noise';
import { conditionalLogit } from './rebar';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const M = 40_000;

async function draw(phiValue: number, seed: number) {
  const rng = createRng(seed);
  return tf.tidy(() => {
    const phi = tf.fill([1, M], phiValue) as tf.Tensor2D;
    const b = bernoulliBelow(uniformTensor(rng, 1, M), tf.sigmoid(phi) as tf.Tensor2D);
    const v = uniformTensor(rng, 1, M);
    return { b, ...conditionalLogit(phi, b, v) };
  });
}

describe('REBAR conditional sample', () => {
  for (const phi of [0.7, -2.5]) {
    it(`at φ = ${phi}, b ~ Bern(σ(φ)) then z~ | b is distributed as φ + Logistic (CDF within 4 s.e.), with sign(z~) = b`, async () => {
      const t = await draw(phi, 11);
      const [b, z] = await Promise.all([t.b.data(), t.zTilde.data()]);
      tf.dispose(Object.values(t));
      for (let i = 0; i < M; i++) expect(z[i]! > 0).toBe(b[i] === 1);
      for (const x of [-4, -1, 0, 0.5, phi, 3]) {
        const f = sigmoid(x - phi);
        let below = 0;
        for (let i = 0; i < M; i++) if (z[i]! <= x) below++;
        expect(Math.abs(below / M - f)).toBeLessThanOrEqual(4 * Math.sqrt((f * (1 - f)) / M) + 1e-4);
      }
    });
  }

  it('∂z~/∂φ at fixed (b, v) matches a central difference (h = 1e-2, float32; tolerance 2e-3)', async () => {
    const h = 1e-2;
    const up = await draw(0.4 + h, 5);
    const down = await draw(0.4 - h, 5);
    const mid = await draw(0.4, 5);
    const [zu, zd, d, bu, bd] = await Promise.all([up.zTilde.data(), down.zTilde.data(), mid.dPhi.data(), up.b.data(), down.b.data()]);
    let checked = 0;
    for (let i = 0; i < M; i++) {
      if (bu[i] !== bd[i]) continue; // the hard sample itself flipped between φ ± h: not a derivative
      expect(Math.abs((zu[i]! - zd[i]!) / (2 * h) - d[i]!)).toBeLessThan(2e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(M * 0.95);
    tf.dispose([...Object.values(up), ...Object.values(down), ...Object.values(mid)]);
  });

  it('stays finite where θ is 0 or 1 in float32 (|φ| = 200)', async () => {
    for (const phi of [200, -200]) {
      const t = await draw(phi, 3);
      const [z, d] = await Promise.all([t.zTilde.data(), t.dPhi.data()]);
      tf.dispose(Object.values(t));
      expect(z.every(Number.isFinite)).toBe(true);
      expect(d.every((x) => Number.isFinite(x) && x >= 0 && x <= 1)).toBe(true);
    }
  });
});
