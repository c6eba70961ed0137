/**
 * Backprop through time for the tanh RNN, written out one step at a time so that a memory schedule,
 * not autodiff, decides which hidden states exist: the machine below keeps exactly the checkpoints the
 * schedule stores plus one working register, and each backward step re-runs its own forward step
 * from h_{t-1}. Whatever the schedule, the backward steps run T ... 1 on the same inputs, so every
 * strategy returns the same gradient; only memory and recomputation differ.
 */
import * as tf from '@tensorflow/tfjs-core';
import { executeSchedule, type Execution, type StepMachine } from './execute';
import type { Schedule } from './schedule';
import { unpackRnn, type CopyBatch, type RnnLayout } from './rnn';

export interface BpttResult {
  /** Mean squared error over the steps t > d and the batch. */
  loss: tf.Scalar;
  /** dLoss/dtheta, in the flat layout's order. */
  gradient: tf.Tensor1D;
  /** ||dL/dh_t||^2 for t = 1 ... T (index t - 1): the credit that reaches each step. */
  gradNormSq: tf.Tensor1D;
  /** Counts measured while running the schedule. */
  execution: Execution;
}

/** Per-step views of the batch: x~_t = [x_t, 1] [B, 2], u_t = x~_t W_in [B, H], targets [B, 1]. */
function stepInputs(batch: CopyBatch) {
  const { T, batch: B, delay, inputs } = batch;
  const xtilde = new Float32Array(T * B * 2);
  const target = new Float32Array(T * B);
  for (let i = 0; i < T * B; i++) {
    xtilde[2 * i] = inputs[i]!;
    xtilde[2 * i + 1] = 1;
    if (i >= delay * B) target[i] = inputs[i - delay * B]!;
  }
  // The input projection x_t W_in is recomputed inside each step rather than kept for all T steps:
  // kept, it would hold as much memory as store-all's states and hide what the schedules save.
  return tf.tidy(() => {
    const x = tf.tensor2d(xtilde, [T * B, 2]);
    return {
      x: tf.unstack(tf.reshape(x, [T, B, 2])) as tf.Tensor2D[],
      y: tf.unstack(tf.tensor3d(target, [T, B, 1])) as tf.Tensor2D[],
    };
  });
}

export function bpttGradient(theta: tf.Tensor1D, layout: RnnLayout, batch: CopyBatch, schedule: Schedule): BpttResult {
  const { T, batch: B, delay } = batch;
  if (schedule.T !== T) throw new RangeError(`schedule is for T = ${schedule.T}, the batch has T = ${T}`);
  const H = layout.hidden;
  const w = tf.tidy(() => unpackRnn(theta, layout));
  const steps = stepInputs(batch);
  // d(mean over B * N squared errors)/d y = 2 err / (B N), N = number of steps with a target.
  const scale = 1 / (B * (T - delay));

  let register: tf.Tensor2D = tf.zeros([B, H]);
  const checkpoints = new Map<number, tf.Tensor2D>();
  let incoming: tf.Tensor2D | null = null;
  let dwh: tf.Tensor2D = tf.zeros([H, H]);
  let dwin: tf.Tensor2D = tf.zeros([2, H]);
  let dwo: tf.Tensor2D = tf.zeros([H, 1]);
  const errors: tf.Tensor2D[] = [];
  const normSq: tf.Scalar[] = new Array(T);

  const cell = (h: tf.Tensor2D, t: number) =>
    tf.tidy(() => tf.tanh(tf.add(tf.matMul(h, w.wh), tf.matMul(steps.x[t - 1]!, w.win)))) as tf.Tensor2D;
  const replace = <X extends tf.Tensor>(old: X | null, next: X): X => {
    old?.dispose();
    return next;
  };

  const machine: StepMachine = {
    advance(from, to) {
      for (let t = from + 1; t <= to; t++) register = replace(register, tf.tidy(() => cell(register, t)));
    },
    // A checkpoint is its own tensor, so moving the register never disposes it; clone shares the buffer,
    // so storing copies nothing.
    store: (t) => void checkpoints.set(t, tf.clone(register)),
    restore: (t) => void (register = replace(register, tf.clone(checkpoints.get(t)!))),
    free(t) {
      checkpoints.get(t)!.dispose();
      checkpoints.delete(t);
    },
    backward(t) {
      const out = tf.tidy(() => {
        const h = cell(register, t);
        let dh = incoming ?? undefined;
        let err: tf.Tensor2D | undefined;
        let nextDwo: tf.Tensor2D | undefined;
        if (t > delay) {
          err = tf.sub(tf.add(tf.matMul(h, w.wo), w.bo), steps.y[t - 1]!) as tf.Tensor2D;
          const dy = tf.mul(err, 2 * scale) as tf.Tensor2D;
          const fromOutput = tf.matMul(dy, w.wo, false, true) as tf.Tensor2D;
          dh = dh ? (tf.add(dh, fromOutput) as tf.Tensor2D) : fromOutput;
          nextDwo = tf.add(dwo, tf.matMul(h, dy, true, false)) as tf.Tensor2D;
        }
        dh ??= tf.zerosLike(register);
        const dz = tf.mul(dh, tf.sub(1, tf.square(h))) as tf.Tensor2D;
        return {
          err,
          nextDwo,
          norm: tf.sum(tf.square(dh)) as tf.Scalar,
          dwh: tf.add(dwh, tf.matMul(register, dz, true, false)) as tf.Tensor2D,
          dwin: tf.add(dwin, tf.matMul(steps.x[t - 1]!, dz, true, false)) as tf.Tensor2D,
          back: tf.matMul(dz, w.wh, false, true) as tf.Tensor2D,
        };
      });
      if (out.err) errors.push(out.err);
      if (out.nextDwo) dwo = replace(dwo, out.nextDwo);
      normSq[t - 1] = out.norm;
      dwh = replace(dwh, out.dwh);
      dwin = replace(dwin, out.dwin);
      incoming = replace(incoming, out.back);
    },
  };

  try {
    const execution = executeSchedule(schedule, machine);
    const out = tf.tidy(() => {
      const e = tf.stack(errors);
      const dbo = tf.reshape(tf.mul(tf.sum(e), 2 * scale), [1]);
      const flat = [dwh, dwin, dwo].map((g) => tf.reshape(g, [-1]));
      return {
        loss: tf.mul(tf.sum(tf.square(e)), scale) as tf.Scalar,
        gradient: tf.concat([...flat, dbo]) as tf.Tensor1D,
        gradNormSq: tf.stack(normSq) as tf.Tensor1D,
      };
    });
    return { ...out, execution };
  } finally {
    // One cleanup path whether the schedule finished or was rejected halfway.
    const held: tf.Tensor[] = [register, dwh, dwin, dwo, ...checkpoints.values(), ...errors, ...normSq.filter(Boolean)];
    if (incoming) held.push(incoming);
    tf.dispose([w.wh, w.win, w.wo, w.bo, ...steps.x, ...steps.y, ...held]);
  }
}
