/**
 * Issue 18: the CLI always ends. A run the experiment refuses exits 2 with its reason; a run that spends
 * its own budget before --steps stops there and says so; a run that stops taking steps without a reason
 * is an error. Each case is the smallest setting that takes the path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findExperiment } from '../core/registry';
import type { Run } from '../core/experiment';
import { drive, NO_PROGRESS_TRIES, NoProgressError } from './drive';
import { isOneLineMessage, runCli } from './harness';

interface Out {
  steps: number;
  stepsAsked: number;
  stoppedBy: string;
  diverged: unknown;
  metrics: Record<string, number>;
}

async function refused(argv: string[], reason: string) {
  const r = await runCli(argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(isOneLineMessage(r.stderr), r.stderr).toBe(true);
  expect(r.stderr).toContain(`error: ${argv[0]} refuses these settings:`);
  expect(r.stderr).toContain(reason);
}

async function finished(argv: string[]): Promise<Out> {
  const r = await runCli(argv);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Out;
}

describe('a refused run exits 2 with the reason', () => {
  it('bptt-memory --T 4096 --strategy revolve --s 1: over the training work limit', async () => {
    await refused(['bptt-memory', '--T', '4096', '--strategy', 'revolve', '--s', '1'], 'forward steps per training step');
  });
  it('bptt-memory --budget 10 --strategy store-all: the plan does not fit the budget', async () => {
    await refused(['bptt-memory', '--budget', '10', '--strategy', 'store-all'], 'over the budget of 10');
  });
  it('sparse-credit over its memory limit', async () => {
    await refused(['sparse-credit', '--T', '10000', '--batch', '1024', '--hidden', '256'], 'Nothing was allocated');
  });
  it('binary-latents over its element limit', async () => {
    await refused(['binary-latents', '--evalSamples', '4096', '--latents', '64', '--side', '8'], 'over the limit of 2^24');
  });
  it('baseline and loss-surface on an empty or one-class drawn set', async () => {
    await refused(['baseline', '--dataset', 'drawn', '--hidden', '8'], 'The drawn set is empty');
    await refused(['loss-surface', '--dataset', 'drawn', '--drawn', '0.5,0.5,1', '--hidden', '8', '--resolution', '11'], 'only class B (1 point)');
  });
});

describe('a run that spends its own budget first stops there, stoppedBy "budget"', () => {
  it('learned-proxy --budget 200 --batch 8 --steps 60 stops after ⌈200 / 8⌉ = 25 steps', async () => {
    const out = await finished(['learned-proxy', '--budget', '200', '--batch', '8', '--steps', '60']);
    expect(out).toMatchObject({ steps: 25, stepsAsked: 60, stoppedBy: 'budget', diverged: null });
  });
  it('policy-entropy --steps 3100 stops at its default budget of 3000', async () => {
    const out = await finished(['policy-entropy', '--steps', '3100']);
    expect(out).toMatchObject({ steps: 3000, stepsAsked: 3100, stoppedBy: 'budget', diverged: null });
  });
  it('a run whose budget is not reached ends by --steps', async () => {
    const out = await finished(['policy-entropy', '--budget', '100', '--steps', '40']);
    expect(out).toMatchObject({ steps: 40, stepsAsked: 40, stoppedBy: 'steps' });
  });
});

describe('a run that makes no progress is an error, never a loop', () => {
  afterEach(() => vi.restoreAllMocks());

  /** A run that takes no step and gives no reason: the shape of the old hang, with no experiment at fault. */
  function stuckRun(): Run & { calls: number } {
    const run = {
      calls: 0,
      step: async () => {
        run.calls++;
        return { taken: 0, diverged: null };
      },
      snapshot: async () => ({ experimentId: 'stuck', step: 0, diverged: null, data: { done: false, refused: null } }),
      metrics: async () => ({}),
      params: () => ({}),
      setParams: () => ({ applied: {}, problems: [], rebuilt: false, rebuiltBy: [] }),
      dispose: () => {},
    };
    return run;
  }

  it(`drive gives up after ${NO_PROGRESS_TRIES} idle calls in a row`, async () => {
    const run = stuckRun();
    await expect(drive(run, 1_000_000)).rejects.toBeInstanceOf(NoProgressError);
    expect(run.calls).toBe(NO_PROGRESS_TRIES);
  });

  it('the CLI exits 1 with one line, and disposes the run', async () => {
    const run = stuckRun();
    const dispose = vi.spyOn(run, 'dispose');
    vi.spyOn(findExperiment('baseline')!, 'create').mockReturnValue(run);
    const r = await runCli(['baseline', '--steps', '1000000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(isOneLineMessage(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toContain('error: baseline made no progress: the run took no step in 3 calls');
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
