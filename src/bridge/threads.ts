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
 * Experiments whose work is a few large operations (the 51 × 51 loss surface's [8192, 16] products,
 * the estimators' [K, N] passes): the thread pool splits each one and they run faster on every core.
 * Everything else is many small operations (a 2-16-16-2 network on 256 points, binary latents' tiny
 * layers), where each op's handoff to the pool costs more than it saves: measured in the bench
 * (`threads` section, both runs on this project's 2-core machine), the baseline ran at 0.39–0.8× and
 * binary latents' page at 0.21–0.83× with 2 threads, the surface at 1.8× and the estimators at
 * 1.15–1.4×. So those get one thread unless the link says otherwise; tfjs fixes the thread count when
 * wasm starts, so a switch between the two kinds starts a fresh worker.
 */
export const THREADED_EXPERIMENTS: ReadonlySet<string> = new Set(['loss-surface', 'gradient-variance']);

/** The thread count for an experiment: the link's, else every core for the heavy ones, else 1. */
export function threadsFor(experimentId: string, forced: number | null): { threads: number | null; note: string } {
  if (forced !== null) return { threads: forced, note: `threads=${forced} in the link` };
  return THREADED_EXPERIMENTS.has(experimentId)
    ? { threads: null, note: 'this experiment is a few large operations, which the pool splits' }
    : { threads: 1, note: 'this experiment is many small operations, which a thread pool slows (see the bench)' };
}
