/**
 * Parameter kinds: one declarative table per experiment drives the sliders, the URL codec and the
 * validation the worker applies before a value reaches a tensor. Nothing here knows about the DOM.
 */

import { classCounts, decodePoints, encodePoints, parsePointText, pointCount, pointsFromNumbers } from './point-set';

interface ParamBase {
  /** Short label shown next to the control. */
  label: string;
  /** One or two sentences a student reads on hover or focus. */
  help: string;
  /**
   * What a change costs: 'live' applies on the next step; 'data' regenerates the data set but keeps the
   * weights; 'shape' changes tensor shapes, so the model is rebuilt (and the UI says so).
   */
  effect?: 'live' | 'data' | 'shape';
}

export interface NumberParam extends ParamBase {
  kind: 'number';
  min: number;
  max: number;
  step: number;
  default: number;
  /** Slider moves in log space (learning rates, sizes). */
  log?: boolean;
  integer?: boolean;
}

export interface ChoiceParam<T extends string = string> extends ParamBase {
  kind: 'choice';
  options: readonly T[];
  default: T;
  /** Optional display names for the options. */
  optionLabels?: Partial<Record<T, string>>;
}

export interface IntListParam extends ParamBase {
  kind: 'intlist';
  /** Bounds of each entry. */
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  default: readonly number[];
}

export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
}

/**
 * A drawn point set (src/params/point-set.ts): the value is a flat list of x, y, class triples on a
 * grid over [-2, 2]². A link carries it as a compact code up to `linkMax` points; more than that travel
 * by export and import. The set is the data only while `usedWhen.key` is `usedWhen.value`; a link whose
 * set is refused starts on that key's default (the generated data), not on an empty drawing.
 */
export interface PointsParam extends ParamBase {
  kind: 'points';
  /** Most points a set may hold (import, CLI). */
  maxPoints: number;
  /** Most points a link carries. */
  linkMax: number;
  default: readonly number[];
  usedWhen: { key: string; value: string };
}

export type ParamSpec = NumberParam | ChoiceParam | IntListParam | BoolParam | PointsParam;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S extends NumberParam
  ? number
  : S extends ChoiceParam<infer T>
    ? T
    : S extends IntListParam
      ? number[]
      : S extends BoolParam
        ? boolean
        : S extends PointsParam
          ? number[]
          : never;

/** The plain values object a schema describes. */
export type ParamValues<S extends ParamSchema> = { [K in keyof S]: ValueOf<S[K]> };
export type AnyParamValues = Record<string, number | string | boolean | number[]>;

/** A value that was clamped or replaced, named so the UI can say which and why. */
export interface ParamProblem {
  key: string;
  /** The value as it was given (stringified). */
  given: string;
  /** What was used instead. */
  used: string;
  reason: string;
}

export function defaultValues<S extends ParamSchema>(schema: S): ParamValues<S> {
  const out: AnyParamValues = {};
  for (const [key, spec] of Object.entries(schema)) {
    out[key] = spec.kind === 'intlist' || spec.kind === 'points' ? [...spec.default] : spec.default;
  }
  return out as ParamValues<S>;
}

export function formatValue(spec: ParamSpec, value: unknown): string {
  if (spec.kind === 'intlist' && Array.isArray(value)) return value.join(',');
  if (spec.kind === 'points' && Array.isArray(value)) return encodePoints(value as number[]);
  return String(value);
}

/** A value as a reader says it: option labels for choices, "on"/"off" for switches, "16, 16" for lists. */
export function describeValue(spec: ParamSpec, value: unknown): string {
  if (spec.kind === 'bool') return value === true ? 'on' : 'off';
  const shown = formatValue(spec, value);
  if (spec.kind === 'choice' && spec.optionLabels) return (spec.optionLabels as Record<string, string>)[shown] ?? shown;
  if (spec.kind === 'intlist') return shown.replace(/,/g, ', ');
  if (spec.kind === 'points' && Array.isArray(value)) {
    const [a, b] = classCounts(value as number[]);
    return `${a + b} point${a + b === 1 ? '' : 's'} (${a} A, ${b} B)`;
  }
  return shown;
}

function snapNumber(spec: NumberParam, x: number): number {
  const clamped = Math.min(spec.max, Math.max(spec.min, x));
  if (spec.integer) return Math.round(clamped);
  // Snap linear sliders to their step so the URL stays short; log sliders keep 4 significant digits.
  if (spec.log) return Number(clamped.toPrecision(4));
  const snapped = spec.min + Math.round((clamped - spec.min) / spec.step) * spec.step;
  return Number(Math.min(spec.max, snapped).toFixed(10));
}

/**
 * Coerce one raw value (from a URL, the CLI, a message) to a valid value of the spec.
 * Returns the value and, when it had to change it, a problem naming why.
 */
