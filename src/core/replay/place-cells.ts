/**
 * Display timing of place-cell firing, for the panel only (learning never depends on it). During the
 * run each place's cell fires as the animal passes it; during replay the same cells fire in the
 * replayed order, time-compressed: Foster & Wilson (2006) and Diba & Buzsáki (2007) report replays of
 * 50-120 ms for runs of seconds, roughly 10-20x faster.
 */

/** Behavioural time to cross one place (a 1.5 m track of 16 places at about 0.6 m/s). */
export const RUN_MS_PER_PLACE = 150;

/** Firing time of each place during the run, in ms from the start of the lap. */
export function runFiringTimes(n: number, msPerPlace = RUN_MS_PER_PLACE): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => i * msPerPlace);
}

/** Firing time of the j-th cell in a replay sequence compressed `compression` times. */
export function replayFiringTimes(order: Int32Array, compression: number, msPerPlace = RUN_MS_PER_PLACE): Float32Array {
  return Float32Array.from({ length: order.length }, (_, j) => (j * msPerPlace) / compression);
}
