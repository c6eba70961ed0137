/**
 * Issue 15 B's workload (wasm): the internal-models panel. Its models are plain TypeScript arrays in
 * the worker (a one-hidden-layer model per learner, hand-written gradients), so the backend only
 * matters for the page around them. Three numbers:
 *  - worker steps/s: the `train1000` probe (1,000 steps of the world and all three learners: planning
 *    through each model, the single model's and the collection's updates, the selector), median of 7;
 *  - the snapshot's cost in the worker (`snapshot` probe: the 600-column timeline and the histories);
 *  - refreshes of the hero figure per second while training live, at full speed and at 120 steps/s:
 *    animation frames in which the timeline's SVG changed (a MutationObserver in the page), over 5 s,
 *    against the floor of 30 the issue sets; with the page's own steps/s over the same window.
 */
import type { Page } from '@playwright/test';
import type { BenchContext } from './run';
import { heroRefreshesPerSecond } from './hero-refresh';

const QUERY = 'exp=internal-models&backend=wasm&budget=100000';
const FLOOR_REFRESHES = 30;

async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').getAttribute('data-value'));
}

async function openPage(ctx: BenchContext): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${ctx.url}/?${QUERY}`);
  const deadline = Date.now() + 60_000;
  while ((await stepCount(page)) <= 0 || (await page.getByTestId('im-timeline').count()) === 0) {
    if (Date.now() > deadline) throw new Error('bench: internal-models did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return page;
}

export async function internalModelsSection(ctx: BenchContext) {
  // Live refresh first: at full speed, and at the 120 steps/s a lecturer would watch at.
  const refresh = async (speedOption: string | null) => {
    const live = await openPage(ctx);
    if (speedOption !== null) await live.getByLabel('Speed').selectOption(speedOption);
    await live.waitForTimeout(1000);
    const s0 = await stepCount(live);
    const refreshesPerSecond = await heroRefreshesPerSecond(live, '[data-testid="im-timeline"]', windowMs);
    const s1 = await stepCount(live);
    await live.close();
    return { refreshesPerSecond, pageStepsPerSecond: Math.round(((s1 - s0) * 1000) / windowMs) };
  };
  const windowMs = 5000;
  const full = await refresh(null);
  const steady = await refresh('3');
  const refreshesPerSecond = full.refreshesPerSecond;
  const pageStepsPerSecond = full.pageStepsPerSecond;

  // Worker timings, paused so the probes have the worker to themselves.
  const page = await openPage(ctx);
  await page.getByTestId('play').click();
  const trainMs = (await page.evaluate(`window.__gb.timeProbe('train1000', 7)`)) as number;
  const snapshotMs = (await page.evaluate(`window.__gb.timeProbe('snapshot', 7)`)) as number;
  const backend = await page.getByTestId('backend-active').getAttribute('data-backend');
  await page.close();
  const workerStepsPerSecond = Math.round((1000 * 1000) / Math.max(trainMs, 0.001));
  const json = {
    query: QUERY,
    backend,
    implementation: 'plain TypeScript typed arrays in the worker (no tfjs tensors); hand-written gradients',
    workerStepsPerSecond,
    train1000MedianMs: Math.round(trainMs * 100) / 100,
    snapshotMedianMs: Math.round(snapshotMs * 100) / 100,
    heroRefreshesPerSecond: refreshesPerSecond,
    heroRefreshFloor: FLOOR_REFRESHES,
    heroRefreshRatioToFloor: Math.round((refreshesPerSecond / FLOOR_REFRESHES) * 100) / 100,
    pageStepsPerSecond,
    heroRefreshesPerSecondAt120StepsPerSecond: steady.refreshesPerSecond,
    pageStepsPerSecondAt120: steady.pageStepsPerSecond,
  };
  const rows: [string, string][] = [
    ['internal-models training, worker (wasm page)', `${workerStepsPerSecond.toLocaleString('en-US')} steps/s (world + 3 learners; 1,000 steps in ${json.train1000MedianMs} ms); snapshot ${json.snapshotMedianMs} ms`],
    ['internal-models hero refresh, full speed', `${refreshesPerSecond}/s (floor ${FLOOR_REFRESHES}, ×${json.heroRefreshRatioToFloor}); page ${pageStepsPerSecond.toLocaleString('en-US')} steps/s`],
    ['internal-models hero refresh, 120 steps/s', `${steady.refreshesPerSecond}/s (floor ${FLOOR_REFRESHES}); page ${steady.pageStepsPerSecond} steps/s`],
  ];
  return { json, rows };
}
