/**
 * Seeded random argument lists for the CLI fuzz, in the spirit of e2e/fuzz-urls.spec.ts: real and
 * unknown parameter names, values at and past each range's ends, malformed and missing values, every
 * experiment id from the registry, bad --steps / --seed / --backend, duplicated flags and `--key=value`.
 * The --steps a case runs is kept small (see STEP_CAP) so 200 cases fit a short test.
 */
import type { Rng } from '../core/rng';
import type { Experiment } from '../core/experiment';
import type { ParamSpec } from '../params/kinds';

/** Most steps a fuzz case asks of each experiment; experiments with slow steps at their extremes get fewer. */
export const DEFAULT_STEP_CAP = 20;
export const STEP_CAP: Readonly<Record<string, number>> = { 'bptt-memory': 2, 'binary-latents': 3, 'sparse-credit': 10 };

/**
 * Highest valid value the fuzz gives a few parameters whose top of range is legitimately slow, not stuck
 * (measured on a loaded 2-core machine, 3 steps: bptt-memory at T = 4096 about 20 s, binary-latents at
 * evalSamples = 4096 about 40 s before its first step, gradient-variance at k = 65536 about 5 s). The
 * fuzz tests that the CLI ends and answers well, not how fast an experiment is at its extremes (the bench
 * does that); values past the real maximum are still generated, and rejected.
 */
export const FUZZ_CEILING: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'bptt-memory': { T: 256 },
  'binary-latents': { evalSamples: 256 },
  'gradient-variance': { k: 8192 },
  'sparse-credit': { T: 1000 },
};

