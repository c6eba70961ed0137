/**
 * Issue 16, item 1 (rewind and branch): the memory the kept checkpoints hold after 100,000 steps, against
 * the 32 MB bound, for the baseline and the loss surface (whose checkpoints carry the PCA weight path),
 * and the time from moving the scrubber to the panel drawn at that step (bar ≤ 100 ms on the baseline):
 * measured in the page, from the slider's input event to the first animation frame after the step
 * counter shows the step asked for (the frame in which every figure has been redrawn for it). Seven
 * positions, from the start to the newest, twice over; median and worst.
 */
import type { Page } from '@playwright/test';
import type { BenchContext } from './run';

const STEPS = Number(process.env.REWIND_STEPS ?? 100_000);
const BAR_MS = 100;
const BOUND_MB = 32;

async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').first().getAttribute('data-value'));
}

async function trainTo(page: Page, steps: number): Promise<number> {
  const t0 = Date.now();
  while ((await stepCount(page)) < steps) {
    if (Date.now() - t0 > 20 * 60_000) throw new Error(`not at ${steps} steps after 20 minutes`);
    await page.waitForTimeout(1000);
  }
  await page.getByTestId('play').first().click();
  await page.waitForTimeout(800);
  return (Date.now() - t0) / 1000;
}

async function kept(page: Page): Promise<{ positions: number[]; bytes: number }> {
  const slider = page.getByTestId('scrubber').first();
  const positions = ((await slider.getAttribute('data-positions')) ?? '').split(',').filter(Boolean).map(Number);
  return { positions, bytes: Number(await slider.getAttribute('data-bytes')) };
}

/** Milliseconds from the slider's input event to the frame that shows `target`. */
async function scrubOnce(page: Page, index: number, target: number): Promise<number> {
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  const timing = page.evaluate(`new Promise((resolve, reject) => {
    const slider = document.querySelector('[data-testid="scrubber"]');
    const counter = document.querySelector('[data-testid="step-count"]');
    let start = 0;
    slider.addEventListener('input', () => (start = performance.now()), { once: true, capture: true });
    const timeout = setTimeout(() => reject(new Error('step ${target} never shown')), 10000);
    const check = () => {
      if (start > 0 && Number(counter.dataset.value) === ${target}) {
        clearTimeout(timeout);
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<number>;
  await page.getByTestId('scrubber').first().fill(String(index));
  return timing;
}

async function measure(page: Page, experiment: string, query: string) {
  await page.goto(`${query}`);
  await page.getByTestId('scrubber').first().waitFor({ timeout: 60_000 });
  const seconds = await trainTo(page, STEPS);
  const before = await kept(page);
  const times: number[] = [];
  const n = before.positions.length;
  const picks = [0, Math.floor(n / 6), Math.floor(n / 3), Math.floor(n / 2), Math.floor((2 * n) / 3), n - 3, n - 2];
  for (let round = 0; round < 2; round++) {
    for (const i of picks) {
      const now = await kept(page);
      const target = now.positions[i]!;
      if ((await stepCount(page)) === target) continue;
      times.push(await scrubOnce(page, i, target));
    }
  }
  times.sort((a, b) => a - b);
  const after = await kept(page);
  return {
    experiment,
    steps: await stepCount(page),
    trainSeconds: Math.round(seconds),
    keptCheckpoints: after.positions.length,
    heldMB: Math.round((Math.max(before.bytes, after.bytes) / 1024 / 1024) * 100) / 100,
    oldestGaps: before.positions.slice(0, 4),
    newestGaps: before.positions.slice(-4),
    scrubMs: { median: Math.round(times[Math.floor(times.length / 2)]!), worst: Math.round(times[times.length - 1]!), samples: times.length },
  };
}

export async function rewindSection({ browser, url }: BenchContext) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const results = [];
  for (const [experiment, section] of [['baseline', 'success'], ['loss-surface', 'surface']] as const) {
    results.push(await measure(page, experiment, `${url}/?backend=wasm&section=${section}`));
  }
  await page.close();
  const rows: [string, string][] = results.map((r) => [
    `rewind, ${r.experiment} after ${r.steps.toLocaleString('en-US')} steps (wasm)`,
    `${r.keptCheckpoints} checkpoints, ${r.heldMB} MB held (bound ${BOUND_MB} MB: ${r.heldMB <= BOUND_MB ? 'met' : 'NOT met'}); scrub to a step and draw it: median ${r.scrubMs.median} ms, worst ${r.scrubMs.worst} ms of ${r.scrubMs.samples}${r.experiment === 'baseline' ? ` (bar ${BAR_MS} ms: ${r.scrubMs.worst <= BAR_MS ? 'met' : 'NOT met'})` : ''}`,
  ]);
  return { json: { barMs: BAR_MS, boundMB: BOUND_MB, results }, rows };
}
