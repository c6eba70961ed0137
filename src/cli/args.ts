/**
 * The CLI's argument list, parsed and checked before anything is built. Every problem is a UsageError
 * whose message is one line naming the argument and what it accepts (the CLI exits 2 with it).
 */
import { experiments, findExperiment } from '../core/registry';
import type { Experiment } from '../core/experiment';
import { coerceValue, describeRange, defaultValues, formatValue, specOf } from '../params/kinds';
import { SEED_MAX } from '../params/url';

export class UsageError extends Error {}

export const DEFAULT_STEPS = 200;
export const MAX_STEPS = 1_000_000;
export const BACKENDS = ['cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface CliArgs {
  experiment: Experiment;
  steps: number;
  seed: number;
  backend: Backend;
  params: Record<string, unknown>;
}

export function usage(): string {
  const lines = [
    'Usage: npm run experiment -- <id> [--<param> <value> ...] [--steps N] [--seed S] [--backend cpu|wasm]',
    '       (--<param>=<value> works too; each flag may be given once)',
    '',
    'Exit codes: 0 finished (JSON on stdout; "stoppedBy" says whether --steps or the run\'s own budget ended it);',
    '1 diverged (JSON on stdout, the reason on stderr) or an error; 2 bad arguments or a run the experiment refuses.',
    '',
    'Experiments and their parameters:',
  ];
  for (const e of experiments) {
    lines.push('', `  ${e.id}: ${e.title}. ${e.summary}`);
    const defaults = defaultValues(e.schema);
    for (const [key, spec] of Object.entries(e.schema)) {
      // An empty default (no drawn points) is said in words: "default ." read as a typo.
      const shown = formatValue(spec, defaults[key]);
      lines.push(`    --${key}  ${describeRange(spec)}, default ${shown === '' ? 'none' : shown}. ${spec.help}`);
    }
  }
  lines.push('', `Common: --steps (1–${MAX_STEPS}, default ${DEFAULT_STEPS}), --seed (0–${SEED_MAX}, default 1), --backend (cpu|wasm, default cpu).`);
  return lines.join('\n');
}

/** A raw argument as a message shows it: control characters escaped, long values cut, so the message stays one line. */
export function shown(raw: string): string {
  const printable = JSON.stringify(raw).slice(1, -1);
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

const WHOLE = /^\+?(\d+(\.\d*)?|\.\d+)(e\+?\d+)?$/i;

function parseWhole(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!WHOLE.test(raw) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number in [${min}, ${max}], got "${shown(raw)}"`);
  }
  return n;
}

const isHelp = (token: string) => token === '--help' || token === '-h';
/** A token in value position that is really the next flag: the value was left out. */
const looksLikeFlag = (token: string) => /^--[A-Za-z]/.test(token) || isHelp(token);

/** The parsed arguments, or 'help' when --help / -h stands where an experiment id or a flag belongs. */
export function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const known = experiments.map((e) => e.id).join(', ');
  if (argv.length === 0) throw new UsageError(`name an experiment first (one of ${known}); --help lists their parameters`);
  const [id, ...rest] = argv as [string, ...string[]];
  if (isHelp(id)) return 'help';
  if (id.startsWith('-')) throw new UsageError(`the first argument must be an experiment id (one of ${known}), got "${shown(id)}"`);
  const experiment = findExperiment(id);
  if (!experiment) throw new UsageError(`unknown experiment "${shown(id)}"; known: ${known}`);
  const args: CliArgs = { experiment, steps: DEFAULT_STEPS, seed: 1, backend: 'cpu', params: {} };
  const seen = new Map<string, string | undefined>();
  for (let i = 0; i < rest.length; ) {
    const token = rest[i]!;
    if (isHelp(token)) return 'help';
    if (!token.startsWith('--') || token.length === 2) {
      const hint = /^-[A-Za-z]/.test(token) ? ` (flags take two dashes: -${shown(token)})` : '';
      throw new UsageError(`expected --<param> <value>, got "${shown(token)}"${hint}`);
    }
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(2, eq) : token.slice(2);
    const value = eq > 0 ? token.slice(eq + 1) : rest[i + 1];
    i += eq > 0 ? 1 : 2;
    const spec = key === 'steps' || key === 'seed' || key === 'backend' ? null : specOf(experiment.schema, key);
    if (spec === undefined) throw new UsageError(`"${shown(key)}" is not a parameter of ${experiment.id}; see --help`);
    // Both values of a duplicated flag are named: silently keeping one would run something the user did not ask for.
    if (seen.has(key)) {
      const both = [seen.get(key), value].map((v) => (v === undefined ? '(nothing)' : `"${shown(v)}"`)).join(' and ');
      throw new UsageError(`--${shown(key)} is given twice (${both}); give it once`);
    }
    seen.set(key, value);
    const expected = spec ? describeRange(spec) : key === 'backend' ? 'cpu|wasm' : 'a whole number';
    if (value === undefined || (eq < 0 && looksLikeFlag(value))) {
      throw new UsageError(`--${key} needs a value (${expected})${value === undefined ? '' : `, got the flag ${shown(value)}`}`);
    }
    if (key === 'steps') args.steps = parseWhole('steps', value, 1, MAX_STEPS);
    else if (key === 'seed') args.seed = parseWhole('seed', value, 0, SEED_MAX);
    else if (key === 'backend') {
      if (!(BACKENDS as readonly string[]).includes(value)) throw new UsageError(`--backend must be cpu or wasm, got "${shown(value)}"`);
      args.backend = value as Backend;
    } else if (spec) {
      const { value: v, problem } = coerceValue(key, spec, value);
      // A value with nothing visible, or with spaces at its ends, is quoted so the message shows it.
      const given = value.trim() === value && value !== '' ? shown(value) : `"${shown(value)}"`;
      if (problem) throw new UsageError(`--${key} ${given}: ${problem.reason.split(';')[0]}; expected ${describeRange(spec)}`);
      args.params[key] = v;
    }
  }
  return args;
}
