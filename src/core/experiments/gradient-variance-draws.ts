/**
 * The estimators table's draws shared with helper workers (issue 17). tfjs' thread pool cannot speed a
 * refresh up: nine tenths of it is script around small kernels (drawing noise, reading each batch
 * back, reducing it), measured in the bench's `threads` section. But the estimators are independent
 * of one another, so whole draws can go to other cores, each to a helper with its own single-threaded
 * wasm backend, which posts back only the batch's reduction (a few KB).
 *
 * Bit-identical to drawing here: every estimator draws from a stream of its own (the run's
 * `stats:<key>` seed), a job carries that stream's state and the helper returns where it ended; a
 * helper runs the very wasm build this worker runs single-threaded; and the reduction is the same
 * float64 script. Only stateless binary-unit estimators are shared (a stateful one's baseline or
 * REBAR's η and τ live with its instance here); the rest are drawn here, while the helpers work.
 *
 * Pure: the pool itself (src/worker/helper-pool.ts) is set by the worker; Node tests and the CLI never
 * set one, and then every draw is made here, in table order.
 */
import { nowMs } from '../clock';
import { createRng, type Rng } from '../rng';
import { createBernoulliEstimator } from '../estimators/catalogue';
import { sumSquaresCost, tuckerToy } from '../estimators/problems/sum-squares';
import type { BernoulliCost, BernoulliEstimator, BernoulliEstimatorId } from '../estimators/types';
import { drawBernoulli, reduceDrawn, type BernoulliPoint, type ReducedDraw } from './gradient-variance-table';

/** The binary-unit problem as plain numbers: N units of the sum-of-squares cost, or the one-unit toy. */
export interface BinaryProblem {
  problem: 'units' | 'toy';
  units: number;
  t: number;
}

export function binaryCost(p: BinaryProblem): BernoulliCost {
  return p.problem === 'units' ? sumSquaresCost(p.units, p.t) : tuckerToy(p.t);
}

/** What a helper needs to draw and reduce one stateless estimator's batch: plain data, posted between workers. */
export interface DrawJob {
  id: BernoulliEstimatorId;
  problem: BinaryProblem;
  theta: number;
  k: number;
  tau: number;
  groups: number;
  /** The estimator's stream (Rng.getState()): the helper draws from it and replies with where it ended. */
  rng: number[];
  /** The exact gradient's columns, and the coordinates the table reports. */
  exact: Float64Array;
  coordinates: number[];
}

export type DrawResult = ReducedDraw | { reason: string };

export interface DrawReply {
  batch: DrawResult;
  rng: number[];
  /** How long the helper took to draw and reduce it (ms): the next refresh's cost for this estimator. */
  ms: number;
}

/**
 * Jobs that every worker of a refresh takes from one counter ([0]: the next job): shared memory on a
 * cross-origin isolated page, so a helper takes its next job without waiting for this worker to hear
 * from it (a worker busy with its own draws hears replies only between them). [1] counts the helpers
 * that have posted their replies (postedDraws). Elsewhere each helper is posted its own share, with a
 * counter of its own.
 */
export interface SharedDraws {
  jobs: DrawJob[];
  next: Int32Array;
}

/** A helper has posted its replies (or its failure) to `draws`: count it, for untilPosted. */
export function postedDraws(draws: SharedDraws): void {
  if (draws.next.length > 1) Atomics.add(draws.next, 1, 1);
}

/**
 * Poll, rather than sleep, until `helpers` helpers have posted their replies to `draws`, or until
 * `limitMs` have passed; whether they all had. Why: a worker idle at the end of a refresh waits for
 * the last helper's reply asleep, and on the bench machine it woke 0.7–1.8 ms after that helper
 * finished (timelines of the default refresh, about 9 ms on two workers); polling, it read the reply
 * within 0.1–0.3 ms. A helper counts itself after posting, so the reply is already in this worker's
 * queue when the poll ends. Bounded by the longest job (the most a helper still has to draw once the
 * counter is empty), so a helper descheduled or dead costs a sleep, not a spin.
 */
export function untilPosted(draws: SharedDraws, helpers: number, limitMs: number): boolean {
  const until = nowMs() + limitMs;
  for (;;) {
    if (Atomics.load(draws.next, 1) >= helpers) return true;
    if (nowMs() >= until) return false;
  }
}