export function coerceValue(
  key: string,
  spec: ParamSpec,
  raw: unknown,
): { value: number | string | boolean | number[]; problem?: ParamProblem } {
  const whole = Array.isArray(raw) ? raw.join(',') : String(raw);
  // A point set's code can run to hundreds of characters: the notice names its start and length.
  const given = spec.kind === 'points' && whole.length > 32 ? `${whole.slice(0, 24)}… (${whole.length} characters)` : whole;
  const fallback = spec.kind === 'intlist' || spec.kind === 'points' ? [...spec.default] : spec.default;
  const reject = (reason: string, used: number | string | boolean | number[] = fallback) => ({
    value: used,
    problem: { key, given, used: spec.kind === 'points' ? 'no drawn set' : formatValue(spec, used), reason },
  });
  switch (spec.kind) {
    case 'number': {
      const x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(x)) return reject(`not a number; reset to the default ${spec.default}`);
      const v = snapNumber(spec, x);
      if (x < spec.min || x > spec.max) return reject(`outside ${spec.min}–${spec.max}; clamped`, v);
      return { value: v };
    }
    case 'choice': {
      const s = String(raw);
      if ((spec.options as readonly string[]).includes(s)) return { value: s };
      return reject(`not one of ${spec.options.join(', ')}; reset to ${spec.default}`);
    }
    case 'bool': {
      if (raw === true || raw === 'true' || raw === '1') return { value: true };
      if (raw === false || raw === 'false' || raw === '0') return { value: false };
      return reject(`not true or false; reset to ${String(spec.default)}`);
    }
    case 'intlist': {
      // A dash between two numbers separates ("8-8"); any other dash is a minus sign, so "-4" is caught as out of range.
      const parts = Array.isArray(raw) ? raw : String(raw).split(/(?<=\d)\s*-\s*|[,\s]+/).filter((p) => p !== '');
      const nums = parts.map((p) => Number(p));
      if (nums.length === 0 || nums.some((n) => !Number.isFinite(n))) {
        return reject(`not a list of whole numbers; reset to ${spec.default.join(',')}`);
      }
      let changed = false;
      let list = nums.map((n) => {
        const v = Math.min(spec.max, Math.max(spec.min, Math.round(n)));
        if (v !== n) changed = true;
        return v;
      });
      if (list.length > spec.maxLength) {
        list = list.slice(0, spec.maxLength);
        changed = true;
      }
      if (list.length < spec.minLength) return reject(`needs at least ${spec.minLength} entries`);
      if (changed) {
        return reject(`entries must be whole numbers ${spec.min}–${spec.max}, at most ${spec.maxLength}; adjusted`, list);
      }
      return { value: list };
    }
    case 'points':
      return coercePoints(spec, raw, reject);
  }
}

/**
 * A point set from a list of numbers (the page, an import), a link code, or "x,y,class;…" text (the
 * CLI). A code longer than the link's limit, a set over `maxPoints`, or anything unreadable is refused
 * whole (the default is used and the problem says why): half a drawing is not the student's drawing.
 */
function coercePoints(
  spec: PointsParam,
  raw: unknown,
  reject: (reason: string) => { value: number | string | boolean | number[]; problem: ParamProblem },
): { value: number | string | boolean | number[]; problem?: ParamProblem } {
  const text = typeof raw === 'string' ? raw.trim() : null;
  // "~250": a link whose set was too large to carry (src/params/url.ts).
  const leftOut = text === null ? null : /^~(\d+)$/.exec(text);
  if (leftOut) {
    return reject(`the link's drawn set had ${leftOut[1]} points, more than the ${spec.linkMax} a link carries: import it from its exported file; the default data is used`);
  }
  const isCode = text !== null && !/[,;\s]/.test(text);
  const read = Array.isArray(raw)
    ? pointsFromNumbers(raw)
    : text === null
      ? { error: 'not a point set' }
      : isCode
        ? decodePoints(text)
        : parsePointText(text);
  if ('error' in read) return reject(`${read.error}; the default data is used`);
  const n = pointCount(read.points);
  if (isCode && n > spec.linkMax) {
    return reject(`${n} points, over the ${spec.linkMax} a link carries (larger sets travel by Export / Import); the default data is used`);
  }
  if (n > spec.maxPoints) return reject(`${n} points, over the limit of ${spec.maxPoints}; the default data is used`);
  return { value: read.points };
}

/**
 * Validate a partial update against the schema. Unknown keys are reported and dropped; every known
 * key comes back valid. Used by the URL decoder, the CLI and the worker alike.
 */
export function validatePartial(
  schema: ParamSchema,
  partial: Record<string, unknown>,
): { values: AnyParamValues; problems: ParamProblem[] } {
  const values: AnyParamValues = {};
  const problems: ParamProblem[] = [];
  for (const [key, raw] of Object.entries(partial)) {
    const spec = specOf(schema, key);
    if (!spec) {
      problems.push({ key, given: String(raw), used: '(ignored)', reason: 'not a parameter of this experiment' });
      continue;
    }
    const { value, problem } = coerceValue(key, spec, raw);
    values[key] = value;
    if (problem) problems.push(problem);
  }
  return { values, problems };
}

/**
 * The spec of a key, or undefined. Own properties only: a key such as "constructor" or "__proto__"
 * from a URL must never reach Object.prototype.
 */
export function specOf(schema: ParamSchema, key: string): ParamSpec | undefined {
  return Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
}

/** Full values: defaults overlaid with a validated partial. */
export function resolveValues<S extends ParamSchema>(
  schema: S,
  partial: Record<string, unknown>,
): { values: ParamValues<S>; problems: ParamProblem[] } {
  const { values, problems } = validatePartial(schema, partial);
  return { values: { ...defaultValues(schema), ...values } as ParamValues<S>, problems };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Human-readable range of a spec, for CLI errors and help text. */
export function describeRange(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.integer ? 'integer' : 'number'} in [${spec.min}, ${spec.max}]${spec.log ? ' (log scale)' : ''}`;
    case 'choice':
      return `one of ${spec.options.join('|')}`;
    case 'bool':
      return 'true|false';
    case 'intlist':
      return `${spec.minLength}–${spec.maxLength} integers in [${spec.min}, ${spec.max}], comma-separated`;
    case 'points':
      return `up to ${spec.maxPoints} points: "x,y,class;x,y,class…" (x, y in [-2, 2], class 0 or 1) or a link code (≤ ${spec.linkMax} points)`;
  }
}
