/**
 * Hard limits the estimators enforce, each with the sentence the UI shows when it bites. They live
 * in one place so the experiment's schema, its refusal messages and the tests agree.
 */

/**
 * Largest K × N batch one estimate may allocate. An estimate holds about ten [K, N] float32 tensors at
 * once (noise, samples, relaxed samples, gradients), so 2^24 elements is already ~640 MB of
 * intermediates: past that a browser tab (or a 2-core test box) runs out of memory before it is slow.
 */
export const MAX_ELEMENTS = 2 ** 24;

export function tooManyElementsReason(k: number, n: number): string {
  return (
    `K × N = ${k} × ${n} = ${k * n} elements is over the limit of 2^24 = ${MAX_ELEMENTS}: one estimate ` +
    'holds about ten [K, N] float32 tensors, which would not fit in memory. Lower K or N.'
  );
}

/**
 * Smallest temperature the relaxations (Concrete, straight-through Gumbel, REBAR) accept. The relaxed
 * gradient carries a factor z(1 - z)/τ with z = sigmoid((φ + L)/τ): at τ = 0.01 it is non-zero only for
 * logistic noise within about ±0.2 of the threshold and reaches 25 there, so the estimate is mostly
 * exactly 0 with rare large spikes (variance ∝ 1/τ). Below that float32's sigmoid saturates for
 * nearly every sample and the average over any affordable K is dominated by a handful of spikes.
 */
export const MIN_TAU = 0.01;
export const MAX_TAU = 100;

export function tauReason(tau: number): string {
  return (
    `temperature τ = ${tau} is outside [${MIN_TAU}, ${MAX_TAU}]: below ${MIN_TAU} the relaxed gradient z(1 - z)/τ is 0 ` +
    'for almost every float32 sample and huge for the rest, so its average is noise.'
  );
}

/** Largest N the exact estimator enumerates (2^16 configurations × 16 units = 1M elements). */
export const MAX_ENUMERATION_UNITS = 16;

/** Uniform noise is kept inside (EPS, 1 - EPS) so logistic noise log u - log(1 - u) stays finite. */
export const UNIFORM_EPS = 1e-6;
