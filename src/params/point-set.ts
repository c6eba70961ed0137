/**
 * A drawn point set as a parameter value: a flat list of triples [x, y, class, x, y, class, …] with
 * x and y on a grid of 2^11 levels over [-POINT_EXTENT, POINT_EXTENT] and class 0 or 1, and its link code.
 *
 * The link code spends four base64url characters (24 bits) on each point: 11 bits of x, 11 of y, one
 * class bit and one bit that must be 0 (so a stray or hand-edited code is caught, not misread). Values
 * are snapped to the grid when they enter the store, so code → value → code is exact, and any float
 * lands within half a step (POINT_STEP / 2 ≈ 0.00098, plus 1e-10 for the 10-decimal print) of where
 * it was put.
 */

/** Coordinates are clamped to [-POINT_EXTENT, POINT_EXTENT]: the decision map's square. */
export const POINT_EXTENT = 2;
const LEVELS = 2047; // 2^11 − 1 steps between the ends
/** The grid step of a drawn coordinate. */
export const POINT_STEP = (2 * POINT_EXTENT) / LEVELS;
const CHARS_PER_POINT = 4;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** One coordinate on the grid: its level 0…2047. */
function level(v: number): number {
  const clamped = Math.min(POINT_EXTENT, Math.max(-POINT_EXTENT, v));
  return Math.round(((clamped + POINT_EXTENT) / (2 * POINT_EXTENT)) * LEVELS);
}

function fromLevel(q: number): number {
  // Rounded to 10 decimals so the same level always prints the same number (CSV, JSON, tests).
  return Number(((q / LEVELS) * 2 * POINT_EXTENT - POINT_EXTENT).toFixed(10));
}

/** A coordinate snapped to the grid (clamped to the square first). */
export function snapCoordinate(v: number): number {
  return fromLevel(level(v));
}

/** Points in a flat triple list. */
export function pointCount(flat: readonly number[]): number {
  return Math.floor(flat.length / 3);
}

/** How many points of each class: [class 0, class 1]. */
export function classCounts(flat: readonly number[]): [number, number] {
  const counts: [number, number] = [0, 0];
  for (let i = 2; i < flat.length; i += 3) counts[flat[i] === 1 ? 1 : 0]++;
  return counts;
}

/** The link code of a (snapped) triple list. */
export function encodePoints(flat: readonly number[]): string {
  let out = '';
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const bits = (level(flat[i]!) << 13) | (level(flat[i + 1]!) << 2) | ((flat[i + 2] === 1 ? 1 : 0) << 1);
    for (let k = CHARS_PER_POINT - 1; k >= 0; k--) out += ALPHABET[(bits >> (6 * k)) & 63];
  }
  return out;
}

/** A code read back as a snapped triple list, or why it cannot be. Never throws. */
export function decodePoints(code: string): { points: number[] } | { error: string } {
  const text = code.trim();
  if (text.length % CHARS_PER_POINT !== 0) {
    return { error: `a drawn-set code has 4 characters per point; this one has ${text.length}` };
  }
  const points: number[] = [];
  for (let i = 0; i < text.length; i += CHARS_PER_POINT) {
    let bits = 0;
    for (let k = 0; k < CHARS_PER_POINT; k++) {
      const v = INDEX.get(text[i + k]!);
      if (v === undefined) return { error: `“${text[i + k]}” is not a character of a drawn-set code` };
      bits = (bits << 6) | v;
    }
    if ((bits & 1) !== 0) return { error: `point ${i / CHARS_PER_POINT + 1} has its reserved bit set` };
    points.push(fromLevel(bits >> 13), fromLevel((bits >> 2) & LEVELS), (bits >> 1) & 1);
  }
  return { points };
}

/**
 * Triples from plain numbers (an import, the CLI's "x,y,class;…" text, a message), snapped to the grid,
 * or why not: a coordinate that is not a finite number or a class other than 0 and 1 is refused (not
 * guessed), so a file with a wrong column says so.
 */
export function pointsFromNumbers(nums: readonly unknown[]): { points: number[] } | { error: string } {
  if (nums.length % 3 !== 0) return { error: `a point set is x, y, class triples; ${nums.length} numbers is not a whole number of points` };
  const points: number[] = [];
  for (let i = 0; i < nums.length; i += 3) {
    const [x, y, c] = [Number(nums[i]), Number(nums[i + 1]), Number(nums[i + 2])];
    if (!Number.isFinite(x) || !Number.isFinite(y) || String(nums[i]).trim() === '' || String(nums[i + 1]).trim() === '') {
      return { error: `point ${i / 3 + 1} has a coordinate that is not a number` };
    }
    if (c !== 0 && c !== 1) return { error: `point ${i / 3 + 1} has class “${String(nums[i + 2])}”; classes are 0 and 1` };
    points.push(snapCoordinate(x), snapCoordinate(y), c);
  }
  return { points };
}

/** "x,y,class;x,y,class" text (the CLI's readable form) as triples. */
export function parsePointText(text: string): { points: number[] } | { error: string } {
  const rows = text.split(/[;\n]/).map((r) => r.trim()).filter((r) => r !== '');
  const nums: string[] = [];
  for (const [i, row] of rows.entries()) {
    const cells = row.split(/[,\s]+/);
    if (cells.length !== 3) return { error: `row ${i + 1} (“${row.slice(0, 24)}”) is not x,y,class` };
    nums.push(...cells);
  }
  return pointsFromNumbers(nums);
}
