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
import { meanLossesAt, nonNegative, pointRows, rowLosses, rowLossesApply, rowLossesFused } from './batched-loss';
import { fusedRowLosses } from './fused-plane';

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

/**
 * A plane whose row groups every worker takes from one shared counter, writing its losses straight
 * into shared memory (needs SharedArrayBuffer, i.e. a cross-origin isolated page). Why: with replies
 * by message, this worker learnt that a helper was free only between its own groups, and Chromium
 * may run a worker's other tasks before a helper's reply, so helpers sat idle (a 51 × 51 plane was
 * 1.2× faster with one helper where two independent copies of the work ran 1.9–2× faster, measured).
 */
export interface SharedRowJob {
  /** Every row of the plane. */
  job: RowJob;
  /** Each group's rows, [first, end) indices into job.rows, and its first point's index in `out`. */
  groups: [number, number, number][];
  /** [1]: the next group to take. */
  next: Int32Array;
  /** [groups]: 1 once a group's losses are in `out`. */
  done: Int32Array;
  /** [points]: the plane's losses. */
  out: Float32Array;
}

export interface RowPool {
  /** Helper workers ready to take rows now (0 while they start: the plane is then evaluated here). */
  ready(): number;
  /** Take groups of a shared plane until none is left (sharedRowGroups). Rejects if the helper failed. */
  share?(plane: SharedRowJob, helper: number): Promise<void>;
  /** The losses of the job's points, in order. Rejects if the helper failed; the caller then evaluates it here. */
  evaluate(job: RowJob, helper: number): Promise<Float32Array>;
  /** Resolve once the helpers' replies already queued have been heard (a task turn, not a microtask). */
  heard(): Promise<void>;
}

let pool: RowPool | null = null;

/** Row groups per worker of a plane (51 rows over 2 workers: 8 groups of 6–7 rows). */
const GROUPS_PER_WORKER = 4;
/**
 * With a shared counter a group costs no message, so groups are small (51 rows over 2 workers: 24
 * groups of 2–3 rows) and the last one taken keeps the others waiting only briefly.
 */
const SHARED_GROUPS_PER_WORKER = 12;

/** Set (or clear) the helpers of this worker; only the worker calls this. */
export function setRowPool(p: RowPool | null): void {
  pool = p;
}

/** Helper workers ready now (0 without a pool): the bench and e2e say how many workers a plane used. */
export function rowPoolReady(): number {
  return pool?.ready() ?? 0;
}

/**
 * A job's losses, as a helper computes them and as this worker does its own share. On CPU backends
 * straight from the job's arrays by the fused kernel (no tensors in and out); else by rowLosses' ops.
 */
export async function rowJobLosses(job: RowJob): Promise<Float32Array> {
  const layout = mlpLayout(job.sizes);
  if (rowLossesFused()) return fusedRowLosses(job.basis, 3, job.a, job.rows, layout, job.x, job.onehot, job.activation);
  const p = job.basis.length / 3;
  const n = job.x.length / 2;
  const t = tf.tidy(() =>
    rowLosses(tf.tensor2d(job.basis, [3, p]), job.a, job.rows, layout, tf.tensor2d(job.x, [n, 2]), tf.tensor2d(job.onehot, [n, 2]), job.activation),
  );
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

/**
 * Take a shared plane's groups one at a time until none is left, each evaluated by `evaluate` (its
 * rows → their losses), written into `out` and marked done. Every worker of the plane runs this.
 */
export async function sharedRowGroups(plane: SharedRowJob, evaluate: (rows: [number, number, number][]) => Promise<Float32Array>): Promise<void> {
  for (;;) {
    const g = Atomics.add(plane.next, 0, 1);
    if (g >= plane.groups.length) return;
    const [first, end, at] = plane.groups[g]!;
    plane.out.set(await evaluate(plane.job.rows.slice(first, end)), at);
    Atomics.store(plane.done, g, 1);
  }
}

/** Whether SharedArrayBuffer can be posted to a worker here: a cross-origin isolated page, or Node. */
function sharedMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/**
 * The plane's rows in small groups that this worker and every helper take from one shared counter
 * (SharedRowJob). A group a failed helper took and never finished is evaluated here at the end.
 */
async function sharedPlane(
  helpers: RowPool,
  parts: number,
  job: RowJob,
  count: number,
  local: (rows: [number, number, number][]) => Promise<Float32Array>,
): Promise<Float32Array> {
  const groups: [number, number, number][] = [];
  let first = 0;
  let at = 0;
  for (const g of splitRows(job.rows, Math.min(job.rows.length, parts * SHARED_GROUPS_PER_WORKER))) {
    if (g.length === 0) continue;
    groups.push([first, first + g.length, at]);
    first += g.length;
    at += g.reduce((sum, [, start, end]) => sum + end - start, 0);
  }
  const plane: SharedRowJob = {
    job,
    groups,
    next: new Int32Array(new SharedArrayBuffer(4)),
    done: new Int32Array(new SharedArrayBuffer(4 * groups.length)),
    out: new Float32Array(new SharedArrayBuffer(4 * count)),
  };
  // Helpers first, so they start on their first group while this worker evaluates its own.
  for (let i = 0; i < parts - 1; i++) helpers.share!(plane, i).catch(() => undefined);
  await sharedRowGroups(plane, local);
  // Groups a helper took and has not finished are evaluated here too, without waiting for it: on a
  // busy machine a helper is sometimes descheduled mid-group for ~10 ms (measured), and a dead one
  // never finishes. A row gives the same floats wherever it runs, so a helper that finishes such a
  // group later writes the very values already there (and after the copy below, into memory no one
  // reads).
  for (let g = 0; g < groups.length; g++) {
    if (Atomics.load(plane.done, g) === 1) continue;
    const [from, end, offset] = groups[g]!;
    plane.out.set(await local(job.rows.slice(from, end)), offset);
    Atomics.store(plane.done, g, 1);
  }
  // A copy in an ordinary buffer: the caller may transfer it.
  return plane.out.slice();
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
  const whole = () => meanLossesAt(basis, coefficients, layout, x, onehot, activation);
  if (parts === 1 || basis.shape[0] !== 3 || x.shape[1] !== 2 || !rowLossesApply(layout, activation, onehot.shape[1])) return whole();
  const { basis: shifted, coef, count } = tf.tidy(() => nonNegative(basis, coefficients));
  const { a, rows } = pointRows(coef, count, 2);
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
  // This worker's share, from the same arrays the helpers get (so the same floats wherever a row runs).
  const local = (group: [number, number, number][]) => rowJobLosses(jobOf(group));
  if (helpers!.share && sharedMemory()) {
    try {
      return await sharedPlane(helpers!, parts, jobOf(rows), count, local);
    } finally {
      shifted.dispose();
    }
  }
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
