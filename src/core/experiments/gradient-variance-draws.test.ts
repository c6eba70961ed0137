/**
 * The estimators table's draws shared with helper workers give the table exactly the numbers it gets
 * drawing everything here (each claim over 5 seeds, all 5, compared bit for bit): the helpers here
 * run in this process on the same backend (the e2e runs real workers), taking jobs from one shared
 * counter or from their own posted shares, and one of them failing after it took a job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../experiment';
import { gradientVarianceExperiment } from './gradient-variance';
import { createRng } from '../rng';
import { drawTable, postedDraws, runDrawJob, untilPosted, setDrawPool, takeDraws, type DrawJob, type DrawPool, type DrawReply, type SharedDraws, type TableTask } from './gradient-variance-draws';
import type { GradientVarianceFrame } from './gradient-variance.schema';
import { disposedAfterEach } from './test-runs';

const SEEDS = [1, 2, 3, 4, 5];
const create = disposedAfterEach(gradientVarianceExperiment);
/** The defaults plus a stateful estimator (drawn here) and more stateless ones (shareable). */
const SETTINGS = { problem: 'units', n: 4, k: 4, sfOptimal: true, arm: true, stGumbel: true } as const;

/** Helpers in this process: each takes jobs with takeDraws, yielding between them as a worker would. */
function inProcessPool(helpers: number, failing: number[] = []): DrawPool & { taken: number[]; jobs: DrawJob[] } {
  const taken = Array.from({ length: helpers }, () => 0);
  const jobs: DrawJob[] = [];
  return {
    taken,
    jobs,
    ready: () => helpers,
    async draws(draws: SharedDraws, helper: number) {
      const replies = await takeDraws(draws, async (job) => {
        jobs.push(job);
        taken[helper]!++;
        await new Promise((r) => setTimeout(r, 0));
        if (failing.includes(helper)) throw new Error('helper died mid-job');
        return runDrawJob(job);
      });
      return replies;
    },
  };
}

/** The refresh probe's details less the draws' times (which differ between any two runs). */
const statistics = (details: Record<string, number>) => Object.fromEntries(Object.entries(details).filter(([k]) => !k.endsWith('.ms')));

/** The table's numbers: every statistic of every estimator, as the snapshot reports them. */
const table = (s: Snapshot<GradientVarianceFrame>) => JSON.stringify(s.data.estimators.map((e) => [e.key, e.stats]));

async function tablesAfter(seed: number, refreshes: number): Promise<string[]> {
  const run = create(seed, SETTINGS);
  const out: string[] = [];
  for (let i = 0; i < refreshes; i++) out.push(table(await run.snapshot()));
  return out;
}

