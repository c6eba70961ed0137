/**
 * The CLI's arguments and output. Most cases run `main` in-process (harness.ts); one spawns
 * `experiment.ts` exactly as `npm run experiment` does, to check the exit code reaches the shell.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isOneLineMessage, runCli } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = path.join(root, 'src', 'cli', 'experiment.ts');

function spawnCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [script, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

interface Out {
  experiment: string;
  seed: number;
  backend: string;
  steps: number;
  stepsAsked: number;
  stoppedBy: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  diverged: { step: number } | null;
}

async function usageError(argv: string[], ...parts: string[]) {
  const r = await runCli(argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(isOneLineMessage(r.stderr), r.stderr).toBe(true);
  for (const p of parts) expect(r.stderr).toContain(p);
}

describe('experiment CLI', () => {
  it('as a process: exit 0 with JSON only on stdout and nothing on stderr, exit 2 with one line', async () => {
    const [ok, bad] = await Promise.all([spawnCli('baseline', '--steps', '5'), spawnCli('baseline', '--steps', '0')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe('');
    expect((JSON.parse(ok.stdout) as Out).steps).toBe(5);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe('error: --steps must be a whole number in [1, 1000000], got "0"');
  });

  it('exits 0 with parseable JSON metrics for `baseline --steps 20`', async () => {
    const r = await runCli(['baseline', '--steps', '20', '--seed', '3', '--learningRate', '0.02']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Out;
    expect(out).toMatchObject({ experiment: 'baseline', seed: 3, backend: 'cpu', steps: 20, stepsAsked: 20, stoppedBy: 'steps', diverged: null });
    expect(out.params.learningRate).toBe(0.02);
    expect(out.metrics.step).toBe(20);
    for (const k of ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy']) {
      expect(Number.isFinite(out.metrics[k]), k).toBe(true);
    }
    expect(out.metrics.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(out.metrics.trainAccuracy).toBeLessThanOrEqual(1);
  });

  it('accepts --key=value as --key value: the same seed gives the same metrics', async () => {
    const [a, b] = [await runCli(['baseline', '--steps=4', '--learningRate=0.05']), await runCli(['baseline', '--steps', '4', '--learningRate', '0.05'])];
    expect(a.code, a.stderr).toBe(0);
    expect((JSON.parse(a.stdout) as Out).metrics).toEqual((JSON.parse(b.stdout) as Out).metrics);
  });

  it('a diverged run exits 1: its JSON on stdout (stoppedBy "diverged") and one line on stderr', async () => {
    // The setting baseline-mlp.test.ts diverges with.
    const r = await runCli(['baseline', '--activation', 'linear', '--optimizer', 'sgd', '--learningRate', '10', '--steps', '50']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.stoppedBy).toBe('diverged');
    expect(out.diverged).not.toBeNull();
    expect(out.steps).toBe(out.diverged!.step);
    expect(isOneLineMessage(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toContain(`error: baseline diverged at step ${out.diverged!.step}:`);
  });

  it('exits 2 naming the param and its range for an out-of-range value', async () => {
    await usageError(['baseline', '--learningRate', '30', '--steps', '1'], '--learningRate 30', '[0.0001, 10]');
  });

  it('exits 2 naming an unknown param, an unknown experiment, a bad --steps or --seed', async () => {
    await usageError(['baseline', '--bogus', '1'], '"bogus" is not a parameter of baseline');
    await usageError(['nope'], 'unknown experiment "nope"', 'baseline');
    await usageError(['baseline', '--steps', '0'], '--steps must be a whole number');
    await usageError(['baseline', '--seed', ''], '--seed must be a whole number', 'got ""');
    await usageError(['baseline', '--backend', 'webgl'], '--backend must be cpu or wasm, got "webgl"');
  });

  it('exits 2 for a missing value, a flag given twice, a stray value, no experiment', async () => {
    await usageError(['baseline', '--learningRate'], '--learningRate needs a value');
    await usageError(['baseline', '--steps', '--seed', '3'], '--steps needs a value', 'got the flag --seed');
    await usageError(['baseline', '--seed', '1', '--seed', '2'], '--seed is given twice ("1" and "2")');
    await usageError(['baseline', '--steps', '3', '7'], 'expected --<param> <value>, got "7"');
    await usageError(['baseline', '-seed', '3'], 'got "-seed" (flags take two dashes: --seed)');
    await usageError(['baseline', '--learningRate', ' '], '--learningRate " ": not a number');
    await usageError([], 'name an experiment first');
    await usageError(['--steps', '3'], 'the first argument must be an experiment id');
  });

  it('keeps a message one line whatever the value holds', async () => {
    await usageError(['baseline', '--learningRate', 'a\nb'], '--learningRate a\\nb');
    await usageError(['baseline', '--activation', 'x'.repeat(300)], `${'x'.repeat(40)}…`);
  });

  it('--help prints the usage, with the exit codes, and exits 0', async () => {
    const r = await runCli(['baseline', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: npm run experiment');
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('--learningRate');
    // Every parameter names its default; an empty one (no drawn points) in words, not as a bare ".".
    expect(r.stdout).toContain('--drawn');
    expect(r.stdout).not.toMatch(/default \./);
    expect(r.stdout).toMatch(/--drawn .*default none\./);
  });
});
