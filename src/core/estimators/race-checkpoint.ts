/**
 * A racer's saved state as flat checkpoint entries under its key, and back. Key names are kept from
 * the first version (`<key>.params`, `.steps`, `.watched`, `.loss`) so older checkpoints still load
 * (their racers then continue with fresh optimiser moments, as they did before).
 */
import type { RunCheckpoint } from '../experiment';
import { OPTIMIZERS } from '../optim/optimizer-kinds';
import type { SavedRacer } from './race';

export function racerEntries(key: string, saved: SavedRacer): Pick<RunCheckpoint, 'arrays' | 'numbers'> {
  const arrays: Record<string, Float32Array> = {
    [`${key}.params`]: saved.params,
    [`${key}.steps`]: saved.history.steps,
    [`${key}.watched`]: saved.history.watched,
    [`${key}.loss`]: saved.history.loss,
  };
  saved.optimizer.slots.forEach((a, i) => (arrays[`${key}.optimizer.${i}`] = a));
  saved.estimator.arrays.forEach((a, i) => (arrays[`${key}.estimator.${i}`] = a));
  const numbers: Record<string, number> = {
    [`${key}.steps`]: saved.steps,
    [`${key}.optimizer.kind`]: OPTIMIZERS.indexOf(saved.optimizer.kind),
    [`${key}.optimizer.t`]: saved.optimizer.t,
    [`${key}.optimizer.slots`]: saved.optimizer.slots.length,
    [`${key}.rng.a`]: saved.rng[0] ?? NaN,
    [`${key}.rng.spare`]: saved.rng[1] ?? NaN,
    [`${key}.estimator.arrays`]: saved.estimator.arrays.length,
    [`${key}.estimator.numbers`]: saved.estimator.numbers.length,
  };
  saved.estimator.numbers.forEach((v, i) => (numbers[`${key}.estimator.n${i}`] = v));
  return { arrays, numbers };
}

type Loadable = Pick<SavedRacer, 'params' | 'steps' | 'history'> & Partial<SavedRacer>;

/** What racerEntries wrote for `key`, or null when the checkpoint has no parameters for it. */
export function racerFromCheckpoint(key: string, c: RunCheckpoint): Loadable | null {
  const a = c.arrays;
  const n = c.numbers;
  const params = a[`${key}.params`];
  if (!params) return null;
  const out: Loadable = {
    params,
    steps: n[`${key}.steps`] ?? 0,
    history: { steps: a[`${key}.steps`] ?? new Float32Array(0), watched: a[`${key}.watched`] ?? new Float32Array(0), loss: a[`${key}.loss`] ?? new Float32Array(0) },
  };
  const kind = OPTIMIZERS[n[`${key}.optimizer.kind`] ?? -1];
  const slots = Array.from({ length: n[`${key}.optimizer.slots`] ?? 0 }, (_, i) => a[`${key}.optimizer.${i}`]);
  if (kind && n[`${key}.optimizer.t`] !== undefined && slots.every((s) => s)) {
    out.optimizer = { kind, t: n[`${key}.optimizer.t`]!, slots: slots as Float32Array[] };
  }
  if (n[`${key}.rng.a`] !== undefined) out.rng = [n[`${key}.rng.a`]!, n[`${key}.rng.spare`] ?? NaN];
  const estArrays = Array.from({ length: n[`${key}.estimator.arrays`] ?? 0 }, (_, i) => a[`${key}.estimator.${i}`]);
  const estNumbers = Array.from({ length: n[`${key}.estimator.numbers`] ?? 0 }, (_, i) => n[`${key}.estimator.n${i}`]);
  if (n[`${key}.estimator.arrays`] !== undefined && estArrays.every((x) => x) && estNumbers.every((x) => x !== undefined)) {
    out.estimator = { arrays: estArrays as Float32Array[], numbers: estNumbers as number[] };
  }
  return out;
}
