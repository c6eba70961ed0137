/**
 * A loss plane's rows shared between this worker and helper workers (issue 17: the wasm thread pool
 * cannot speed the plane up, its kernels are too small to split, but whole rows can go to other
 * cores). Pure: the pool itself (src/worker/surface-pool.ts) is set by the worker; Node tests and the
 * CLI never set one, and then the plane is evaluated here in one piece.
 *
 * Bit-identical to lossesAt on the same build: the grid's origin shift (nonNegative) is computed once
 * for the whole grid and sent as numbers, and rowLosses evaluates every row on its own (its chunks
 * never span rows), so a row gives the same floats wherever it is evaluated.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mlpLayout, type Activation, type MlpLayout } from '../mlp/flat-mlp';
import { lossesAt, nonNegative, rowLosses, rowLossesApply } from './batched-loss';

/** What a helper needs to evaluate some rows of a plane: plain arrays, posted between workers. */
export interface RowJob {
  /** The shifted basis [origin, d₁, d₂], row-major [3, P]. */
  basis: Float32Array;
  /** Each point's α (≥ 0) and the rows [β, first point, end] to evaluate. */
  a: Float32Array;
  rows: [number, number, number][];
  sizes: number[];
  /** Inputs [n, 2] and one-hot labels [n, 2], row-major. */
  x: Float32Array;
  onehot: Float32Array;
  activation: 'relu' | 'linear';
}

export interface RowPool {
  /** Helper workers ready to take rows now (0 while they start: the plane is then evaluated here). */
  ready(): number;
  /** The losses of the job's points, in order. Rejects if the helper failed; the caller then evaluates it here. */
  evaluate(job: RowJob, helper: number): Promise<Float32Array>;
  /** Resolve once the helpers' replies already queued have been heard (a task turn, not a microtask). */
  heard(): Promise<void>;
}

let pool: RowPool | null = null;

/** Row groups per worker of a plane (51 rows over 2 workers: 8 groups of 6–7 rows). */
const GROUPS_PER_WORKER = 4;

/** Set (or clear) the helpers of this worker; only the worker calls this. */
export function setRowPool(p: RowPool | null): void {
  pool = p;
}

/** Helper workers ready now (0 without a pool): the bench and e2e say how many workers a plane used. */
export function rowPoolReady(): number {
  return pool?.ready() ?? 0;
}

/** A job's losses, as a helper computes them (and as this worker does for its own share). Call inside tf.tidy. */
export function evaluateRowJob(job: RowJob): tf.Tensor1D {
  const p = job.basis.length / 3;
  const n = job.x.length / 2;
  return rowLosses(
    tf.tensor2d(job.basis, [3, p]),
    job.a,
    job.rows,
    mlpLayout(job.sizes),
    tf.tensor2d(job.x, [n, 2]),
    tf.tensor2d(job.onehot, [n, 2]),
    job.activation,
  );
}

/** Rows split into `parts` contiguous groups of about equal point counts (the last ones may be empty). */
export function splitRows(rows: [number, number, number][], parts: number): [number, number, number][][] {
  const total = rows.reduce((s, [, start, end]) => s + end - start, 0);
  const groups: [number, number, number][][] = Array.from({ length: parts }, () => []);
  let done = 0;
  for (const row of rows) {
    // The group whose share this row's middle falls in.
    const middle = done + (row[2] - row[1]) / 2;
    groups[Math.min(parts - 1, Math.floor((middle / total) * parts))]!.push(row);
    done += row[2] - row[1];
  }
  return groups;
}

/**
 * The mean loss at every point θ = basis[0] + Σ_j coefficients[i, j] · basis[j] of a plane (basis
 * [3, P], coefficients [K, 3]), as lossesAt computes it, with rows given to the pool's ready helpers.
 * Without helpers, or for a net rowLosses does not cover, it is lossesAt itself.
 */
export async function planeLosses(
  basis: tf.Tensor2D,
  coefficients: Float32Array,
  layout: MlpLayout,
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  activation: Activation,
  helpers: RowPool | null = pool,
): Promise<Float32Array> {
  const parts = 1 + (helpers?.ready() ?? 0);
  const whole = async () => {
    const t = tf.tidy(() => lossesAt(basis, coefficients, layout, x, onehot, activation));
    const out = (await t.data()) as Float32Array;
    t.dispose();
    return out;
  };
  if (parts === 1 || basis.shape[0] !== 3 || x.shape[1] !== 2 || !rowLossesApply(layout, activation, onehot.shape[1])) return whole();
  const { basis: shifted, coef, count } = tf.tidy(() => nonNegative(basis, coefficients));
  const a = new Float32Array(count);
  const rows: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    a[i] = coef[2 * i]!;
    const b = coef[2 * i + 1]!;
    const open = rows[rows.length - 1];
    if (open && open[0] === b) open[2] = i + 1;
    else rows.push([b, i, i + 1]);
  }
  const [basisValues, xValues, yValues] = (await Promise.all([shifted.data(), x.data(), onehot.data()])) as Float32Array[];
  // Rows go out in small groups, each to whoever is free (this worker or a helper): helpers start a
  // little later and run a little slower than this worker, so a fixed half each left one waiting.
  const groups = splitRows(rows, parts * GROUPS_PER_WORKER).filter((g) => g.length > 0);
  const jobOf = (group: [number, number, number][]): RowJob => ({
    basis: basisValues!,
    a,
    rows: group,
    sizes: layout.sizes,
    x: xValues!,
    onehot: yValues!,
    activation: activation as 'relu' | 'linear',
  });
  const local = async (group: [number, number, number][]) => {
    const t = tf.tidy(() => rowLosses(shifted, a, group, layout, x, onehot, activation as 'relu' | 'linear'));
    const out = (await t.data()) as Float32Array;
    t.dispose();
    return out;
  };
  const results: (Float32Array | null)[] = groups.map(() => null);
  const failed: number[] = [];
  let next = 0;
  const helperLoop = async (index: number) => {
    while (next < groups.length) {
      const g = next++;
      // A helper that fails (a dead worker, say) stops taking rows; its group is evaluated here.
      const r = await helpers!.evaluate(jobOf(groups[g]!), index).catch(() => null);
      if (!r) {
        failed.push(g);
        return;
      }
      results[g] = r;
    }
  };
  const localLoop = async () => {
    while (next < groups.length) {
      const g = next++;
      results[g] = await local(groups[g]!);
      // Let the helpers' replies in, so a helper that is free gets the next group.
      await helpers!.heard();
    }
  };
  try {
    // Helpers first: each posts its first group before this worker starts computing its own.
    const helping = Array.from({ length: parts - 1 }, (_, i) => helperLoop(i));
    await localLoop();
    await Promise.all(helping);
    for (const g of failed) results[g] = await local(groups[g]!);
    const out = new Float32Array(count);
    let at = 0;
    for (const part of results) {
      out.set(part!, at);
      at += part!.length;
    }
    return out;
  } finally {
    shifted.dispose();
  }
}
