/**
 * `npm run bench:soak`: about 100,000 training steps across nine of the ten experiments, in one page, with a
 * control toggled every 1,000 steps (every 100 for the slow BPTT steps) through the page's own
 * controls: optimisers, activations, data sets, estimators, replay modes, memory strategies. Switching
 * experiments goes through the store, as the experiment picker does. Reports the worker's live tensor
 * count per phase, the main thread's JS heap and frame times on the baseline at the start and, after
 * every other experiment, at the end. Pass: each phase ends, with its settings put back, at the
 * tensor count it started with; heap growth < 10 MB; frame times unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { catalog } from '../src/core/catalog';
import { launch } from './browser';
import { startPreview } from './server';

const SCALE = Number(process.env.SOAK_STEPS ?? 100_000) / 100_000;

interface Phase {
  experiment: string;
  steps: number;
  every: number;
  /** Schema keys of choice or on/off controls, toggled in turn. */
  toggles: string[];
  /** Settings the experiment starts with (as the article's sections start theirs). */
  start?: Record<string, unknown>;
}

const PHASES: Phase[] = [
  { experiment: 'baseline', steps: 40_000, every: 1000, toggles: ['optimizer', 'activation', 'dataset'] },
  { experiment: 'gradient-variance', steps: 20_000, every: 1000, toggles: ['sf', 'rloo', 'concrete', 'rebar', 'disarm', 'problem'] },
  { experiment: 'loss-surface', steps: 20_000, every: 1000, toggles: ['optimizer', 'activation', 'view'] },
  { experiment: 'place-replay', steps: 18_000, every: 1000, toggles: ['replay'] },
  { experiment: 'bptt-memory', steps: 2_000, every: 100, toggles: ['strategy'] },
  { experiment: 'sparse-credit', steps: 3_000, every: 300, toggles: ['soft', 'sparse', 'quiz', 'task'] },
  { experiment: 'binary-latents', steps: 1_500, every: 150, toggles: ['method', 'raceRloo', 'raceDisarm'] },
  { experiment: 'fatal-state', steps: 10_000, every: 1000, toggles: ['layout', 'told'] },
  // learned-proxy stops by design at a sample budget: the soak starts it with the largest. (policy-entropy
  // is left out: plain arrays, no tensors, and even its largest budget runs out within a tenth of a second.)
  { experiment: 'learned-proxy', steps: 5_000, every: 500, toggles: ['baseline', 'action'], start: { budget: 20_000 } },
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

/** Flip one control through the page: the next option of a select, or the opposite of a checkbox. */
async function toggle(page: Page, experiment: string, key: string, round: number): Promise<string> {
  const spec = catalog.find((m) => m.id === experiment)!.schema[key]!;
  const control = page.getByLabel(spec.label, { exact: true });
  if (spec.kind === 'choice') {
    const values = spec.options as readonly string[];
    const value = values[(round + 1) % values.length]!;
    await control.selectOption(value);
    return `${key}=${value}`;
  }
  const checked = await control.isChecked();
  await control.setChecked(!checked);
  return `${key}=${!checked}`;
}

/** The toggled controls' current values, to put them back at the end of a phase. */
async function readControls(page: Page, experiment: string, keys: string[]): Promise<Map<string, string | boolean>> {
  const out = new Map<string, string | boolean>();
  for (const key of keys) {
    const spec = catalog.find((m) => m.id === experiment)!.schema[key]!;
    const control = page.getByLabel(spec.label, { exact: true });
    out.set(key, spec.kind === 'choice' ? await control.inputValue() : await control.isChecked());
  }
  return out;
}

async function restoreControls(page: Page, experiment: string, values: Map<string, string | boolean>): Promise<void> {
  for (const [key, value] of values) {
    const control = page.getByLabel(catalog.find((m) => m.id === experiment)!.schema[key]!.label, { exact: true });
    if (typeof value === 'string') await control.selectOption(value);
    else await control.setChecked(value);
  }
}

/** Wait for `count` more steps, whatever the counter does on a rebuild. */
async function waitSteps(page: Page, count: number): Promise<void> {
  let done = 0;
  let last = await stepCount(page);
  const deadline = Date.now() + 30_000;
  while (done < count && Date.now() < deadline) {
    await page.waitForTimeout(20);
    const now = await stepCount(page);
    done += now >= last ? now - last : now;
    last = now;
  }
}

async function runPhase(page: Page, phase: Phase) {
  await page.evaluate(`window.__gb.setExperiment(${JSON.stringify(phase.experiment)}, ${JSON.stringify(phase.start ?? {})})`);
  while ((await page.evaluate('window.__gb.frameExperiment()')) !== phase.experiment) await page.waitForTimeout(50);
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('play').click();
  const settle = Math.max(2, Math.round(phase.every / 10));
  await waitSteps(page, settle);
  const initial = await readControls(page, phase.experiment, phase.toggles);
  const tensorsAtStart = await tensors(page);
  const steps = Math.max(phase.every * 2, Math.round(phase.steps * SCALE));
  const samples: number[] = [];
  let toggles = 0;
  let done = 0;
  let last = await stepCount(page);
  let next = phase.every;
  const t0 = Date.now();
  let lastProgress = Date.now();
  let stalled = false;
  while (done < steps) {
    const now = await stepCount(page);
    // A rebuild (shape change) restarts the step count: count progress, not the counter.
    done += now >= last ? now - last : now;
    if (now !== last) lastProgress = Date.now();
    last = now;
    if (Date.now() - lastProgress > 30_000) {
      stalled = true;
      break;
    }
    if (done < next) {
      await page.waitForTimeout(20);
      continue;
    }
    const key = phase.toggles[toggles % phase.toggles.length]!;
    await toggle(page, phase.experiment, key, Math.floor(toggles / phase.toggles.length));
    toggles++;
    samples.push(await tensors(page));
    next += phase.every;
  }
  // Settings back as they were at the start of the phase: the live tensor count must be back too
  // (the count legitimately depends on settings, e.g. how many estimators race, so only equal
  // settings are compared).
  await restoreControls(page, phase.experiment, initial);
  await waitSteps(page, settle);
  const tensorsAtEnd = await tensors(page);
  return {
    experiment: phase.experiment,
    steps: done,
    toggles,
    seconds: Math.round((Date.now() - t0) / 1000),
    tensorsAtStart,
    tensorsAtEnd,
    tensorRangeWhileToggling: [Math.min(...samples), Math.max(...samples)],
    tensorsFlat: Math.abs(tensorsAtEnd - tensorsAtStart) <= 2,
    stalled,
  };
}

async function main() {
  const server = await startPreview(Number(process.env.BENCH_PORT ?? 4186), process.env.BENCH_DIST ?? 'dist');
  const browser = await launch(false);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(`${server.url}/?backend=wasm&batch=256`);
    while ((await stepCount(page)) < 200) await page.waitForTimeout(100);
    const start = { tensors: await tensors(page), heapMB: await heapMB(page), frames: await frameStats(page, 5000) };
    const t0 = Date.now();
    const phases = [];
    for (const phase of PHASES) {
      phases.push(await runPhase(page, phase));
      console.log(JSON.stringify(phases.at(-1)));
    }
    // Back on the baseline, training, to compare like with like.
    await page.evaluate(`window.__gb.setExperiment('baseline')`);
    while ((await page.evaluate('window.__gb.frameExperiment()')) !== 'baseline') await page.waitForTimeout(50);
    if ((await page.getByTestId('play').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('play').click();
    const s0 = await stepCount(page);
    while ((await stepCount(page)) < s0 + 200) await page.waitForTimeout(100);
    const end = { tensors: await tensors(page), heapMB: await heapMB(page), frames: await frameStats(page, 5000) };
    const report = {
      steps: phases.reduce((a, p) => a + p.steps, 0),
      toggles: phases.reduce((a, p) => a + p.toggles, 0),
      seconds: Math.round((Date.now() - t0) / 1000),
      start,
      end,
      phases,
      heapGrowthMB: Math.round((end.heapMB - start.heapMB) * 100) / 100,
      pass: {
        tensorsFlat: phases.every((p) => p.tensorsFlat),
        noPhaseStalled: phases.every((p) => !p.stalled),
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
