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
 * Experiments whose work is a few large operations (the 51 × 51 loss surface's [8192, 34] products,
 * the estimators' [K, N] passes), which tfjs' pool splits. Everything else is many small operations
 * (a 2-16-16-2 network on 256 points, binary latents' tiny layers), where each op's handoff to the
 * pool costs more than it saves, so those get one thread unless the link says otherwise; tfjs fixes
 * the thread count when wasm starts, so a switch between the two kinds starts a fresh worker.
 *
 * Measured on this project's 2-core machine (bench `threads`, once the pool really ran 2 threads, see
 * vite.config.ts): every workload was slower with 2 threads than with 1 (the surface 0.7–0.8×, the
 * estimators 1.0×, the baseline 0.3–0.4×, binary latents' page 0.5×), and the kernels the pool can
 * split at all bound the surface at 1.2–1.3× even with free handoffs. So on fewer than
 * MIN_CORES_FOR_THREADS logical cores every experiment keeps one thread; with more, the heavy ones
 * take every core, as tfjs itself would (it defaults to a pool on machines of 4 and more).
 */
export const THREADED_EXPERIMENTS: ReadonlySet<string> = new Set(['loss-surface', 'gradient-variance']);
export const MIN_CORES_FOR_THREADS = 3;

function logicalCores(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

/** The thread count for an experiment: the link's, else every core for the heavy ones on 3+ cores, else 1. */
export function threadsFor(experimentId: string, forced: number | null, cores = logicalCores()): { threads: number | null; note: string } {
  if (forced !== null) return { threads: forced, note: `threads=${forced} in the link` };
  if (!THREADED_EXPERIMENTS.has(experimentId)) return { threads: 1, note: 'this experiment is many small operations, which a thread pool slows (see the bench)' };
  if (cores < MIN_CORES_FOR_THREADS) {
    return { threads: 1, note: `on ${cores} core${cores === 1 ? '' : 's'} a thread pool measured slower than one thread, even here (see the bench)` };
  }
  return { threads: null, note: 'this experiment is a few large operations, which the pool splits' };
}
