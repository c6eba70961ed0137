/**
 * The CLI as a function: arguments in, exit code out, output through `io` (so tests run it in-process).
 *   0  the run ended: JSON on stdout, `stoppedBy` "steps" or "budget" (the run's own budget came first)
 *   1  it diverged (JSON on stdout, stoppedBy "diverged", the reason on stderr), made no progress, or failed
 *   2  bad arguments, or settings the experiment refuses to train (its reason on stderr)
 * Every message on stderr is one line; no stack trace reaches the user.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs, usage, UsageError } from './args';
import { drive, NoProgressError, RefusedError } from './drive';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: CliIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

/** One line of a message: the first line of an error's text, whitespace collapsed. */
function oneLine(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return first.replace(/\s+/g, ' ').trim() || '(no message)';
}

export async function main(argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  let id = '';
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.out(usage());
      return 0;
    }
    id = args.experiment.id;
    // Production mode silences tfjs' "install tfjs-node" banner, which would otherwise land on stderr.
    tf.enableProdMode();
    if (!(await tf.setBackend(args.backend))) throw new Error(`the ${args.backend} backend could not start`);
    await tf.ready();
    const run = args.experiment.create(args.seed, args.params);
    try {
      const started = process.hrtime.bigint();
      const { done, stoppedBy, diverged } = await drive(run, args.steps);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const out = {
        experiment: id,
        seed: args.seed,
        backend: tf.getBackend(),
        steps: done,
        stepsAsked: args.steps,
        stoppedBy,
        params: run.params(),
        metrics: await run.metrics(),
        diverged,
        stepsPerSecond: seconds > 0 ? Number((done / seconds).toFixed(1)) : 0,
      };
      io.out(JSON.stringify(out, null, 2));
      if (diverged) {
        io.err(`error: ${id} diverged at step ${diverged.step}: ${oneLine(diverged.reason)}`);
        return 1;
      }
      return 0;
    } finally {
      run.dispose();
    }
  } catch (e) {
    const message = oneLine(e instanceof Error ? e.message : String(e));
    if (e instanceof UsageError) {
      io.err(`error: ${message}`);
      return 2;
    }
    if (e instanceof RefusedError) {
      io.err(`error: ${id} refuses these settings: ${message}`);
      return 2;
    }
    if (e instanceof NoProgressError) {
      io.err(`error: ${id} made no progress: ${message}`);
      return 1;
    }
    io.err(`error: ${id ? `${id} failed: ` : ''}${message}`);
    return 1;
  }
}
