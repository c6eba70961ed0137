/**
 * Experiments whose heavy work is shared with helper workers, one thread each, and what they share:
 * whole pieces of work split across cores without handoffs (src/worker/helper-pool.ts). Read by the
 * page (thread count, the badge's note) and the worker (which experiments get helpers). Both run on
 * one thread themselves, the single-threaded SIMD build their helpers run, so a helper's share is
 * the floats the worker would have computed.
 *
 * Why not tfjs' pool: measured on this project's 2-core machine (bench `threads`, once the pool really
 * ran 2 threads, see vite.config.ts), every workload was slower with 2 threads than with 1 (the
 * surface 0.7–0.8×, the estimators 0.7–1.0×, the baseline 0.3–0.4×, binary latents' page 0.5×); the
 * kernels the pool splits at all bound the estimators at 1.04× (nine tenths of their refresh is
 * script around kernels) and the surface at 1.2–1.5× even with free handoffs. So every other
 * experiment, many small operations (a 2-16-16-2 network on 256 points, binary latents' tiny layers),
 * keeps one thread unless the link says otherwise.
 */
export const HELPER_EXPERIMENTS: ReadonlyMap<string, string> = new Map([
  ['loss-surface', "the surface's rows"],
  ['gradient-variance', "the estimators' draws"],
]);
