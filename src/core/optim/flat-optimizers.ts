/**
 * Optimisers over one flat parameter vector. Each keeps its moments as variables of the same length,
 * so an update is a dozen element-wise ops whatever the network's depth. Hyper-parameters are read at
 * every step, so moving a slider changes the very next update; switching the kind starts fresh
 * moments (a new optimiser's state has no meaning carried over from another's).
 */
import * as tf from '@tensorflow/tfjs-core';

import type { OptimizerKind } from './optimizer-kinds';
export { OPTIMIZERS, type OptimizerKind } from './optimizer-kinds';

export interface OptimizerSettings {
  learningRate: number;
  /** Momentum coefficient (momentum), decay of the squared average (rmsprop), beta1 (adam). */
  beta: number;
}

export interface FlatOptimizer {
  kind: OptimizerKind;
  /** Apply one update to `theta` from `gradient`. Call inside tf.tidy. */
  apply(theta: tf.Variable, gradient: tf.Tensor, settings: OptimizerSettings): void;
  dispose(): void;
}

const EPSILON = 1e-8;

function zerosLike(size: number): tf.Variable {
  // tidy releases the initial zeros tensor, which would otherwise outlive the variable (a leak per optimiser).
  return tf.tidy(() => tf.variable(tf.zeros([size]), false));
}

export function createOptimizer(kind: OptimizerKind, size: number): FlatOptimizer {
  switch (kind) {
    case 'sgd':
      return {
        kind,
        apply(theta, g, s) {
          theta.assign(tf.sub(theta, tf.mul(g, s.learningRate)));
        },
        dispose() {},
      };
    case 'momentum': {
      const velocity = zerosLike(size);
      return {
        kind,
        apply(theta, g, s) {
          const v = tf.add(tf.mul(velocity, s.beta), g);
          velocity.assign(v);
          theta.assign(tf.sub(theta, tf.mul(v, s.learningRate)));
        },
        dispose: () => velocity.dispose(),
      };
    }
    case 'rmsprop': {
      const meanSquare = zerosLike(size);
      return {
        kind,
        apply(theta, g, s) {
          // A decay of 0 would make this sign-SGD; keep at least a short memory.
          const rho = Math.min(s.beta, 0.999);
          const ms = tf.add(tf.mul(meanSquare, rho), tf.mul(tf.square(g), 1 - rho));
          meanSquare.assign(ms);
          theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(ms), EPSILON)), s.learningRate)));
        },
        dispose: () => meanSquare.dispose(),
      };
    }
    case 'adagrad': {
      const sumSquare = zerosLike(size);
      return {
        kind,
        apply(theta, g, s) {
          const ss = tf.add(sumSquare, tf.square(g));
          sumSquare.assign(ss);
          theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(ss), EPSILON)), s.learningRate)));
        },
        dispose: () => sumSquare.dispose(),
      };
    }
    case 'adam': {
      const m = zerosLike(size);
      const v = zerosLike(size);
      const beta2 = 0.999;
      let t = 0;
      return {
        kind,
        apply(theta, g, s) {
          t += 1;
          const beta1 = s.beta;
          const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
          const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
          m.assign(m1);
          v.assign(v1);
          // Bias corrections folded into one scalar step size, computed in JS.
          const stepSize = (s.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
          theta.assign(tf.sub(theta, tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), EPSILON)), stepSize)));
        },
        dispose() {
          m.dispose();
          v.dispose();
        },
      };
    }
  }
}
