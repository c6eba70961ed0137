/**
 * Issue 16, item 4 ("inside the network"): the unit maps of a 2-16-16-2 ReLU net at 64 × 64 per unit,
 * timed in the worker on wasm and on the plain CPU backend (median of 7 each): the maps' own batched
 * pass with its read-back and quantisation (`unitMaps`, bar ≤ 10 ms), the decision raster alone as
 * before (`heatmapBatched`), and both from one pass as the snapshot computes them
 * (`heatmapWithUnitMaps`: what the maps add to a frame is its excess over `heatmapBatched`). Then the
 * page's frame intervals at max speed, "More" closed against "More" open with the network figure in
 * view and a unit pinned (its kink line drawn on the decision map): p95 against the foundation's
 * 17 ms bar, same run. Also the slow-motion step (item 5): one traced step (`traceStep`) against the
 * same step untraced (`stepOnce`), both in the worker. `NETWORK_BASE_DIST=<dir>` also serves a build without the figure (the
 * foundation, e.g. the branch point) and measures its frames in the same run, for the comparison.
 */
import type { Page } from '@playwright/test';
import type { BenchContext } from './run';
import { probe, responsiveness } from './workloads';
import { startPreview } from './server';

const NET = 'points=320&trainFraction=0.8&batch=256&hidden=16,16&activation=relu&optimizer=adam';
const BAR_MS = 10;
const FRAME_BAR_MS = 17;

async function showNetwork(page: Page): Promise<void> {
  const more = page.getByTestId('more').first();
  if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
  const figure = page.locator('[data-figure="network"]').first();
  await figure.scrollIntoViewIfNeeded();
  await figure.getByTestId('net-unit').nth(2).click();
}

export async function networkSection({ browser, url }: BenchContext) {
  const backends: Record<string, Record<string, number>> = {};
  for (const backend of ['wasm', 'cpu']) {
    const timing = await probe(browser, url, `backend=${backend}&${NET}`, ['unitMaps', 'heatmapBatched', 'heatmapWithUnitMaps', 'stepOnce', 'traceStep'], 7);
    const m = timing.medianMs;
    backends[backend] = { ...m, addedToFrameMs: Math.round((m.heatmapWithUnitMaps! - m.heatmapBatched!) * 100) / 100 };
  }
  // Alternating, so that a burst of load on this shared machine does not land on one of them only.
  const baseDist = process.env.NETWORK_BASE_DIST;
  const base = baseDist ? await startPreview(Number(process.env.BENCH_PORT ?? 4180) + 1, baseDist) : null;
  const foundation = base ? await responsiveness(browser, base.url, `backend=wasm&${NET}`) : null;
  const closed = await responsiveness(browser, url, `backend=wasm&${NET}`);
  const open = await responsiveness(browser, url, `backend=wasm&${NET}`, 10_000, showNetwork);
  const foundationAfter = base ? await responsiveness(browser, base.url, `backend=wasm&${NET}`) : null;
  base?.stop();
  const draw = await drawCost(browser, url);
  const json = {
    workload: '2-16-16-2 ReLU, 64×64 per unit (32 maps), decision raster 100×100',
    barMs: BAR_MS,
    backends,
    drawMs: draw,
    frames: { moreClosed: closed, networkShown: open, foundation, foundationAfter, barP95Ms: FRAME_BAR_MS },
  };
  const rows: [string, string][] = Object.entries(backends).map(([b, m]) => [
    `unit maps 2-16-16-2 at 64×64 (${b})`,
    `${m.unitMaps} ms alone (bar ${BAR_MS} ms: ${m.unitMaps! <= BAR_MS ? 'met' : 'NOT met'}); decision map ${m.heatmapBatched} ms, both in one pass ${m.heatmapWithUnitMaps} ms (+${m.addedToFrameMs})`,
  ]);
  for (const [b, m] of Object.entries(backends)) {
    rows.push([`slow-motion step traced (${b})`, `${m.traceStep} ms against ${m.stepOnce} ms for the same step untraced (×${(m.traceStep! / m.stepOnce!).toFixed(2)})`]);
  }
  const frames = [['foundation (no network figure)', foundation], ['More closed', closed], ['network shown, unit pinned', open], ['foundation again', foundationAfter]] as const;
  for (const [name, f] of frames) {
    if (!f) continue;
    rows.push([`frames, ${name} (wasm)`, `p50 ${f.p50} / p95 ${f.p95} / p99 ${f.p99} ms (bar p95 ≤ ${FRAME_BAR_MS}), ${f.stepsPerSecond} steps/s`]);
  }
  rows.push(['network diagram redraw while training (wasm)', `p50 ${draw.training.p50} / p95 ${draw.training.p95} ms over ${draw.training.redraws} redraws in 5 s`]);
  rows.push(['network diagram redraw, paused, hovering units', `p50 ${draw.paused.p50} / p95 ${draw.paused.p95} ms over ${draw.paused.redraws} redraws`]);
  return { json, rows };
}

/**
 * What one redraw of the diagram (32 maps, ~290 edges) costs the main thread, from the page's own
 * 'gb-network-draw' measures: while it trains with the figure shown (the worker competes for the
 * cores), and paused while the pointer moves over all 32 units three times (each shows a unit and
 * redraws): the figure's own share of a frame, which load inflates far less than frame intervals.
 */
async function drawCost(browser: BenchContext['browser'], url: string) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/?backend=wasm&${NET}`);
  await page.getByTestId('more').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await showNetwork(page);
  const measures = async () => {
    const ms = ((await page.evaluate('performance.getEntriesByName("gb-network-draw").map((e) => e.duration)')) as number[]).sort((a, b) => a - b);
    await page.evaluate('performance.clearMeasures("gb-network-draw")');
    const at = (p: number) => Math.round((ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? NaN) * 100) / 100;
    return { redraws: ms.length, p50: at(0.5), p95: at(0.95) };
  };
  await measures();
  await page.waitForTimeout(5000);
  const training = await measures();
  await page.getByTestId('play').click();
  await page.waitForTimeout(500);
  await measures();
  const units = page.locator('[data-figure="network"]').first().getByTestId('net-unit');
  for (let round = 0; round < 3; round++) for (let i = 0; i < 32; i++) await units.nth(i).hover();
  const paused = await measures();
  await page.close();
  return { training, paused };
}