const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
afterEach(() => {
  setDrawPool(null);
  (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = isolated;
});

describe('the estimators table with helper workers', () => {
  it.each([
    ['one shared counter', true],
    ['posted shares (no shared memory)', false],
  ])('gives the very numbers drawn here, over three refreshes: %s (5 seeds, all 5, bit for bit)', async (_, shared) => {
    for (const seed of SEEDS) {
      const alone = await tablesAfter(seed, 3);
      (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = shared ? undefined : false;
      const pool = inProcessPool(2);
      setDrawPool(pool);
      const helped = await tablesAfter(seed, 3);
      setDrawPool(null);
      expect(helped, `seed ${seed}`).toEqual(alone);
      // The helpers did draw (each of them), and only stateless estimators.
      expect(pool.taken.every((n) => n > 0), `seed ${seed}: ${pool.taken}`).toBe(true);
      expect(pool.jobs.some((j) => j.id === 'score-optimal' || j.id === 'score-moving-average')).toBe(false);
      // Every applicable estimator measured (pathwise is not, for binary units).
      const measured = (JSON.parse(alone[2]!) as [string, { ok: boolean }][]).filter(([key]) => key !== 'pathwise');
      expect(measured.length).toBeGreaterThan(6);
      expect(measured.filter(([, stats]) => !stats.ok)).toEqual([]);
    }
  });

  it('redraws here the jobs of a helper that failed, to the same numbers (5 seeds, all 5)', async () => {
    for (const seed of SEEDS) {
      const alone = await tablesAfter(seed, 2);
      const pool = inProcessPool(2, [1]);
      setDrawPool(pool);
      const helped = await tablesAfter(seed, 2);
      expect(pool.taken[1]).toBeGreaterThan(0);
      expect(helped, `seed ${seed}`).toEqual(alone);
    }
  });

  it('the refresh probe says how many workers drew, and gives the same statistics (5 seeds, all 5)', async () => {
    for (const seed of SEEDS) {
      const alone = await create(seed, SETTINGS).probes!.refreshDefaults!();
      setDrawPool(inProcessPool(2));
      const helped = await create(seed, SETTINGS).probes!.refreshDefaults!();
      setDrawPool(null);
      expect(alone).toMatchObject({ workers: 1 });
      expect(statistics(helped!)).toEqual({ ...statistics(alone!), workers: 3 });
      // Seven default estimators for binary units, each with a mean and a variance, and how long its draw took.
      expect(Object.values(statistics(alone!)).filter(Number.isFinite)).toHaveLength(1 + 2 * 7);
      const times = Object.entries(helped!).filter(([k]) => k.endsWith('.ms'));
      expect(times).toHaveLength(7);
      expect(times.every(([, ms]) => ms > 0)).toBe(true);
    }
  });

  it('takeDraws hands every job out once, across takers', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => ({ id: 'score', rng: [i] }) as unknown as DrawJob);
    const draws: SharedDraws = { jobs, next: new Int32Array(1) };
    const seen: number[] = [];
    const run = async (job: DrawJob) => {
      seen.push(job.rng[0]!);
      await new Promise((r) => setTimeout(r, 0));
      return { batch: { reason: 'x' }, rng: job.rng, ms: 0 };
    };
    const [a, b] = await Promise.all([takeDraws(draws, run), takeDraws(draws, run)]);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...a!, ...b!].map(([i]) => i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('hands the jobs out longest first (equal costs in task order) and says how long each draw took', async () => {
    // Tasks 0–4 shareable with these costs, task 5 drawn here only; a job is told by its stream's state.
    const costs = [1, 4, 2, 4, 3, 9];
    const localMs = 5;
    const tasks: TableTask[] = costs.map((cost, i) => ({
      cost,
      rng: createRng(1),
      local: async () => {
        await new Promise((r) => setTimeout(r, localMs));
        return { reason: `here ${i}` };
      },
      job: i < 5 ? () => ({ id: 'score', rng: [i] }) as unknown as DrawJob : null,
    }));
    let handed: number[] = [];
    const helper: DrawPool = {
      ready: () => 1,
      draws: (draws) => {
        handed = draws.jobs.map((j) => j.rng[0]!);
        return takeDraws(draws, async (job) => ({ batch: { reason: `helper ${job.rng[0]}` }, rng: job.rng, ms: 7 }));
      },
    };
    const { results, ms, workers } = await drawTable(tasks, helper);
    expect(handed).toEqual([1, 3, 4, 2, 0]);
    expect(workers).toBe(2);
    // Task 5 is drawn here, the rest by whoever took them; each time from where it was drawn.
    expect(results[5]).toEqual({ reason: 'here 5' });
    results.forEach((r, i) => {
      const where = (r as { reason: string }).reason;
      if (where.startsWith('helper')) expect(ms[i], `task ${i}`).toBe(7);
      else expect(ms[i], `task ${i}`).toBeGreaterThanOrEqual(localMs - 1);
    });
    expect(results.filter((r) => (r as { reason: string }).reason.startsWith('helper')).length).toBeGreaterThan(0);
  });

  it('a helper running two jobs at once draws each from its own stream (5 seeds, all 5)', async () => {
    const job = (seed: number, id: DrawJob['id']): DrawJob => ({
      id,
      problem: { problem: 'units', units: 4, t: 0.45 },
      theta: 0.4,
      k: 4,
      tau: 0.5,
      groups: 8,
      rng: createRng(seed).getState(),
      exact: new Float64Array(4).fill(0.4 * 0.6 * 0.1),
      coordinates: [0],
    });
    const plain = (r: DrawReply) => JSON.stringify([r.batch, r.rng]);
    for (const seed of SEEDS) {
      const a = job(seed, 'score');
      const b = job(seed + 100, 'disarm');
      const one = [plain(await runDrawJob(a)), plain(await runDrawJob(b))];
      // Both start before either is read back (each awaits its read): one shared generator would
      // hand the first job the second's stream.
      const both = (await Promise.all([runDrawJob(a), runDrawJob(b)])).map(plain);
      expect(both, `seed ${seed}`).toEqual(one);
      expect(one[0]).not.toEqual(one[1]);
    }
  });

  it('untilPosted ends once every helper has counted its posted replies, else at its limit', () => {
    const draws: SharedDraws = { jobs: [], next: new Int32Array(new SharedArrayBuffer(8)) };
    expect(untilPosted(draws, 0, 1_000)).toBe(true);
    postedDraws(draws);
    expect(untilPosted(draws, 1, 1_000)).toBe(true);
    // Two helpers, one posted: it polls for its limit and says so.
    const start = performance.now();
    expect(untilPosted(draws, 2, 5)).toBe(false);
    expect(performance.now() - start).toBeGreaterThanOrEqual(5);
    postedDraws(draws);
    expect(untilPosted(draws, 2, 1_000)).toBe(true);
    // A posted share (no shared memory) has a counter of one slot: nothing is counted there.
    const posted: SharedDraws = { jobs: [], next: new Int32Array(1) };
    postedDraws(posted);
    expect([...posted.next]).toEqual([0]);
  });
});
