import { describe, expect, it } from 'vitest';
import { BACKENDS, DEFAULT_SEED, SEED_MAX, decodeUrlState, encodeUrlState, parseSeed, type UrlState } from './url';
import { coerceValue, defaultValues, type AnyParamValues, type ParamSchema, type ParamSpec } from './kinds';
import { baselineSchema } from '../core/experiments/baseline-mlp.schema';
import { createRng, type Rng } from '../core/rng';
import { schemaOf as catalogSchemaOf, DEFAULT_EXPERIMENT_ID as CATALOG_DEFAULT } from '../core/catalog';

/** A second, made-up experiment (with a bool and an id that needs escaping) to exercise `exp`. */
const otherSchema = {
  width: { kind: 'number', label: 'w', help: '', min: 0.5, max: 8, step: 0.25, default: 1 },
  lucky: { kind: 'bool', label: 'l', help: '', default: false },
  sizes: { kind: 'intlist', label: 's', help: '', min: 2, max: 512, minLength: 2, maxLength: 4, default: [32, 32] },
} as const satisfies ParamSchema;

const OTHER_ID = 'other exp&x=1';
const DEFAULT_ID = 'baseline';
const schemas: Record<string, ParamSchema> = { baseline: baselineSchema, [OTHER_ID]: otherSchema };
const schemaFor = (id: string): ParamSchema | undefined => (Object.hasOwn(schemas, id) ? schemas[id] : undefined);

/**
 * A random valid value of a spec, built independently of the codec: integers, log values with 4
 * significant digits, linear values on the step grid.
 */
function randomValue(spec: ParamSpec, rng: Rng): number | string | boolean | number[] {
  switch (spec.kind) {
    case 'number': {
      if (spec.integer) return spec.min + rng.int(spec.max - spec.min + 1);
      if (spec.log) {
        const x = Math.exp(Math.log(spec.min) + rng.next() * (Math.log(spec.max) - Math.log(spec.min)));
        return Math.min(spec.max, Math.max(spec.min, Number(x.toPrecision(4))));
      }
      const k = rng.int(Math.floor((spec.max - spec.min) / spec.step + 1e-9) + 1);
      return Number((spec.min + k * spec.step).toFixed(10));
    }
    case 'choice':
      return spec.options[rng.int(spec.options.length)]!;
    case 'bool':
      return rng.next() < 0.5;
    case 'intlist': {
      const len = spec.minLength + rng.int(spec.maxLength - spec.minLength + 1);
      return Array.from({ length: len }, () => spec.min + rng.int(spec.max - spec.min + 1));
    }
    case 'points': {
      // Levels of the 2^11-step grid over [-2, 2], up to what a link carries; classes 0/1.
      const on = (q: number) => Number(((q / 2047) * 4 - 2).toFixed(10));
      const n = rng.int(spec.linkMax + 1);
      return Array.from({ length: n }, () => [on(rng.int(2048)), on(rng.int(2048)), rng.int(2)]).flat();
    }
  }
}

function randomState(rng: Rng): UrlState {
  const experimentId = rng.next() < 0.7 ? DEFAULT_ID : OTHER_ID;
  const schema = schemas[experimentId]!;
  const params: AnyParamValues = defaultValues(schema);
  // Leave about a third of the params at their defaults so omission is exercised too.
  for (const [key, spec] of Object.entries(schema)) if (rng.next() < 0.65) params[key] = randomValue(spec, rng);
  const seed = rng.next() < 0.1 ? [0, SEED_MAX][rng.int(2)]! : rng.int(SEED_MAX + 1);
  return { experimentId, seed, backend: BACKENDS[rng.int(BACKENDS.length)]!, params };
}

describe('URL round trip', () => {
  it('decode(encode(state)) reproduces 500 random valid states exactly, problem-free', () => {
    const rng = createRng(20240601);
    const seenBackends = new Set<string>();
    const seenExps = new Set<string>();
    for (let trial = 0; trial < 500; trial++) {
      const state = randomState(rng);
      // The generator must only make valid values, else the property says nothing.
      for (const [key, v] of Object.entries(state.params)) {
        expect(coerceValue(key, schemas[state.experimentId]![key]!, v).problem).toBeUndefined();
      }
      const encoded = encodeUrlState(state, schemas[state.experimentId]!, DEFAULT_ID);
      const { state: back, problems } = decodeUrlState(`?${encoded}`, schemaFor, DEFAULT_ID);
      expect(problems, encoded).toEqual([]);
      expect(back, encoded).toEqual(state);
      // Encoding is a fixed point too: the same state writes the same string.
      expect(encodeUrlState(back, schemas[back.experimentId]!, DEFAULT_ID)).toBe(encoded);
      seenBackends.add(state.backend);
      seenExps.add(state.experimentId);
    }
    expect(seenBackends.size).toBe(BACKENDS.length);
    expect(seenExps.size).toBe(2);
  });

  it('decodes with or without the leading "?"', () => {
    const a = decodeUrlState('?seed=9&batch=32', schemaFor, DEFAULT_ID);
    const b = decodeUrlState('seed=9&batch=32', schemaFor, DEFAULT_ID);
    expect(a).toEqual(b);
    expect(a.state.params.batch).toBe(32);
  });
});

