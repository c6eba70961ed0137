/**
 * A training set the student draws (issue 16, item 2): the flat x, y, class triples of the `drawn`
 * parameter as a train/test split, the reason a set cannot be trained on, and the seeded jitter behind
 * "Add noise". Pure arithmetic, no tensors: the page imports it to jitter, the worker to train.
 *
 * The test set of a drawn set is the drawn set itself. A hand-drawn set is small and every point was
 * put somewhere on purpose: holding a fifth out would silently drop points the student placed, and the
 * boundary would not answer the drawing. So "test" numbers on drawn data measure the fit to the drawing,
 * not generalisation, and the panel says so.
 */
import { createRng, deriveSeed } from '../rng';
import { POINT_EXTENT, snapCoordinate } from '../../params/point-set';
import type { PointSet, SplitSet } from './two-d';

/** The dataset choice that means "the drawn points". */
export const DRAWN = 'drawn';
/** Standard deviation of one "Add noise" press, in plane units (the plane is 4 wide). */
export const DRAWN_JITTER = 0.08;

/** The triples as a point set, in the order drawn. */
export function drawnPointSet(flat: readonly number[]): PointSet {
  const n = Math.floor(flat.length / 3);
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = flat[3 * i]!;
    x[2 * i + 1] = flat[3 * i + 1]!;
    y[i] = flat[3 * i + 2] === 1 ? 1 : 0;
  }
  return { x, y, n };
}

/** Train and test are both the drawn set (see the module comment for why). */
export function drawnSplit(flat: readonly number[]): SplitSet {
  return { train: drawnPointSet(flat), test: drawnPointSet(flat) };
}

/** Why a drawn set cannot be trained on, in one line, or null when it can. */
export function drawnRefusal(flat: readonly number[]): string | null {
  const set = drawnPointSet(flat);
  if (set.n === 0) return 'The drawn set is empty: click the plane to add points of class A and B.';
  const ones = set.y.reduce((a, b) => a + b, 0);
  if (ones === 0 || ones === set.n) {
    const has = ones === 0 ? 'A' : 'B';
    const lacks = ones === 0 ? 'B' : 'A';
    return `The drawn set has only class ${has} (${set.n} point${set.n === 1 ? '' : 's'}): add at least one point of class ${lacks} to train.`;
  }
  return null;
}

/**
 * Every drawn point moved by a Gaussian of standard deviation `sigma`, snapped back to the grid and
 * the square. The stream is the run's seed and how many times noise was added before (`press`), so the
 * same drawing, seed and press give the same jitter wherever it runs.
 */
export function jitterDrawn(flat: readonly number[], seed: number, press: number, sigma = DRAWN_JITTER): number[] {
  const rng = createRng(deriveSeed(seed, `drawn-jitter-${press}`));
  const out = [...flat];
  for (let i = 0; i + 2 < out.length; i += 3) {
    out[i] = snapCoordinate(Math.max(-POINT_EXTENT, Math.min(POINT_EXTENT, out[i]! + sigma * rng.normal())));
    out[i + 1] = snapCoordinate(Math.max(-POINT_EXTENT, Math.min(POINT_EXTENT, out[i + 1]! + sigma * rng.normal())));
  }
  return out;
}

/** The set with one point added (snapped to the grid). */
export function addDrawnPoint(flat: readonly number[], x: number, y: number, label: 0 | 1): number[] {
  return [...flat, snapCoordinate(x), snapCoordinate(y), label];
}

/** The set without the points within `radius` of (x, y). */
export function eraseDrawnPoints(flat: readonly number[], x: number, y: number, radius: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    if (Math.hypot(flat[i]! - x, flat[i + 1]! - y) > radius) out.push(flat[i]!, flat[i + 1]!, flat[i + 2]!);
  }
  return out;
}