/** Longest poll for the helpers' replies (untilPosted), whatever the jobs' costs. */
const POLL_LIMIT_MS = 20;

export interface DrawPool {
  /** Helper workers ready to take jobs now (0 while they start: then every draw is made here). */
  ready(): number;
  /**
   * The helpers are threads of their own that count their posted replies (postedDraws), so this
   * worker may poll for them (untilPosted). In-process helpers (tests) run on this thread: polling
   * would only hold them up.
   */
  readonly threads?: boolean;
  /** Take jobs of `draws` until none is left; the replies, by job index. Rejects if the helper failed. */
  draws(draws: SharedDraws, helper: number): Promise<[number, DrawReply][]>;
}

let pool: DrawPool | null = null;

/** Set (or clear) the helpers of this worker; only the worker calls this. */
export function setDrawPool(p: DrawPool | null): void {
  pool = p;
}

/**
 * Arrays the draws are read into, lent one per draw in flight and taken back once it is reduced: a
 * batch is a megabyte at the default size, and a fresh one per draw cost more than the draw's kernels
 * on the bench machine (core/tensor-read.ts). Batches above READ_LIMIT values get their own array.
 */
const READ_LIMIT = 2 ** 20;
const idle: Float32Array[] = [];

function lend(size: number): Float32Array {
  const i = idle.findIndex((b) => b.length >= size);
  return i >= 0 ? idle.splice(i, 1)[0]! : new Float32Array(size);
}

/** One estimator's draw and reduction: what the table's refresh and every helper job run. */
export async function drawReduced(
  estimator: BernoulliEstimator,
  point: BernoulliPoint,
  groups: number,
  rng: Rng,
  warm: boolean,
  exact: ArrayLike<number>,
  coordinates: readonly number[],
): Promise<DrawResult> {
  let lent: Float32Array | null = null;
  const into = (size: number) => (size <= READ_LIMIT ? (lent = lend(size)) : new Float32Array(size));
  try {
    const drawn = await drawBernoulli(estimator, point, groups, rng, warm, into);
    return 'reason' in drawn ? drawn : reduceDrawn(drawn, exact, point.k, coordinates);
  } finally {
    // Two kept at most: draws in flight at once are the table's one and a bench probe's.
    if (lent && idle.length < 2) idle.push(lent);
  }
}

/** A helper's instances, by id: the jobs' estimators are stateless, so one instance serves every job. */
const instances = new Map<BernoulliEstimatorId, BernoulliEstimator>();

/** A job as a helper runs it. */
export async function runDrawJob(job: DrawJob): Promise<DrawReply> {
  let estimator = instances.get(job.id);
  if (!estimator) {
    estimator = createBernoulliEstimator(job.id);
    instances.set(job.id, estimator);
  }
  const start = nowMs();
  // A generator of its own per job (jobs overlap while each awaits its read); a new one fills as fast
  // as one that lived on (core/rng.ts).
  const rng = createRng(1);
  rng.setState(job.rng);
  const point: BernoulliPoint = { units: job.problem.units, theta: job.theta, k: job.k, tau: job.tau, cost: binaryCost(job.problem), exact: 0 };
  const batch = await drawReduced(estimator, point, job.groups, rng, false, job.exact, job.coordinates);
  return { batch, rng: rng.getState(), ms: nowMs() - start };
}

/** Take jobs from the counter until none is left (a helper's loop; `run` is runDrawJob there). */
export async function takeDraws(draws: SharedDraws, run: (job: DrawJob) => Promise<DrawReply> = runDrawJob): Promise<[number, DrawReply][]> {
  const out: [number, DrawReply][] = [];
  for (;;) {
    const i = Atomics.add(draws.next, 0, 1);
    if (i >= draws.jobs.length) return out;
    out.push([i, await run(draws.jobs[i]!)]);
  }
}

