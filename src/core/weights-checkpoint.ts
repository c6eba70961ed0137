/**
 * What a tensor run's checkpoint holds besides its own counters: the flat weight vector (`arrays.theta`,
 * `numbers.parameterCount`), the optimiser's moments and the random streams' states, so a run restored
 * from it replays the original's steps bit for bit (rewind and branch, issue 16).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RunCheckpoint } from './experiment';
import { OPTIMIZERS } from './optim/optimizer-kinds';
import type { FlatOptimizer } from './optim/flat-optimizers';
import type { Rng } from './rng';

/**
 * Assign a checkpoint's weights to `theta` when they are of this net's size; a checkpoint of another
 * size is ignored (false), and the run starts from its seed.
 */
export function restoreWeights(theta: tf.Variable, c: RunCheckpoint, size: number): boolean {
  const saved = c.arrays.theta;
  if (!saved || saved.length !== size || c.numbers.parameterCount !== size) return false;
  const t = tf.tensor1d(saved);
  theta.assign(t);
  t.dispose();
  return true;
}

/** An optimiser's moments and step count as checkpoint entries under `prefix`. */
export async function optimizerEntries(optimizer: FlatOptimizer, prefix = 'optimizer'): Promise<Pick<RunCheckpoint, 'arrays' | 'numbers'>> {
  const s = await optimizer.state();
  return {
    arrays: Object.fromEntries(s.slots.map((a, i) => [`${prefix}.${i}`, a])),
    numbers: { [`${prefix}.t`]: s.t, [`${prefix}.kind`]: OPTIMIZERS.indexOf(s.kind), [`${prefix}.slots`]: s.slots.length },
  };
}

/**
 * Load what optimizerEntries saved into an optimiser of the same kind and size. A checkpoint without
 * them (an older one) or of another optimiser leaves fresh moments (false): the run continues, though
 * not bit for bit as the original did.
 */
export function restoreOptimizer(optimizer: FlatOptimizer, c: RunCheckpoint, prefix = 'optimizer'): boolean {
  const kind = OPTIMIZERS[c.numbers[`${prefix}.kind`] ?? -1];
  const count = c.numbers[`${prefix}.slots`];
  const t = c.numbers[`${prefix}.t`];
  if (!kind || count === undefined || t === undefined) return false;
  const slots: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const a = c.arrays[`${prefix}.${i}`];
    if (!a) return false;
    slots.push(a);
  }
  return optimizer.setState({ kind, t, slots });
}

/** Random streams' states as checkpoint numbers (`<name>.a`, `<name>.spare`). */
export function rngEntries(streams: Record<string, Rng>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, rng] of Object.entries(streams)) {
    const [a, spare] = rng.getState();
    out[`rng.${name}.a`] = a!;
    out[`rng.${name}.spare`] = spare!;
  }
  return out;
}

/** Load rngEntries' states; a stream missing from the checkpoint is left as it is. */
export function restoreRngs(streams: Record<string, Rng>, c: RunCheckpoint): void {
  for (const [name, rng] of Object.entries(streams)) {
    rng.setState([c.numbers[`rng.${name}.a`] ?? NaN, c.numbers[`rng.${name}.spare`] ?? NaN]);
  }
}
