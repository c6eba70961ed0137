/**
 * Turning a snapshot into files: JSON with plain arrays and a tidy CSV. Pure (no DOM), so the unit
 * tests check it in Node.
 *
 * CSV format (one header, RFC 4180 quoting, parses with any standard CSV reader, e.g. d3.csvParse or
 * pandas.read_csv): three columns `series,index,value`, one row per number.
 * - `series` is the path to the value: `data.losses.train`, `data.layers[0].weights`, `params.lr`,
 *   `meta.step`. Object keys are joined with `.`, positions in arrays of objects or of arrays with `[i]`.
 * - `index` is the position inside an array of plain values (0-based), empty for a single value.
 * - `value` is the number (full precision, `NaN`, `Infinity`, `-Infinity` when not finite), a string,
 *   `true`/`false`, or empty for null.
 * Rows come in the order the snapshot lists its fields, so one series' rows are contiguous.
 *
 * JSON: `{ experimentId, step, seed, params, diverged, data, pins? }` with typed arrays written as arrays and
 * non-finite numbers as null (JSON has no NaN).
 */

export type Cell = string | number | boolean | null;
export type CsvRow = readonly Cell[];

type Plain = number | string | boolean | null | undefined | ArrayLike<number> | readonly unknown[] | { [key: string]: unknown };

function isTypedArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function isPrimitive(v: unknown): v is number | string | boolean | null | undefined {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** A JSON-safe copy: typed arrays become arrays, non-finite numbers null, functions and undefined dropped. */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (isPrimitive(value)) return value ?? null;
  if (isTypedArray(value)) return Array.from(value, (x) => (Number.isFinite(x) ? x : null));
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === 'function') continue;
      out[k] = toPlain(v);
    }
    return out;
  }
  return null;
}

/** One CSV cell's text for a number: full precision, and the names pandas and d3 read for non-finite. */
function cellValue(v: unknown): Cell {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

/** The tidy rows (`series,index,value`, header excluded) for any nesting of objects, arrays and typed arrays. */
export function flattenRows(value: unknown, series: string, rows: CsvRow[] = []): CsvRow[] {
  const v = value as Plain;
  if (isPrimitive(v)) {
    rows.push([series, null, cellValue(v)]);
  } else if (isTypedArray(v)) {
    for (let i = 0; i < v.length; i++) rows.push([series, i, cellValue(v[i])]);
  } else if (Array.isArray(v)) {
    if (v.every(isPrimitive)) v.forEach((x, i) => rows.push([series, i, cellValue(x)]));
    else v.forEach((x, i) => flattenRows(x, `${series}[${i}]`, rows));
  } else if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function') continue;
      flattenRows(x, series ? `${series}.${k}` : k, rows);
    }
  }
  return rows;
}

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF (or starts/ends with a space); double quotes. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const s = typeof cell === 'number' ? String(cell) : String(cell);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

export interface ExportSource {
  experimentId: string;
  seed: number;
  step: number;
  params: Record<string, unknown>;
  diverged: unknown;
  /** The frame's data, whatever its experiment: walked generically (toPlain, flattenRows). */
  data: object;
  /** Pinned runs of this experiment (src/pins): their settings, seed, step and frozen curves. */
  pins?: readonly object[];
}

/** The JSON document for a snapshot (pretty-printed, so a reader can diff two runs). */
export function snapshotJson(src: ExportSource): string {
  const doc = {
    experimentId: src.experimentId,
    step: src.step,
    seed: src.seed,
    params: toPlain(src.params),
    diverged: toPlain(src.diverged ?? null),
    data: toPlain(src.data),
    ...(src.pins && src.pins.length > 0 ? { pins: toPlain(src.pins) } : {}),
  };
  return JSON.stringify(doc, null, 1) + '\n';
}

export const CSV_HEADER = ['series', 'index', 'value'] as const;

/** The tidy CSV for a snapshot: `meta.*` and `params.*` rows first, then `data.*`. */
export function snapshotCsv(src: ExportSource): string {
  const rows: CsvRow[] = [
    ['meta.experimentId', null, src.experimentId],
    ['meta.seed', null, src.seed],
    ['meta.step', null, src.step],
  ];
  if (src.diverged) flattenRows(src.diverged, 'meta.diverged', rows);
  flattenRows(src.params, 'params', rows);
  flattenRows(src.data, 'data', rows);
  if (src.pins && src.pins.length > 0) flattenRows(src.pins, 'pins', rows);
  return toCsv(CSV_HEADER, rows);
}

/** A file name part: lower case letters, digits and dashes only. */
export function fileSlug(text: string, fallback = 'figure'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return s || fallback;
}
