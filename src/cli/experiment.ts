/**
 * Run any registered experiment headless in Node and print its metrics as JSON.
 *   npm run experiment -- <id> --<param> <value> ... --steps N --seed S [--backend cpu|wasm]
 * Bad arguments exit with code 2 and a message naming the parameter and its range.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { experiments, findExperiment } from '../core/registry';
import { coerceValue, describeRange, defaultValues, formatValue, specOf } from '../params/kinds';
import { SEED_MAX } from '../params/url';

class UsageError extends Error {}

function usage(): string {
  const lines = [
    'Usage: npm run experiment -- <id> [--<param> <value> ...] [--steps N] [--seed S] [--backend cpu|wasm]',
    '',
    'Experiments and their parameters:',
  ];
  for (const e of experiments) {
    lines.push('', `  ${e.id}: ${e.title}. ${e.summary}`);
    const defaults = defaultValues(e.schema);
    for (const [key, spec] of Object.entries(e.schema)) {
      lines.push(`    --${key}  ${describeRange(spec)}, default ${formatValue(spec, defaults[key])}. ${spec.help}`);
    }
  }
  lines.push('', 'Common: --steps (1–1000000, default 200), --seed (0–' + SEED_MAX + ', default 1), --backend (cpu|wasm, default cpu).');
  return lines.join('\n');
}

function parseWhole(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number in [${min}, ${max}], got ${raw ?? '(nothing)'}`);
  }
  return n;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  try {
    const [id, ...rest] = argv;
    const experiment = findExperiment(id!);
    if (!experiment) throw new UsageError(`unknown experiment "${id}"; known: ${experiments.map((e) => e.id).join(', ')}`);
    let steps = 200;
    let seed = 1;
    let backend = 'cpu';
    const params: Record<string, unknown> = {};
    for (let i = 0; i < rest.length; i += 2) {
      const flag = rest[i]!;
      const value = rest[i + 1];
      if (!flag.startsWith('--')) throw new UsageError(`expected --<param>, got "${flag}"`);
      const key = flag.slice(2);
      if (key === 'steps') steps = parseWhole('steps', value, 1, 1_000_000);
      else if (key === 'seed') seed = parseWhole('seed', value, 0, SEED_MAX);
      else if (key === 'backend') {
        if (value !== 'cpu' && value !== 'wasm') throw new UsageError(`--backend must be cpu or wasm, got ${value ?? '(nothing)'}`);
        backend = value;
      } else {
        const spec = specOf(experiment.schema, key);
        if (!spec) throw new UsageError(`"${key}" is not a parameter of ${experiment.id}; see --help`);
        if (value === undefined) throw new UsageError(`--${key} needs a value: ${describeRange(spec)}`);
        const { value: v, problem } = coerceValue(key, spec, value);
        if (problem) throw new UsageError(`--${key} ${value}: ${problem.reason.split(';')[0]}; expected ${describeRange(spec)}`);
        params[key] = v;
      }
    }
    await tf.setBackend(backend);
    await tf.ready();
    const run = experiment.create(seed, params);
    const started = process.hrtime.bigint();
    let done = 0;
    let diverged = null;
    while (done < steps) {
      const r = await run.step(Math.min(100, steps - done));
      done += r.taken;
      if (r.diverged) {
        diverged = r.diverged;
        break;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const metrics = await run.metrics();
    const out = {
      experiment: experiment.id,
      seed,
      backend: tf.getBackend(),
      steps: done,
      params: run.params(),
      metrics,
      diverged,
      stepsPerSecond: Number((done / seconds).toFixed(1)),
    };
    run.dispose();
    console.log(JSON.stringify(out, null, 2));
    return diverged ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
