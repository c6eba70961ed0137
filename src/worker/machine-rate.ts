/**
 * The machine's matmul rate on the active backend, for the bench: `count` products [m, k] × [k, n]
 * (2·m·k·n floating-point operations each), issued back to back and read back once. A square n = 512
 * product gives the machine's rate; the loss surface's own layer shapes give its multiply-add floor.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface MatmulTiming {
  gflops: number;
  /** Median over the repeats of the time for all `count` products. */
  medianMs: number;
}

export async function matmulRate(m: number, k: number, n: number, count: number, repeats: number): Promise<MatmulTiming> {
  const a = tf.fill([m, k], 0.5) as tf.Tensor2D;
  const b = tf.fill([k, n], 0.25) as tf.Tensor2D;
  const once = async () => {
    const t0 = performance.now();
    const corners: tf.Tensor[] = [];
    for (let i = 0; i < count; i++) {
      // Each product is freed at once (as the surface's chunks are), its corner kept: one element read
      // back cannot be ready before its whole product is.
      corners.push(tf.tidy(() => tf.slice(tf.matMul(a, b), [0, 0], [1, 1])));
    }
    const all = tf.addN(corners);
    await all.data();
    tf.dispose([all, ...corners]);
    return performance.now() - t0;
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) times.push(await once());
    times.sort((x, y) => x - y);
    const medianMs = times[Math.floor(times.length / 2)]!;
    return { gflops: (2 * m * k * n * count) / (medianMs * 1e6), medianMs };
  } finally {
    tf.dispose([a, b]);
  }
}
