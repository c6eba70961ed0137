/**
 * The CLI fuzzed as the URL is (e2e/fuzz-urls.spec.ts): 200 seeded random argument lists over every
 * registered experiment. Each must end within 10 s with exit 0, 1 or 2: 0 prints JSON on stdout and
 * nothing on stderr; 1 and 2 print one line on stderr (no stack trace), and stdout is empty or, for a
 * diverged run (exit 1), its JSON. Runs in-process (see harness.ts), one case after another; every
 * failing case is collected, so one run lists them all.
 * The 10 s are CPU seconds (what the case costs, and its wall time on an idle machine): the test machine
 * is shared, and wall time there measures the neighbours. A wall-clock backstop of 30 s still catches a
 * case that waits without working.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { experiments } from '../core/registry';
import { randomArgs } from './fuzz-args';
import { isOneLineMessage, runCli, withinSeconds, type CliResult } from './harness';

const COUNT = 200;
const SEED = 20261205;
const CASE_SECONDS = 10;
const WALL_SECONDS = 30;

/** What is wrong with one case's result, or null. */
function problemOf(r: CliResult): string | null {
  if (r.cpuSeconds >= CASE_SECONDS) return `took ${r.cpuSeconds.toFixed(1)} CPU seconds`;
  if (r.seconds >= WALL_SECONDS) return `took ${r.seconds.toFixed(1)} s of wall time`;
  if (![0, 1, 2].includes(r.code)) return `exit ${r.code}`;
  if (r.code === 0) {
    if (r.stderr !== '') return `exit 0 with stderr ${JSON.stringify(r.stderr)}`;
    let out: { stoppedBy?: unknown; steps?: unknown; stepsAsked?: unknown };
    try {
      out = JSON.parse(r.stdout) as typeof out;
    } catch {
      return `exit 0 without JSON: ${JSON.stringify(r.stdout.slice(0, 200))}`;
    }
    if (out.stoppedBy !== 'steps' && out.stoppedBy !== 'budget') return `exit 0 with stoppedBy ${String(out.stoppedBy)}`;
    if (typeof out.steps !== 'number' || typeof out.stepsAsked !== 'number' || out.steps > out.stepsAsked) return 'steps beyond stepsAsked';
    if (out.stoppedBy === 'steps' && out.steps !== out.stepsAsked) return `stoppedBy steps after ${out.steps} of ${out.stepsAsked}`;
    return null;
  }
  if (!isOneLineMessage(r.stderr) || !/^error: \S/.test(r.stderr)) return `exit ${r.code} with stderr ${JSON.stringify(r.stderr.slice(0, 300))}`;
  if (r.stdout === '') return null;
  if (r.code !== 1) return `exit ${r.code} with stdout ${JSON.stringify(r.stdout.slice(0, 200))}`;
  try {
    if ((JSON.parse(r.stdout) as { stoppedBy?: unknown }).stoppedBy === 'diverged') return null;
  } catch {
    /* reported below */
  }
  return `exit 1 with stdout that is not a diverged run's JSON: ${JSON.stringify(r.stdout.slice(0, 200))}`;
}

describe('CLI fuzz', () => {
  it(`${COUNT} seeded argument lists all end within ${CASE_SECONDS} s with exit 0, 1 or 2 and a well-formed output`, async () => {
    const rng = createRng(SEED);
    const codes: Record<number, number> = { 0: 0, 1: 0, 2: 0 };
    const ranIds = new Set<string>();
    const problems: string[] = [];
    const timings: [number, string][] = [];
    for (let i = 0; i < COUNT; i++) {
      const argv = randomArgs(rng, i, experiments);
      const r = await withinSeconds(WALL_SECONDS, argv, runCli(argv));
      const label = `${JSON.stringify(argv)} → ${r.code}`;
      timings.push([Number(r.cpuSeconds.toFixed(2)), `${label} ${r.stderr.slice(0, 100)}`]);
      codes[r.code] = (codes[r.code] ?? 0) + 1;
      const problem = problemOf(r);
      if (problem) problems.push(`${label}: ${problem}`);
      else if (r.code === 0) ranIds.add((JSON.parse(r.stdout) as { experiment: string }).experiment);
    }
    if (process.env.CLI_FUZZ_REPORT) {
      timings.sort((a, b) => b[0] - a[0]);
      const cpuTotal = timings.reduce((t, [s]) => t + s, 0).toFixed(1);
      console.log(JSON.stringify({ codes, cpuTotal, ran: [...ranIds], slowest: timings.slice(0, 10) }, null, 1));
    }
    expect(problems).toEqual([]);
    // The mix is part of the claim: enough cases must run to the end for the fuzz to test running, not just parsing.
    expect(codes[0]).toBeGreaterThanOrEqual(40);
    expect(codes[2]).toBeGreaterThanOrEqual(40);
    expect([...ranIds].sort()).toEqual(experiments.map((e) => e.id).sort());
    // About 10 CPU seconds in all (measured: 9.7 s over 10 experiments); the limit allows for a shared machine.
  }, 240_000);
});
