import { HELPER_EXPERIMENTS } from '../shared/helper-experiments';

/**
 * `?threads=N`: how many threads the wasm backend may use, or for the experiments with helper workers
 * how many workers share their work. Absent: the page picks per experiment (threadsFor, helpersFor).
 * `threads=1` forces the single-threaded build and no helpers, for comparison (the bench runs each
 * workload both ways). A page-level key: kept in the link as typed, not part of the run's settings.
 */
export const THREADS_KEY = 'threads';

export function threadsFromQuery(search: string): { threads: number | null; problem?: string } {
  const raw = new URLSearchParams(search).get(THREADS_KEY);
  if (raw === null) return { threads: null };
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > 256) {
    return { threads: null, problem: `threads = "${raw}": not a whole number 1–256, so the page picks the threads itself` };
  }
  return { threads: n };
}

function logicalCores(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

/**
 * The wasm thread count for an experiment: one for those with helpers, else the link's, else one;
 * and why, for the badge (`helpers`: the note is about helper workers).
 */
export function threadsFor(experimentId: string, forced: number | null, cores = logicalCores()): { threads: number | null; note: string; helpers: boolean } {
  const shared = HELPER_EXPERIMENTS.get(experimentId);
  if (shared) {
    const helpers = helpersFor(forced, cores);
    return {
      threads: 1,
      helpers: true,
      note:
        helpers > 0
          ? `${shared} are shared with ${helpers} helper worker${helpers === 1 ? '' : 's'}, one thread each`
          : `no helper workers for ${shared} (they need a core besides the one the page draws on; threads=2 in the link asks for one)`,
    };
  }
  if (forced !== null) return { threads: forced, note: `threads=${forced} in the link`, helpers: false };
  return { threads: 1, note: 'this experiment is many small operations, which a thread pool slows (see the bench)', helpers: false };
}

/**
 * Workers the helper experiments' work is shared among, at most: each holds its own wasm backend and
 * copy of tfjs (tens of MB); a 51 × 51 plane in four shares is already a few frames' work, and a
 * default table refresh is seven draws.
 */
export const MAX_HELPED_WORKERS = 4;

/**
 * Helper workers for the helper experiments: one fewer than the workers to use, since the worker does
 * a share itself. The link's `threads` sets the workers; else every core but one, which is left to the
 * page's drawing (on 2 cores a helper would take the core the page draws on while the net trains:
 * the bench's `threads` section measures what it gives). At most MAX_HELPED_WORKERS.
 */
export function helpersFor(forced: number | null, cores = logicalCores()): number {
  return Math.max(0, Math.min(forced ?? cores - 1, cores, MAX_HELPED_WORKERS) - 1);
}
