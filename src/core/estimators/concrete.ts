/**
 * Concrete / Gumbel-softmax for binary units (Maddison, Mnih, Teh 2017; Jang, Gu, Poole 2017):
 * evaluate f at the relaxed sample z = sigmoid((φ + L)/τ) and differentiate through it,
 * g = ∂f/∂z · z(1 - z)/τ. Biased (it is the exact gradient of E[f(z)], a different objective); the
 * bias falls and the variance rises as τ → 0. τ ≥ MIN_TAU, see limits.ts for why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { logitRow } from './input';
import { relax } from './relaxation';
import { statelessEstimator } from './stateless';
import type { BernoulliEstimator, EstimatorInfo } from './types';

export const concreteInfo: EstimatorInfo = {
  id: 'concrete',
  label: 'Concrete / Gumbel-softmax',
  unbiased: false,
  usesCostGradient: true,
  usesTau: true,
  minGroup: 1,
  stateful: false,
  reference: 'Maddison, Mnih, Teh 2017; Jang, Gu, Poole 2017',
};

export function createConcrete(): BernoulliEstimator {
  return statelessEstimator(concreteInfo, {
    gradients(input, u, { tau }) {
      const r = relax(logitRow(input.phi), u, tau);
      // dz/dφ = 1, so the chain rule is ∂f/∂soft · dsoft/dz.
      return { grads: tf.mul(input.cost.gradient(r.soft), r.slope) as tf.Tensor2D, samples: r.hard };
    },
    spent: ({ k }) => ({ evaluations: 0, gradientEvaluations: k }),
  });
}
