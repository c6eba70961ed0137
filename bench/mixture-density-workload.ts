/**
 * Issue 15 A's workload (wasm): the mixture-density panel at its defaults (inverse problem, K = 3,
 * 24 hidden units, minibatch 32, all seven learners on), from the production page.
 * - `train100`, timed in the worker: 100 race steps of all seven learners → steps/s;
 * - `heatmaps`, timed in the worker: one refresh of the hero figure's seven 64 × 64 p(y | x) maps;
 * - the page while training: frames that reached the store per second (each one redraws the hero's
 *   maps), against the floor of 30 a second and against the baseline panel's frames per second in the
 *   same run (so a loaded machine shows as a low reference, not as a slow panel), and the page's own
 *   steps/s over the same window.
 */
import type { Page } from '@playwright/test';
import type { BenchContext } from './run';
import { heroRefreshesPerSecond } from './hero-refresh';

const FLOOR_REFRESHES = 30;
const WINDOW_MS = 5000;

const stepCount = (page: Page) => page.getByTestId('step-count').getAttribute('data-value').then(Number);

async function until(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('bench: mixture-density did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Frames that reached the store per second while training (each redraws the panel), and the page's steps/s. */
async function refreshRate(page: Page): Promise<{ refreshesPerSecond: number; pageStepsPerSecond: number }> {
  await page.evaluate(
    `(() => { window.__mdFrames = 0; window.__gb.store.subscribe((s, p) => { if (s.frame !== p.frame) window.__mdFrames++; }); })()`,
  );
  const s0 = await stepCount(page);
  const t0 = Date.now();
  await page.waitForTimeout(WINDOW_MS);
  const frames = (await page.evaluate('window.__mdFrames')) as number;
  const s1 = await stepCount(page);
  const seconds = (Date.now() - t0) / 1000;
  return { refreshesPerSecond: Math.round((frames / seconds) * 10) / 10, pageStepsPerSecond: Math.round((s1 - s0) / seconds) };
}

async function open(ctx: BenchContext, query: string): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${ctx.url}/?${query}`);
  await until(async () => (await stepCount(page)) > 0, 60_000);
  await page.waitForTimeout(1500);
  return page;
}

export async function mixtureDensitySection(ctx: BenchContext) {
  // The reference: the baseline panel's frames per second on the same machine, in the same run.
  const basePage = await open(ctx, 'backend=wasm');
  const reference = await refreshRate(basePage);
  await basePage.close();

  const page = await open(ctx, 'exp=mixture-density&backend=wasm');
  const { refreshesPerSecond, pageStepsPerSecond } = await refreshRate(page);
  // What the viewer sees: animation frames in which the hero (the seven maps) changed, at full speed
  // and at the panel's pace (120 steps/s, where a reader arriving at the section finds it).
  const HERO = '[data-testid="panel-mixture-density"] [data-testid="hero-figure"]';
  const heroSeen = await heroRefreshesPerSecond(page, HERO, WINDOW_MS);
  await page.getByLabel('Speed').selectOption('3');
  await page.waitForTimeout(1000);
  const s120 = await stepCount(page);
  const heroSeenAtPace = await heroRefreshesPerSecond(page, HERO, WINDOW_MS);
  const stepsPerSecondAtPace = Math.round(((await stepCount(page)) - s120) / (WINDOW_MS / 1000));
  // Every frame brings seven new heat arrays, so each one repaints the seven canvases; the DOM probe
  // above only sees a frame whose texts changed too (the test NLL is re-evaluated every few steps).
  const atPace = await refreshRate(page);

  await page.getByTestId('play').click();
  const trainMs = (await page.evaluate(`window.__gb.timeProbe('train100', 7)`)) as number;
  const trainDetails = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
  const heatMs = (await page.evaluate(`window.__gb.timeProbe('heatmaps', 15)`)) as number;
  const heatDetails = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
  const backend = await page.getByTestId('backend-active').getAttribute('data-backend');
  await page.close();

  const workerStepsPerSecond = Math.round((100 * 1000) / Math.max(trainMs, 0.001));
  const json = {
    backend,
    implementation: 'plain TypeScript Float64Array arithmetic in the worker, hand-written backprop',
    learners: trainDetails.learners,
    train100MedianMs: Math.round(trainMs * 100) / 100,
    workerStepsPerSecond,
    heatmapRefreshMedianMs: Math.round(heatMs * 100) / 100,
    heatmaps: heatDetails.heatmaps,
    heatmapCells: heatDetails.cells,
    refreshesPerSecond,
    refreshFloor: FLOOR_REFRESHES,
    refreshesMeetFloor: refreshesPerSecond >= FLOOR_REFRESHES,
    heroRedrawsSeenPerSecond: heroSeen,
    heroRedrawsMeetFloor: heroSeen >= FLOOR_REFRESHES,
    heroRedrawsSeenPerSecondAt120StepsPerSecond: heroSeenAtPace,
    framesPerSecondAt120StepsPerSecond: atPace.refreshesPerSecond,
    pageStepsPerSecondAt120: stepsPerSecondAtPace,
    baselinePanelRefreshesPerSecond: reference.refreshesPerSecond,
    ratioToBaselinePanel: Math.round((refreshesPerSecond / Math.max(reference.refreshesPerSecond, 0.1)) * 100) / 100,
    pageStepsPerSecond,
  };
  const rows: [string, string][] = [
    ['mixture-density: race steps in the worker (wasm page)', `${workerStepsPerSecond.toLocaleString('en-US')} steps/s (${json.learners} learners, minibatch 32)`],
    ['mixture-density: p(y|x) heatmaps refresh (worker)', `${json.heatmapRefreshMedianMs} ms for ${json.heatmaps} maps of 64 × 64`],
    ['mixture-density: frames to the page while training', `${refreshesPerSecond}/s (floor ${FLOOR_REFRESHES}: ${json.refreshesMeetFloor ? 'met' : 'NOT met'}), page ${pageStepsPerSecond} steps/s; baseline panel ${reference.refreshesPerSecond}/s`],
    ['mixture-density: hero redraws seen, full speed', `${heroSeen}/s (floor ${FLOOR_REFRESHES}: ${json.heroRedrawsMeetFloor ? 'met' : 'NOT met'})`],
    ['mixture-density: 120 steps/s (its pace): frames (each repaints the maps)', `${atPace.refreshesPerSecond}/s (floor ${FLOOR_REFRESHES}: ${atPace.refreshesPerSecond >= FLOOR_REFRESHES ? 'met' : 'NOT met'}); DOM changes ${heroSeenAtPace}/s; page ${stepsPerSecondAtPace} steps/s`],
  ];
  return { json, rows };
}
