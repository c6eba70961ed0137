/**
 * Bars-and-stripes (MacKay 2003): side × side binary images that are either a set of full columns
 * (bars) or a set of full rows (stripes), each line on with probability 1/2. Small, exactly
 * structured and seeded: a sigmoid belief net with a few binary latents can learn it, and the
 * learning curve depends visibly on the gradient estimator.
 */
import type { Rng } from '../../rng';

export interface BinaryImages {
  /** Row-major [count, side²] of 0/1. */
  x: Float32Array;
  count: number;
  side: number;
  pixels: number;
}

export function barsAndStripes(count: number, side: number, rng: Rng): BinaryImages {
  const pixels = side * side;
  const x = new Float32Array(count * pixels);
  const lines = new Uint8Array(side);
  for (let i = 0; i < count; i++) {
    const bars = rng.next() < 0.5;
    for (let l = 0; l < side; l++) lines[l] = rng.next() < 0.5 ? 1 : 0;
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) x[i * pixels + r * side + c] = lines[bars ? c : r]!;
    }
  }
  return { x, count, side, pixels };
}