describe('URL encoding', () => {
  const defaults = (): UrlState => ({
    experimentId: DEFAULT_ID,
    seed: DEFAULT_SEED,
    backend: 'auto',
    params: defaultValues(baselineSchema),
  });

  it('omits defaults but always writes the seed', () => {
    expect(encodeUrlState(defaults(), baselineSchema, DEFAULT_ID)).toBe('seed=1');
    expect(encodeUrlState({ ...defaults(), seed: 0 }, baselineSchema, DEFAULT_ID)).toBe('seed=0');
    const s = defaults();
    s.params.learningRate = 0.1234;
    s.params.hidden = [8, 4, 2];
    s.backend = 'wasm';
    expect(encodeUrlState(s, baselineSchema, DEFAULT_ID)).toBe('seed=1&backend=wasm&hidden=8,4,2&learningRate=0.1234');
  });

  it('an equal-but-new default list is still omitted', () => {
    const s = defaults();
    s.params.hidden = [...baselineSchema.hidden.default];
    expect(encodeUrlState(s, baselineSchema, DEFAULT_ID)).toBe('seed=1');
  });

  it('decoding the bare default link gives the defaults', () => {
    expect(decodeUrlState('', schemaFor, DEFAULT_ID)).toEqual({ state: defaults(), problems: [] });
  });

  it('percent-encodes keys and values, and leaves list commas readable', () => {
    const s: UrlState = {
      experimentId: OTHER_ID,
      seed: 3,
      backend: 'auto',
      params: { width: 2.5, lucky: true, sizes: [64, 8] },
    };
    const encoded = encodeUrlState(s, otherSchema, DEFAULT_ID);
    expect(encoded).toBe('exp=other%20exp%26x%3D1&seed=3&width=2.5&lucky=true&sizes=64,8');
    expect(decodeUrlState(encoded, schemaFor, DEFAULT_ID)).toEqual({ state: s, problems: [] });
  });

  it('decodes percent-escapes, %2C and "+" in values', () => {
    const { state, problems } = decodeUrlState(
      '?dataset=%6D%6F%6F%6E%73&hidden=8%2C4&optimizer=sg%64&%6Eoise=0.2&learningRate=1e%2D2',
      schemaFor,
      DEFAULT_ID,
    );
    expect(problems).toEqual([]);
    expect(state.params.dataset).toBe('moons');
    expect(state.params.hidden).toEqual([8, 4]);
    expect(state.params.optimizer).toBe('sgd');
    expect(state.params.noise).toBe(0.2);
    expect(state.params.learningRate).toBe(0.01);
    expect(decodeUrlState('?hidden=8+4', schemaFor, DEFAULT_ID).state.params.hidden).toEqual([8, 4]);
  });

  it('a malformed escape is kept literally and reported, never thrown', () => {
    const { state, problems } = decodeUrlState('?dataset=%E0%A4%A', schemaFor, DEFAULT_ID);
    expect(state.params.dataset).toBe('moons');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'dataset', given: '%E0%A4%A', used: 'moons' });
  });
});

