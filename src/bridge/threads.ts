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
