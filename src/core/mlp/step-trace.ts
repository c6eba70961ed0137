/**
 * The slow-motion step (issue 16): ONE real training step of the flat MLP — the next minibatch of
 * the run's stream, backprop's own ops (flat-mlp's `backprop`, which lossAndGradient is), the run's
 * own optimiser update — with what it passed through kept and read back once: the forward pass,
 * the loss, the deltas layer by layer, the gradient and the change of every weight. It goes through
 * trainSlice (as `takeStep`), so the history, divergence and step count are handled as for any step,
 * and a traced step leaves the run exactly where an untraced one would (step-trace.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { backprop } from './flat-mlp';
import { trainSlice, type SliceRequest, type SliceResult } from './train-slice';
import type { StepTrace } from './step-trace-frame';

export async function traceSlice(r: SliceRequest, optimizer: string): Promise<{ slice: SliceResult; trace: StepTrace }> {
  const sizes = r.layout.sizes;
  const p = r.layout.size;
  let packed: tf.Tensor1D | null = null;
  let n = 0;
  const takeStep = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar => {
    n = x.shape[0];
    // A copy of the weights' data before the update (assign gives the variable new data).
    const before = tf.clone(r.theta) as tf.Tensor1D;
    const b = backprop(r.theta as tf.Tensor1D, r.layout, x, y, r.activation);
    r.optimizer.apply(r.theta, b.gradient, r.settings);
    const probs = tf.softmax(b.logits);
    // Rows of units: the inputs, each hidden layer's activations, the output's class probabilities.
    const rows = [...b.activations, probs];
    const exampleLoss = tf.neg(tf.sum(tf.mul(tf.slice(y, [0, 0], [1, -1]), tf.logSoftmax(tf.slice(b.logits, [0, 0], [1, -1])))));
    packed = tf.keep(
      tf.concat([
        tf.reshape(x, [-1]),
        tf.cast(tf.argMax(y, 1), 'float32'),
        before,
        b.gradient,
        tf.reshape(r.theta, [-1]),
        tf.sub(r.theta, before),
        ...rows.map((a) => tf.mean(a, 0)),
        ...rows.map((a) => tf.reshape(tf.slice(a, [0, 0], [1, -1]), [-1])),
        ...b.deltas.map((d) => tf.sum(d, 0)),
        tf.reshape(exampleLoss, [1]),
      ]) as tf.Tensor1D,
    );
    return b.loss;
  };
  const slice = await trainSlice({ ...r, count: 1, takeStep });
  const kept = packed as tf.Tensor1D | null;
  if (!kept) throw new Error('The traced step took no step');
  const v = (await kept.data()) as Float32Array;
  kept.dispose();
  let at = 0;
  const take = (count: number) => v.slice(at, (at += count));
  const batchX = take(2 * n);
  const batchLabel = Int32Array.from(take(n));
  const before = take(p);
  const gradient = take(p);
  const after = take(p);
  const change = take(p);
  const meanActivation = sizes.map((s) => take(s));
  const exampleActivation = sizes.map((s) => take(s));
  const delta = sizes.slice(1).map((s) => take(s));
  const exampleLoss = take(1)[0]!;
  return {
    slice,
    trace: {
      step: r.start + slice.taken,
      sizes: [...sizes],
      activation: r.activation,
      optimizer,
      learningRate: r.settings.learningRate,
      beta: r.settings.beta,
      batch: n,
      batchX,
      batchLabel,
      meanActivation,
      exampleActivation,
      loss: slice.losses[0]!,
      exampleLoss,
      delta,
      gradient,
      before,
      after,
      change,
      finite: slice.firstBad < 0 && slice.weightsFinite,
    },
  };
}
