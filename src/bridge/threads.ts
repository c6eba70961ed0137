/**
 * `?threads=N`: how many threads the wasm backend may use. Absent: every logical core
 * (navigator.hardwareConcurrency), when the page is cross-origin isolated. `threads=1` forces the
 * single-threaded build, for comparison (the bench runs each workload both ways). A page-level key:
 * kept in the link as typed, not part of the run's settings.
 */
export const THREADS_KEY = 'threads';

export function threadsFromQuery(search: string): { threads: number | null; problem?: string } {
  const raw = new URLSearchParams(search).get(THREADS_KEY);
  if (raw === null) return { threads: null };
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > 256) {
    return { threads: null, problem: `threads = "${raw}": not a whole number 1–256, so every core is used` };
  }
  return { threads: n };
}

/**
 * Experiments whose work is a few large operations (the estimators' [K, N] passes), which tfjs' pool
 * splits. Everything else is many small operations (a 2-16-16-2 network on 256 points, binary
 * latents' tiny layers), where each op's handoff to the pool costs more than it saves, so those get
 * one thread unless the link says otherwise; tfjs fixes the thread count when wasm starts, so a switch
 * between the two kinds starts a fresh worker.
 *
 * Measured on this project's 2-core machine (bench `threads`, once the pool really ran 2 threads, see
 * vite.config.ts): every workload was slower with 2 threads than with 1 (the surface 0.7–0.8×, the
 * estimators 1.0×, the baseline 0.3–0.4×, binary latents' page 0.5×), and the kernels the pool can
 * split at all bound the surface at 1.2–1.5× even with free handoffs. So on fewer than
 * MIN_CORES_FOR_THREADS logical cores every experiment keeps one thread; with more, the estimators
 * take every core, as tfjs itself would (it defaults to a pool on machines of 4 and more).
 *
 * The loss surface instead always runs on one thread and shares its planes' rows with helper workers
 * (SURFACE_EXPERIMENT; src/worker/surface-pool.ts): whole rows split across cores without handoffs.
 */
export const THREADED_EXPERIMENTS: ReadonlySet<string> = new Set(['gradient-variance']);
export const MIN_CORES_FOR_THREADS = 3;
export const SURFACE_EXPERIMENT = 'loss-surface';

function logicalCores(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

/** The wasm thread count for an experiment: the link's, else every core for the heavy ones on 3+ cores, else 1. */
export function threadsFor(experimentId: string, forced: number | null, cores = logicalCores()): { threads: number | null; note: string } {
  if (experimentId === SURFACE_EXPERIMENT) {
    const helpers = surfaceHelpersFor(forced, cores);
    return {
      threads: 1,
      note:
        helpers > 0
          ? `the surface's rows are shared with ${helpers} helper worker${helpers === 1 ? '' : 's'}, one thread each`
          : 'no helper workers for the surface (they need a core besides the one the page draws on; threads=2 in the link asks for one)',
    };
  }
  if (forced !== null) return { threads: forced, note: `threads=${forced} in the link` };
  if (!THREADED_EXPERIMENTS.has(experimentId)) return { threads: 1, note: 'this experiment is many small operations, which a thread pool slows (see the bench)' };
  if (cores < MIN_CORES_FOR_THREADS) {
    return { threads: 1, note: `on ${cores} core${cores === 1 ? '' : 's'} a thread pool measured slower than one thread, even here (see the bench)` };
  }
  return { threads: null, note: 'this experiment is a few large operations, which the pool splits' };
}

/**
 * Workers the loss surface's planes are shared among, at most: each holds its own wasm backend and
 * copy of tfjs (tens of MB), and a 51 × 51 plane in four shares is already a few frames' work.
 */
export const MAX_SURFACE_WORKERS = 4;

/**
 * Helper workers for the loss surface's planes: one fewer than the workers to use, since the worker
 * evaluates a share itself. The link's `threads` sets the workers; else every core but one, which is
 * left to the page's drawing (on 2 cores a helper would take the core the page draws on while the
 * net trains, for a plane measured only 0.9–1.3× faster: the bench's `threads` section). At most
 * MAX_SURFACE_WORKERS.
 */
export function surfaceHelpersFor(forced: number | null, cores = logicalCores()): number {
  return Math.max(0, Math.min(forced ?? cores - 1, cores, MAX_SURFACE_WORKERS) - 1);
}
