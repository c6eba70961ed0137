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
  /** Its moments (copies, read asynchronously) and step count: what a checkpoint must hold to replay. */
  state(): Promise<OptimizerState>;
  /** Load a `state()` of an optimiser of this kind and size; false (and nothing changed) otherwise. */
  setState(state: OptimizerState): boolean;
  dispose(): void;
}

export interface OptimizerState {
  kind: OptimizerKind;
  /** Updates applied so far (Adam's bias correction reads it). */
  t: number;
  slots: Float32Array[];
}

/**
 * state()/setState() over an optimiser's moment variables and its step counter. Without them a run
 * restored from a checkpoint would restart its moments at zero and drift from the original at once.
 */
function withState(
  kind: OptimizerKind,
  slots: tf.Variable[],
  counter: { t: number },
  rest: Pick<FlatOptimizer, 'apply' | 'dispose'>,
): FlatOptimizer {
  return {
    kind,
    ...rest,
    async state() {
      const arrays = await Promise.all(slots.map((v) => v.data() as Promise<Float32Array>));
      return { kind, t: counter.t, slots: arrays.map((a) => Float32Array.from(a)) };
    },
    setState(s) {
      if (s.kind !== kind || s.slots.length !== slots.length) return false;
      if (s.slots.some((a, i) => a.length !== slots[i]!.size)) return false;
      s.slots.forEach((a, i) => {
        const t = tf.tensor1d(a);
        slots[i]!.assign(t);
        t.dispose();
      });
      counter.t = s.t;
      return true;
    },
  };
}

const EPSILON = 1e-8;

function zerosLike(size: number): tf.Variable {
  // tidy releases the initial zeros tensor, which would otherwise outlive the variable (a leak per optimiser).
  return tf.tidy(() => tf.variable(tf.zeros([size]), false));
}

export function createOptimizer(kind: OptimizerKind, size: number): FlatOptimizer {
  switch (kind) {
    case 'sgd': {
      const counter = { t: 0 };
      return withState(kind, [], counter, {
        apply(theta, g, s) {
          counter.t += 1;
          theta.assign(tf.sub(theta, tf.mul(g, s.learningRate)));
        },
        dispose() {},
      });
    }
    case 'momentum': {
      const velocity = zerosLike(size);
      const counter = { t: 0 };
      return withState(kind, [velocity], counter, {
        apply(theta, g, s) {
          counter.t += 1;
          const v = tf.add(tf.mul(velocity, s.beta), g);
          velocity.assign(v);
          theta.assign(tf.sub(theta, tf.mul(v, s.learningRate)));
        },
        dispose: () => velocity.dispose(),
      });
    }
    case 'rmsprop': {
      const meanSquare = zerosLike(size);
      const counter = { t: 0 };
      return withState(kind, [meanSquare], counter, {
        apply(theta, g, s) {
          counter.t += 1;
          // A decay of 0 would make this sign-SGD; keep at least a short memory.
          const rho = Math.min(s.beta, 0.999);
          const ms = tf.add(tf.mul(meanSquare, rho), tf.mul(tf.square(g), 1 - rho));
          meanSquare.assign(ms);
          theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(ms), EPSILON)), s.learningRate)));
        },
        dispose: () => meanSquare.dispose(),
      });
    }
    case 'adagrad': {
      const sumSquare = zerosLike(size);
      const counter = { t: 0 };
      return withState(kind, [sumSquare], counter, {
        apply(theta, g, s) {
          counter.t += 1;
          const ss = tf.add(sumSquare, tf.square(g));
          sumSquare.assign(ss);
          theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(ss), EPSILON)), s.learningRate)));
        },
        dispose: () => sumSquare.dispose(),
      });
    }
    case 'adam': {
      const m = zerosLike(size);
      const v = zerosLike(size);
      const beta2 = 0.999;
      const counter = { t: 0 };
      return withState(kind, [m, v], counter, {
        apply(theta, g, s) {
          counter.t += 1;
          const t = counter.t;
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
      });
    }
  }
}
