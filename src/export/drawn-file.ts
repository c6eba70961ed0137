/**
 * A drawn point set as a file and back (issue 16: sets too large for a link travel this way). Pure, so
 * the Node tests check it.
 *
 * CSV: a header `x,y,class` and one row per point (x, y in [-2, 2]; class 0 = A, 1 = B).
 * JSON: `{ "kind": "drawn-points", "version": 1, "points": [[x, y, class], …] }`; a bare array of
 * [x, y, class] rows or of {x, y, class} objects is read too. Coordinates are snapped to the link grid
 * on the way in (src/params/point-set.ts), so an exported and re-imported set is exactly the same.
 */
import { pointsFromNumbers } from '../params/point-set';

export function drawnToCsv(flat: readonly number[]): string {
  const rows = ['x,y,class'];
  for (let i = 0; i + 2 < flat.length; i += 3) rows.push(`${flat[i]},${flat[i + 1]},${flat[i + 2]}`);
  return `${rows.join('\n')}\n`;
}

export function drawnToJson(flat: readonly number[]): string {
  const points: number[][] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) points.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
  return `${JSON.stringify({ kind: 'drawn-points', version: 1, points })}\n`;
}

/** The numbers of one row of a JSON file: [x, y, class] or {x, y, class}. */
function rowNumbers(row: unknown): unknown[] | null {
  if (Array.isArray(row)) return row.length === 3 ? row : null;
  if (row && typeof row === 'object') {
    const r = row as Record<string, unknown>;
    return [r.x, r.y, r.class ?? r.label];
  }
  return null;
}

/**
 * A file's text as snapped triples, or why not. `maxPoints` is checked here, before anything reaches
 * the settings, so a refused file leaves the current drawing as it was.
 */
export function parseDrawnFile(text: string, maxPoints: number): { points: number[] } | { error: string } {
  const t = text.trim().replace(/^\uFEFF/, '');
  if (t === '') return { error: 'The file is empty.' };
  let nums: unknown[] = [];
  if (t.startsWith('{') || t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return { error: 'The file starts like JSON but is not valid JSON.' };
    }
    const rows = Array.isArray(parsed) ? parsed : (parsed as { points?: unknown })?.points;
    if (!Array.isArray(rows)) return { error: 'The JSON has no "points" list.' };
    for (const [i, row] of rows.entries()) {
      const r = rowNumbers(row);
      if (!r) return { error: `Point ${i + 1} of the JSON is not [x, y, class] or {x, y, class}.` };
      nums.push(...r);
    }
  } else {
    const lines = t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    const header = lines[0]!.toLowerCase().replace(/\s/g, '');
    const body = /^x,y,(class|label)$/.test(header) ? lines.slice(1) : lines;
    for (const [i, line] of body.entries()) {
      const cells = line.split(',');
      if (cells.length !== 3) return { error: `CSV row ${i + 1} (“${line.slice(0, 24)}”) is not x,y,class.` };
      nums.push(...cells);
    }
    nums = nums.map((c) => (typeof c === 'string' ? c.trim() : c));
  }
  if (nums.length / 3 > maxPoints) return { error: `The file has ${nums.length / 3} points; at most ${maxPoints} can be drawn.` };
  const read = pointsFromNumbers(nums);
  return 'error' in read ? { error: `${read.error[0]!.toUpperCase()}${read.error.slice(1)}.` } : read;
}