/** One estimator's draw in a refresh. */
export interface TableTask {
  /** Draw it here, from its own stream. */
  local(): Promise<DrawResult>;
  /** The same draw as a job a helper may take (a stateless binary-unit estimator), else null. */
  job: (() => DrawJob) | null;
  /** Its stream: set from a helper's reply. */
  rng: Rng;
  /**
   * What its draw is expected to take (ms; its last draw's, 0 before the first). Jobs are handed out
   * longest first: in table order the two slowest default draws (Concrete, DisARM) came last, often
   * both to one worker while the other waited, and a refresh on two workers took 1.2 ms to 3 ms more
   * than its draws split evenly would (the bench machine's timelines).
   */
  cost: number;
}

/** Whether SharedArrayBuffer can be posted to a worker here: a cross-origin isolated page, or Node. */
function sharedMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

export interface TableDraws {
  /** Each task's draw, in task order. */
  results: DrawResult[];
  /** How many workers drew: this one and each helper that answered with a draw. */
  workers: number;
  /** How long each task's draw took, wherever it was made (ms): the tasks' costs next time. */
  ms: number[];
}

/**
 * Every task's draw: shareable ones taken by helpers and by this worker from one counter, longest
 * first, the others drawn here meanwhile. A job a failed helper took is drawn here at the end.
 */
export async function drawTable(tasks: readonly TableTask[], helpers: DrawPool | null = pool): Promise<TableDraws> {
  const results: (DrawResult | undefined)[] = new Array(tasks.length).fill(undefined);
  const ms: number[] = new Array(tasks.length).fill(0);
  const drawHere = async (i: number) => {
    const start = nowMs();
    results[i] = await tasks[i]!.local();
    ms[i] = nowMs() - start;
  };
  // Longest first; equal costs (the first refresh) keep table order. Each draw has its own stream, so
  // the order changes only who draws what, never a number.
  const shareable = tasks.flatMap((t, i) => (t.job ? [i] : [])).sort((a, b) => tasks[b]!.cost - tasks[a]!.cost || a - b);
  const count = Math.min(helpers?.ready() ?? 0, shareable.length);
  if (count === 0 || helpers === null) {
    for (let i = 0; i < tasks.length; i++) await drawHere(i);
    return { results: results as DrawResult[], workers: 1, ms };
  }
  const jobs = shareable.map((i) => tasks[i]!.job!());
  // Shared: one counter for all. Posted: job j to worker j mod (count + 1), worker 0 being this one.
  const shared = sharedMemory();
  const mine: number[] = [];
  const posted: SharedDraws[] = [];
  let common: SharedDraws | null = null;
  if (shared) common = { jobs, next: new Int32Array(new SharedArrayBuffer(8)) };
  else {
    for (let h = 0; h < count; h++) posted.push({ jobs: jobs.filter((_, j) => j % (count + 1) === h + 1), next: new Int32Array(1) });
    for (let j = 0; j < jobs.length; j += count + 1) mine.push(j);
  }
  // Helpers first, so they start on their first job while this worker draws its own.
  const replies = Array.from({ length: count }, (_, h) =>
    helpers
      .draws(common ?? posted[h]!, h)
      // A posted share's indices are into its own jobs: job j of helper h is job h + 1 + j·(count + 1).
      .then((r) => (common ? r : r.map(([j, reply]): [number, DrawReply] => [h + 1 + j * (count + 1), reply])))
      .catch((): [number, DrawReply][] => []),
  );
  for (let i = 0; i < tasks.length; i++) if (!tasks[i]!.job) await drawHere(i);
  if (common) {
    for (;;) {
      const j = Atomics.add(common.next, 0, 1);
      if (j >= jobs.length) break;
      await drawHere(shareable[j]!);
    }
    // The longest job (the first: they go out longest first) is the most a helper can have left.
    if (helpers.threads) untilPosted(common, count, Math.min(POLL_LIMIT_MS, tasks[shareable[0]!]!.cost));
  } else for (const j of mine) await drawHere(shareable[j]!);
  let workers = 1;
  for (const reply of await Promise.all(replies)) {
    if (reply.length > 0) workers++;
    for (const [j, { batch, rng, ms: took }] of reply) {
      results[shareable[j]!] = batch;
      ms[shareable[j]!] = took;
      tasks[shareable[j]!]!.rng.setState(rng);
    }
  }
  // Jobs a failed helper took and never answered: drawn here, from the stream it never advanced.
  for (let i = 0; i < tasks.length; i++) if (results[i] === undefined) await drawHere(i);
  return { results: results as DrawResult[], workers, ms };
}
