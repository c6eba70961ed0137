/**
 * Issue 7 item 3's workload (wasm): training speed of the "never experienced" panel. Both learners are
 * tabular and run on plain TypeScript arrays in the worker (no tensors), so the backend only matters for
 * the page around them. Two numbers: episodes per second the page itself shows while training at full
 * speed (snapshots, React and SVG included), and the training alone, timed in the worker by the
 * `fatal:train` probe (5,000 episodes of both learners from a fresh run: Q-learning's ε-greedy episode,
 * one safe-explorer walk while the data set grows, value iteration when the data changed, and the
 * planner's own greedy episode).
 */
import type { BenchContext } from './run';
import { stepsPerSecond } from './workloads';

const QUERY = 'exp=fatal-state&backend=wasm';

async function stepCount(page: import('@playwright/test').Page): Promise<number> {
  return Number(await page.getByTestId('step-count').getAttribute('data-value'));
}

export async function fatalStateSection({ browser, url }: BenchContext) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/?${QUERY}`);
  const deadline = Date.now() + 60_000;
  while ((await stepCount(page)) <= 0) {
    if (Date.now() > deadline) throw new Error('bench: fatal-state did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.getByTestId('play').click();
  const ms = (await page.evaluate(`window.__gb.timeProbe('fatal:train', 7)`)) as number;
  const details = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
  await page.close();
  const page2 = await stepsPerSecond(browser, url, QUERY);
  const episodesPerSecond = Math.round((details.episodes! * 1000) / Math.max(ms, 0.01));
  const qMovesPerSecond = Math.round((details.qMoves! * 1000) / Math.max(ms, 0.01));
  const json = {
    query: QUERY,
    implementation: 'plain TypeScript typed arrays in the worker (tabular; no tfjs tensors)',
    probe: { name: 'fatal:train', medianMs: Math.round(ms * 100) / 100, ...details },
    workerEpisodesPerSecond: episodesPerSecond,
    workerQLearningMovesPerSecond: qMovesPerSecond,
    pageEpisodesPerSecond: page2.stepsPerSecond,
    backend: page2.backend,
  };
  const rows: [string, string][] = [
    ['fatal-state training, worker (wasm page)', `${episodesPerSecond} episodes/s of both learners (${qMovesPerSecond} Q-learning moves/s); ${details.episodes} episodes in ${json.probe.medianMs} ms`],
    ['fatal-state training, page at full speed', `${page2.stepsPerSecond} episodes/s shown (${page2.backend})`],
  ];
  return { json, rows };
}