describe('URL decoding of bad input', () => {
  it('resets or clamps every garbage value and names each key once', () => {
    const { state, problems } = decodeUrlState(
      '?learningRate=abc&points=-5&hidden=x&seed=-1&backend=tpu&bogus=1&exp=nope',
      schemaFor,
      DEFAULT_ID,
    );
    expect(state.experimentId).toBe('baseline');
    expect(state.seed).toBe(1);
    expect(state.backend).toBe('auto');
    expect(state.params).toEqual({ ...defaultValues(baselineSchema), points: 16 });
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p]));
    expect(Object.keys(byKey).sort()).toEqual(['backend', 'bogus', 'exp', 'hidden', 'learningRate', 'points', 'seed']);
    expect(problems).toHaveLength(7);
    expect(byKey.exp).toMatchObject({ given: 'nope', used: 'baseline', reason: 'no such experiment' });
    expect(byKey.seed).toMatchObject({ given: '-1', used: '1' });
    expect(byKey.backend).toMatchObject({ given: 'tpu', used: 'auto' });
    expect(byKey.bogus).toMatchObject({ given: '1', used: '(ignored)' });
    expect(byKey.learningRate).toMatchObject({ given: 'abc', used: String(baselineSchema.learningRate.default) });
    expect(byKey.learningRate!.reason).toMatch(/not a number/);
    expect(byKey.points).toMatchObject({ given: '-5', used: '16' });
    expect(byKey.points!.reason).toMatch(/clamped/);
    expect(byKey.hidden).toMatchObject({ given: 'x', used: baselineSchema.hidden.default.join(',') });
  });

  it('keeps the first of duplicated keys and reports the rest', () => {
    const { state, problems } = decodeUrlState('?batch=8&batch=64&batch=2&learningRate=0.5', schemaFor, DEFAULT_ID);
    expect(state.params.batch).toBe(8);
    expect(state.params.learningRate).toBe(0.5);
    expect(problems).toEqual([
      { key: 'batch', given: '64', used: 'the first, “8”', reason: 'given more than once' },
      { key: 'batch', given: '2', used: 'the first, “8”', reason: 'given more than once' },
    ]);
  });

  it('names a repeat of any key: exp, seed, backend, thread and the page keys as well as parameters', () => {
    const { state, problems } = decodeUrlState(
      `?exp=${encodeURIComponent(OTHER_ID)}&seed=5&exp=${DEFAULT_ID}&seed=7&backend=wasm&backend=cpu&thread=main&thread=worker&lecture=1&lecture=0&section=a&section=b&hide=loss&hide=seed&embed&embed=1`,
      schemaFor,
      DEFAULT_ID,
    );
    // The first of each is used…
    expect(state.experimentId).toBe(OTHER_ID);
    expect(state.seed).toBe(5);
    expect(state.backend).toBe('wasm');
    // …and every dropped one is named with the value that was kept instead.
    expect(problems).toEqual(
      [
        ['exp', DEFAULT_ID, OTHER_ID],
        ['seed', '7', '5'],
        ['backend', 'cpu', 'wasm'],
        ['thread', 'worker', 'main'],
        ['lecture', '0', '1'],
        ['section', 'b', 'a'],
        ['hide', 'seed', 'loss'],
        ['embed', '1', ''],
      ].map(([key, given, kept]) => ({ key, given, used: `the first, “${kept}”`, reason: 'given more than once' })),
    );
  });

  it('a key with no "=" is an empty value', () => {
    const { state, problems } = decodeUrlState('?batch', schemaFor, DEFAULT_ID);
    expect(state.params.batch).toBe(baselineSchema.batch.default);
    expect(problems).toMatchObject([{ key: 'batch', given: '' }]);
  });

  it('page keys are neither parameters nor problems', () => {
    const { state, problems } = decodeUrlState('?lecture=1&embed&hide=loss&section=2&thread=x&threads=2&deck=abc&pace=1', schemaFor, DEFAULT_ID);
    expect(problems).toEqual([]);
    expect(state.params).toEqual(defaultValues(baselineSchema));
  });

  it('params of another experiment are unknown for this one', () => {
    const { problems } = decodeUrlState('?width=2', schemaFor, DEFAULT_ID);
    expect(problems).toMatchObject([{ key: 'width', used: '(ignored)' }]);
  });
});

describe('parseSeed', () => {
  it('accepts whole numbers 0..2^31-1 and rejects everything else', () => {
    expect(parseSeed(null)).toEqual({ seed: DEFAULT_SEED });
    expect(parseSeed('0')).toEqual({ seed: 0 });
    expect(parseSeed(String(SEED_MAX))).toEqual({ seed: SEED_MAX });
    for (const bad of ['', ' ', '-1', '1.5', 'abc', String(SEED_MAX + 1), 'Infinity']) {
      const r = parseSeed(bad);
      expect(r.seed, bad).toBe(DEFAULT_SEED);
      expect(r.problem).toMatchObject({ key: 'seed', given: bad });
    }
  });
});

describe('keys that name Object.prototype members', () => {
  it('are reported as unknown and never touch a prototype', () => {
    const { state, problems } = decodeUrlState('constructor=1&__proto__=2&toString=3&hasOwnProperty=4', catalogSchemaOf, CATALOG_DEFAULT);
    expect(problems.map((p) => p.key).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(problems.every((p) => p.reason === 'not a parameter of this experiment')).toBe(true);
    expect(Object.getPrototypeOf(state.params)).toBe(Object.prototype);
    expect(Object.keys(state.params).sort()).toEqual(Object.keys(baselineSchema).sort());
  });
});
