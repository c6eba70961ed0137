/**
 * The CLI module runs `main` at import time, so it is driven as a child process, exactly as
 * `npm run experiment` runs it.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = path.join(root, 'src', 'cli', 'experiment.ts');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [script, ...args], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('experiment CLI', () => {
  it('exits 0 with parseable JSON metrics for `baseline --steps 20`', async () => {
    const r = await cli('baseline', '--steps', '20', '--seed', '3', '--learningRate', '0.02');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
      experiment: string;
      seed: number;
      backend: string;
      steps: number;
      params: Record<string, unknown>;
      metrics: Record<string, number>;
      diverged: unknown;
    };
    expect(out.experiment).toBe('baseline');
    expect(out.seed).toBe(3);
    expect(out.backend).toBe('cpu');
    expect(out.steps).toBe(20);
    expect(out.diverged).toBeNull();
    expect(out.params.learningRate).toBe(0.02);
    expect(out.metrics.step).toBe(20);
    for (const k of ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy']) {
      expect(Number.isFinite(out.metrics[k]), k).toBe(true);
    }
    expect(out.metrics.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(out.metrics.trainAccuracy).toBeLessThanOrEqual(1);
  });

  it('exits 2 naming the param and its range for an out-of-range value', async () => {
    const r = await cli('baseline', '--learningRate', '30', '--steps', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--learningRate 30');
    expect(r.stderr).toContain('[0.0001, 10]');
    expect(r.stdout).toBe('');
  });

  it('exits 2 naming an unknown param, an unknown experiment, or a bad --steps', async () => {
    const [unknownParam, unknownExp, badSteps] = await Promise.all([
      cli('baseline', '--bogus', '1'),
      cli('nope'),
      cli('baseline', '--steps', '0'),
    ]);
    expect(unknownParam.code).toBe(2);
    expect(unknownParam.stderr).toContain('"bogus" is not a parameter of baseline');
    expect(unknownExp.code).toBe(2);
    expect(unknownExp.stderr).toContain('unknown experiment "nope"');
    expect(badSteps.code).toBe(2);
    expect(badSteps.stderr).toContain('--steps must be a whole number');
  });
});
