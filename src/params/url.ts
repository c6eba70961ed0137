/**
 * The URL codec: one query string reproduces a run (experiment, seed, backend, every non-default
 * parameter). Defaults are left out so shared links stay short. Decoding never throws: each value it
 * could not use is named in `problems`, which the page shows as a dismissible notice.
 */
import {
  coerceValue,
  defaultValues,
  formatValue,
  sameValue,
  specOf,
  type AnyParamValues,
  type ParamProblem,
  type ParamSchema,
} from './kinds';

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Starts a point-set value that a link left out for its size: "~250". */
export const LEFT_OUT_MARK = '~';

export const SEED_MAX = 2 ** 31 - 1;
export const DEFAULT_SEED = 1;

/** Keys the page owns; every other key belongs to the experiment's schema. */
export const RESERVED_KEYS = ['exp', 'seed', 'backend', 'thread'] as const;

export interface UrlState {
  experimentId: string;
  seed: number;
  backend: BackendChoice;
  params: AnyParamValues;
}

export function encodeUrlState(state: UrlState, schema: ParamSchema, defaultExperimentId: string): string {
  const q = new QueryBuilder();
  if (state.experimentId !== defaultExperimentId) q.set('exp', state.experimentId);
  // The seed is always written: a shared link must reproduce the exact run even if defaults change.
  q.set('seed', String(state.seed));
  if (state.backend !== 'auto') q.set('backend', state.backend);
  const defaults = defaultValues(schema);
  for (const [key, spec] of Object.entries(schema)) {
    const v = state.params[key];
    if (v === undefined || sameValue(v, defaults[key])) continue;
    // A drawn set too large for a link is left out (it travels by export): the link says only how many
    // points it had ("~250"), so whoever opens it is told to import the file, not shown an empty drawing.
    if (spec.kind === 'points' && Array.isArray(v) && v.length / 3 > spec.linkMax) {
      q.set(key, `${LEFT_OUT_MARK}${v.length / 3}`);
      continue;
    }
    q.set(key, formatValue(spec, v));
  }
  return q.toString();
}

export function parseSeed(raw: string | null): { seed: number; problem?: ParamProblem } {
  if (raw === null) return { seed: DEFAULT_SEED };
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > SEED_MAX) {
    return {
      seed: DEFAULT_SEED,
      problem: { key: 'seed', given: raw, used: String(DEFAULT_SEED), reason: `not a whole number 0–${SEED_MAX}` },
    };
  }
  return { seed: n };
}

/**
 * Decode a query string. `schemaFor` returns the schema of an experiment id, or undefined when the id
 * is unknown (then the default experiment is used and the notice says so).
 */
export function decodeUrlState(
  search: string,
  schemaFor: (id: string) => ParamSchema | undefined,
  defaultExperimentId: string,
): { state: UrlState; problems: ParamProblem[] } {
  const q = parseQuery(search);
  // Every later copy of a key is named, whichever key it is (page keys, exp and seed included): the
  // first value is the one used, here and wherever else the page reads the URL.
  const problems: ParamProblem[] = duplicateProblems(q.entries());

  let experimentId = q.get('exp') ?? defaultExperimentId;
  if (!schemaFor(experimentId)) {
    problems.push({ key: 'exp', given: experimentId, used: defaultExperimentId, reason: 'no such experiment' });
    experimentId = defaultExperimentId;
  }
  const schema = schemaFor(experimentId) as ParamSchema;

  const { seed, problem: seedProblem } = parseSeed(q.get('seed'));
  if (seedProblem) problems.push(seedProblem);

  let backend: BackendChoice = 'auto';
  const rawBackend = q.get('backend');
  if (rawBackend !== null) {
    if ((BACKENDS as readonly string[]).includes(rawBackend)) backend = rawBackend as BackendChoice;
    else problems.push({ key: 'backend', given: rawBackend, used: 'auto', reason: `not one of ${BACKENDS.join(', ')}` });
  }

  const defaults = defaultValues(schema);
  const params: AnyParamValues = defaultValues(schema);
  const seen = new Set<string>();
  const refusedSets: { key: string; value: string }[] = [];
  for (const [key, raw] of q.entries()) {
    if ((RESERVED_KEYS as readonly string[]).includes(key) || PAGE_KEYS.has(key) || seen.has(key)) continue;
    seen.add(key);
    const spec = specOf(schema, key);
    if (!spec) {
      problems.push({ key, given: raw, used: '(ignored)', reason: 'not a parameter of this experiment' });
      continue;
    }
    const { value, problem } = coerceValue(key, spec, raw);
    params[key] = value;
    if (problem) problems.push(problem);
    if (problem && spec.kind === 'points') refusedSets.push(spec.usedWhen);
  }
  // A refused drawn set starts the page on the default data, not on an empty drawing (whichever key came first).
  for (const { key, value } of refusedSets) {
    if (params[key] === value) params[key] = defaults[key]!;
  }
  return { state: { experimentId, seed, backend, params }, problems };
}

/** The point-set parameters a link of these values leaves out for their size, with their counts. */
export function pointsLeftOutOfLink(schema: ParamSchema, params: AnyParamValues): { key: string; count: number; linkMax: number }[] {
  const out: { key: string; count: number; linkMax: number }[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    const v = params[key];
    if (spec.kind === 'points' && Array.isArray(v) && v.length / 3 > spec.linkMax) out.push({ key, count: v.length / 3, linkMax: spec.linkMax });
  }
  return out;
}

/** One problem for each repeat of a key, naming the value dropped and the first one, which is kept. */
function duplicateProblems(pairs: [string, string][]): ParamProblem[] {
  const first = new Map<string, string>();
  const problems: ParamProblem[] = [];
  for (const [key, raw] of pairs) {
    const kept = first.get(key);
    if (kept === undefined) first.set(key, raw);
    else problems.push({ key, given: raw, used: `the first, “${kept}”`, reason: 'given more than once' });
  }
  return problems;
}

/**
 * Keys other parts of the page may read from the URL (lecture mode, embedding). They are not
 * experiment parameters, so they are neither validated here nor reported as unknown. `pace=1` asks a
 * test build for each experiment's own pace (test builds otherwise train at full speed); elsewhere
 * every page already starts at its pace, so the key is read by nothing and, like the others, not
 * reported.
 */
export const PAGE_KEYS = new Set<string>(['hide', 'embed', 'lecture', 'section', 'threads', 'deck', 'pace']);

/**
 * A minimal query-string reader and writer: the codec also runs in Node and in the worker, and the
 * core's type library has no URLSearchParams. '+' means a space, as in forms.
 */
function decodePart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function parseQuery(search: string): { get(key: string): string | null; entries(): [string, string][] } {
  const pairs: [string, string][] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [decodePart(part), ''] : [decodePart(part.slice(0, eq)), decodePart(part.slice(eq + 1))]);
  }
  return {
    get: (key) => pairs.find(([k]) => k === key)?.[1] ?? null,
    entries: () => pairs,
  };
}

class QueryBuilder {
  private parts: string[] = [];
  set(key: string, value: string): void {
    this.parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  }
  toString(): string {
    return this.parts.join('&');
  }
}