const MALFORMED = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1,2,3', '-5', '3.7', '999999999999', '0', '1', '+1', '.5',
  'true', 'null', 'undefined', '[]', '{}', '%', '%00', '\n', 'a\nb', '\u0000', '🙂', 'x'.repeat(300), '1 2', '--', '-',
];
const BAD_STEPS = ['0', '-3', '2.5', 'x', '', '1000001', 'Infinity', '1e7', '0x10', ' '];
const BAD_SEEDS = ['-1', '1.5', 'seed', '', '1e100', 'NaN', '99999999999999999999'];
const BACKEND_VALUES = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow', '', 'CPU', 'auto'];
const STRANGE_KEYS = ['bogus', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'STEPS', 'Seed', 'T ', 'steps2'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

/** A value for a spec: at an end of its range, the default or inside; unless `valid`, sometimes past an end. */
function valueFor(rng: Rng, spec: ParamSpec, valid: boolean, ceiling = Infinity): string {
  switch (spec.kind) {
    case 'number': {
      const span = spec.max - spec.min;
      const top = Math.min(spec.max, ceiling);
      const inside = spec.min + rng.next() * (top - spec.min);
      const good = [spec.min, top, Math.min(spec.default, top), spec.integer ? Math.round(inside) : inside];
      return String(pick(rng, valid ? good : [...good, spec.min - spec.step, spec.max + span, spec.max * 1e6]));
    }
    case 'choice':
      return valid ? pick(rng, spec.options) : pick(rng, [...spec.options, ...spec.options, 'nope', spec.options[0]!.toUpperCase()]);
    case 'bool':
      return valid ? pick(rng, ['true', 'false', '1', '0']) : pick(rng, ['true', 'false', '1', '0', 'yes', 'TRUE']);
    case 'intlist': {
      const n = valid ? spec.minLength + rng.int(spec.maxLength - spec.minLength + 1) : rng.int(spec.maxLength + 2);
      const entry = () => (valid ? pick(rng, [spec.min, spec.max]) : pick(rng, [spec.min, spec.max, spec.min - 1, spec.max + 1, 2.5]));
      return Array.from({ length: n }, entry).join(valid ? ',' : pick(rng, [',', ',', '-', ' ', ';']));
    }
    case 'points': {
      // "x,y,class;…" rows, sometimes with a bad class, a missing cell or a coordinate past the square.
      const n = rng.int(8);
      const row = () => (valid ? `${rng.next() * 4 - 2},${rng.next() * 4 - 2},${rng.int(2)}` : pick(rng, ['0,0,1', '5,-9,0', '0.5,0.5,2', '1,1', 'x,1,0']));
      return Array.from({ length: n }, row).join(';') || pick(rng, ['', 'AAAA', 'AAA', '!!!!']);
    }
  }
}

function valueOf(rng: Rng, experiment: Experiment | undefined, key: string): string {
  if (rng.int(4) === 0) return pick(rng, MALFORMED);
  if (key === 'steps') return rng.int(3) === 0 ? pick(rng, BAD_STEPS) : String(1 + rng.int(stepCap(experiment?.id ?? '')));
  if (key === 'seed') return rng.int(3) === 0 ? pick(rng, BAD_SEEDS) : String(rng.int(1000));
  if (key === 'backend') return pick(rng, BACKEND_VALUES);
  const spec = experiment && Object.prototype.hasOwnProperty.call(experiment.schema, key) ? experiment.schema[key] : undefined;
  return spec ? valueFor(rng, spec, false, experiment && FUZZ_CEILING[experiment.id]?.[key]) : pick(rng, MALFORMED);
}

export function stepCap(id: string): number {
  return STEP_CAP[id] ?? DEFAULT_STEP_CAP;
}

/**
 * A list that should run: 1–4 distinct parameters of the experiment at valid values (range ends
 * included), a valid --seed and --backend now and then, and a small --steps. These find the settings
 * that parse but break the run.
 */
function wellFormedArgs(rng: Rng, experiment: Experiment): string[] {
  const keys = Object.keys(experiment.schema);
  const args = [experiment.id];
  for (let n = 1 + rng.int(4); n > 0 && keys.length > 0; n--) {
    const key = keys.splice(rng.int(keys.length), 1)[0]!;
    args.push(`--${key}`, valueFor(rng, experiment.schema[key]!, true, FUZZ_CEILING[experiment.id]?.[key]));
  }
  if (rng.int(3) === 0) args.push('--seed', String(rng.int(100_000)));
  if (rng.int(4) === 0) args.push('--backend', pick(rng, ['cpu', 'wasm']));
  args.push('--steps', String(1 + rng.int(stepCap(experiment.id))));
  return args;
}

/**
 * One argument list. Case `index` takes experiment `index mod n`, so every id is covered evenly; in two
 * rounds of every five over the ids the case is well formed (wellFormedArgs), so every experiment also
 * runs with chosen settings. Of the rest about one in twelve names an unknown or missing experiment.
 */
export function randomArgs(rng: Rng, index: number, all: readonly Experiment[]): string[] {
  if (Math.floor(index / all.length) % 5 < 2) return wellFormedArgs(rng, all[index % all.length]!);
  const idShape = rng.int(12);
  const experiment = idShape === 0 ? undefined : all[index % all.length]!;
  const id = experiment ? experiment.id : pick(rng, ['nope', '', '--steps', 'BASELINE', '-h5', all[0]!.id + ' ']);
  const ownKeys = experiment ? Object.keys(experiment.schema) : [];
  const otherKeys = all.flatMap((e) => Object.keys(e.schema));
  const keyOf = () => {
    const r = rng.int(10);
    if (r < 5 && ownKeys.length > 0) return pick(rng, ownKeys);
    if (r < 7) return pick(rng, ['steps', 'seed', 'backend']);
    if (r < 8) return pick(rng, otherKeys);
    return pick(rng, STRANGE_KEYS);
  };
  const args: string[] = [id];
  const flags: [string, string][] = [];
  const n = rng.int(5);
  for (let i = 0; i < n; i++) {
    const shape = rng.int(12);
    if (shape === 0 && flags.length > 0) {
      const [k, v] = pick(rng, flags); // a duplicated flag, same or another value
      args.push(`--${k}`, rng.int(2) === 0 ? v : valueOf(rng, experiment, k));
      continue;
    }
    const key = keyOf();
    const value = valueOf(rng, experiment, key);
    if (shape === 1) args.push(`--${key}`); // value left out (or the next flag stands in its place)
    else if (shape === 2) args.push(value); // a value with no flag
    else if (shape === 3) args.push(`--${key}=${value}`);
    else if (shape === 4) args.push(`-${key}`, value);
    else args.push(`--${key}`, value);
    flags.push([key, value]);
  }
  // Every case that could run gets a small --steps, unless it already set one (valid or not).
  if (!flags.some(([k]) => k === 'steps')) args.push('--steps', String(1 + rng.int(stepCap(experiment?.id ?? ''))));
  return args;
}
