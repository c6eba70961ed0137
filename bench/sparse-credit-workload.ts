/**
 * Issue 6's workload (wasm): the sparse-credit numbers at large T, from the production page.
 * - credit on the choice at T = 10 … 10,000 after training soft and sparse attention at T = 50:
 *   soft attention's log-log slope (target −1 ± 0.2), sparse top-k's share at T = 10,000 (≥ 0.5);
 * - one training step of each attention learner (and of full BPTT) at T = 10,000, timed in the worker,
 *   with the bytes it allocates against a T × T matrix, and the page's steps/s at T = 10,000;
 * - truncated BPTT (k = 50) at T = 1,000 stays at chance;
 * - the quiz learner at T = 100 with more and more quizzes: episodes until it studies 90% of the time.
 */
import type { Page } from '@playwright/test';
import type { BenchContext } from './run';
import { stepsPerSecond } from './workloads';

const ONLY = (ids: string[]) =>
  ['bptt', 'tbptt', 'soft', 'sparse', 'abstract', 'quiz', 'critic'].map((id) => `${id}=${ids.includes(id)}`).join('&');

interface Row {
  id: string;
  p: number;
  episodes: number;
  learnedAt: number | null;
}

const steps = (page: Page) => page.getByTestId('step-count').getAttribute('data-value').then(Number);
const rows = (page: Page) =>
  page.evaluate(
    `(window.__gb.store.getState().frame?.snapshot.data.rows ?? []).map((r) => ({ id: r.id, p: r.p, episodes: r.episodes, learnedAt: r.learnedAt }))`,
  ) as Promise<Row[]>;

async function waitFor(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const round = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toPrecision(d)) : null);

export async function sparseCreditSection({ browser, url }: BenchContext) {
  // 1. Train soft and sparse attention at T = 50, then measure the sweep and time the T = 10,000 steps.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/?exp=sparse-credit&backend=wasm&T=50&${ONLY(['soft', 'sparse', 'bptt'])}`);
  await waitFor(async () => (await steps(page)) >= 400, 90_000);
  await page.getByTestId('play').click();
  const trainedSteps = await steps(page);
  await page.evaluate(`window.__gb.timeProbe('creditSweep', 1)`);
  const sweep = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
  const stepMs: Record<string, number> = {};
  const stepBytes: Record<string, number> = {};
  let squareBytes = 0;
  for (const id of ['soft', 'sparse', 'bptt']) {
    stepMs[id] = round((await page.evaluate(`window.__gb.timeProbe('step:${id}', ${id === 'bptt' ? 3 : 5})`)) as number)!;
    const d = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
    stepBytes[id] = d.stepBytes!;
    squareBytes = d.squareBytes!;
  }
  await page.close();

  // 2. The page training the attention learners at T = 10,000.
  const live = await stepsPerSecond(browser, url, `exp=sparse-credit&backend=wasm&T=10000&${ONLY(['soft', 'sparse'])}`);

  // 3. Truncated BPTT, k = 50 < T = 1,000.
  const tPage = await browser.newPage();
  await tPage.goto(`${url}/?exp=sparse-credit&backend=wasm&T=1000&window=50&${ONLY(['tbptt'])}`);
  await waitFor(async () => (await steps(tPage)) >= 100, 60_000);
  const truncated = (await rows(tPage)).find((r) => r.id === 'tbptt')!;
  await tPage.close();

  // 4. Quizzes at T = 100 (the first quiz 99, 20, 10, 5 and 2 events after the choice).
  const quizzes: { m: number; learnedAt: number | null; episodes: number; p: number }[] = [];
  for (const m of [0, 4, 9, 19, 49]) {
    const q = await browser.newPage();
    await q.goto(`${url}/?exp=sparse-credit&backend=wasm&T=100&quizzes=${m}&${ONLY(['quiz'])}`);
    let row: Row | undefined;
    await waitFor(async () => {
      row = (await rows(q)).find((r) => r.id === 'quiz');
      return !!row && (row.learnedAt !== null || row.episodes >= 3000);
    }, 60_000);
    quizzes.push({ m, learnedAt: row?.learnedAt ?? null, episodes: row?.episodes ?? 0, p: round(row?.p ?? NaN)! });
    await q.close();
  }

  const json = {
    trainedAt: { T: 50, steps: trainedSteps, softP: round(sweep.softP!), sparseP: round(sweep.sparseP!) },
    creditOnChoice: Object.fromEntries(Object.entries(sweep).filter(([k]) => k.includes('@')).map(([k, v]) => [k, round(v)])),
    softSlope: round(sweep.softSlope!),
    softSlopeFrom32: round(sweep.softSlopeFrom32!),
    sparseAt10000: round(sweep['sparse@10000']!),
    stepAt10000Ms: stepMs,
    stepAt10000Bytes: stepBytes,
    squareMatrixBytes: squareBytes,
    stepsPerSecondAt10000: live.stepsPerSecond,
    truncatedAt1000: { window: 50, p: truncated.p, episodes: truncated.episodes },
    quizzesAt100: quizzes,
  };
  const r: [string, string][] = [
    ['sparse credit: soft attention slope (T 32–10,000)', `${json.softSlopeFrom32} (all T from 10: ${json.softSlope})`],
    ['sparse credit: top-k share on the choice at T = 10,000', String(json.sparseAt10000)],
    ['sparse credit: one step at T = 10,000 (wasm page)', `soft ${stepMs.soft} ms, top-k ${stepMs.sparse} ms, full BPTT ${stepMs.bptt} ms`],
    ['sparse credit: bytes per step at T = 10,000', `top-k ${stepBytes.sparse}, soft ${stepBytes.soft} vs T×T ${squareBytes}`],
    ['sparse credit: attention learners at T = 10,000', `${json.stepsPerSecondAt10000} steps/s`],
    ['sparse credit: truncated BPTT k = 50, T = 1,000', `P(study) ${truncated.p} after ${truncated.episodes} episodes`],
    ['sparse credit: quizzes at T = 100 (episodes to learn)', quizzes.map((q) => `m=${q.m}: ${q.learnedAt ?? `not in ${q.episodes}`}`).join(', ')],
  ];
  return { json, rows: r };
}
