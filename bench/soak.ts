/**
 * `npm run bench:soak`: 100,000 training steps of the baseline with a parameter toggled every 1,000
 * steps (optimiser, activation, learning rate, batch size, data set, in turn), through the page's own
 * controls. Reports the worker's live tensor count, the main thread's JS heap and frame times at the
 * start and at the end. Pass: tensors flat, heap growth < 10 MB, frame times unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launch } from './browser';
import { startPreview } from './server';

const TOTAL_STEPS = Number(process.env.SOAK_STEPS ?? 100_000);
const EVERY = 1000;

const TOGGLES: [label: string, values: string[]][] = [
  ['Optimiser', ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam']],
  ['Activation', ['tanh', 'linear', 'relu']],
  ['Data set', ['circles', 'xor', 'spiral', 'moons']],
];

async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').getAttribute('data-value'));
}

async function frameStats(page: Page, ms: number) {
  const intervals = (await page.evaluate(`new Promise((resolve) => {
    const out = []; let last = performance.now(); const end = last + ${ms};
    function tick(t) { out.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else resolve(out); }
    requestAnimationFrame(tick);
  })`)) as number[];
  intervals.sort((a, b) => a - b);
  const at = (p: number) => Math.round(intervals[Math.floor((intervals.length - 1) * p)]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), frames: intervals.length };
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return Math.round((usedSize / 1048576) * 100) / 100;
}

async function tensors(page: Page): Promise<number> {
  return ((await page.evaluate('window.__gb.memory()')) as { numTensors: number }).numTensors;
}

async function main() {
  const server = await startPreview(4181 + 5);
  const browser = await launch(false);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(`${server.url}/?backend=wasm&batch=256`);
    while ((await stepCount(page)) < 200) await page.waitForTimeout(100);
    const start = { tensors: await tensors(page), heapMB: await heapMB(page), frames: await frameStats(page, 5000) };
    const tensorSamples: number[] = [];
    let toggles = 0;
    let next = Math.ceil((await stepCount(page)) / EVERY) * EVERY;
    const t0 = Date.now();
    while (next <= TOTAL_STEPS) {
      const steps = await stepCount(page);
      if (steps < next) {
        await page.waitForTimeout(20);
        continue;
      }
      const [label, values] = TOGGLES[toggles % TOGGLES.length]!;
      const value = values[Math.floor(toggles / TOGGLES.length) % values.length]!;
      await page.getByLabel(label, { exact: true }).selectOption(value);
      toggles++;
      tensorSamples.push(await tensors(page));
      next += EVERY;
    }
    const end = { tensors: await tensors(page), heapMB: await heapMB(page), frames: await frameStats(page, 5000) };
    const report = {
      steps: await stepCount(page),
      toggles,
      seconds: Math.round((Date.now() - t0) / 1000),
      start,
      end,
      tensorSamples,
      tensorRange: [Math.min(...tensorSamples), Math.max(...tensorSamples)],
      heapGrowthMB: Math.round((end.heapMB - start.heapMB) * 100) / 100,
      pass: {
        tensorsFlat: Math.max(...tensorSamples, end.tensors) - Math.min(...tensorSamples, start.tensors) <= 2,
        heapUnder10MB: end.heapMB - start.heapMB < 10,
        framesUnchanged: end.frames.p95 <= start.frames.p95 * 1.25 + 2,
      },
    };
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/soak.json', JSON.stringify(report, null, 2));
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
