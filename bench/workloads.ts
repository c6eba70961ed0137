/**
 * Bench workloads. Each drives the real production page in headless Chromium and reads what the page
 * itself reports (the step counter, performance marks, frame timings), so the numbers include
 * everything a student's browser does: snapshot traffic, React rendering, canvas drawing.
 */
import type { Browser, Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The JS the main thread loads before it can show a trained frame: the entry script of
 * dist/index.html, its modulepreloads and their static imports, followed transitively. Dynamic
 * imports and the worker's own graph are not part of it. (Read from the build, because the browser's
 * resource timeline mixes in a module worker's fetches.)
 */
export function mainThreadChunks(dist = 'dist'): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => join(dist, m[1]!));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.\/[^"']+\.js)["']/g)) queue.push(join(dirname(file), m[1]!));
  }
  return [...seen];
}

const stepCount = (page: Page) =>
  page.getByTestId('step-count').getAttribute('data-value').then((v) => Number(v));

/**
 * Poll a condition from Node. (page.waitForFunction compiles its predicate inside the page, which
 * the production build's Content-Security-Policy forbids, as it should.)
 */
async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('bench: timed out waiting for the page');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openRun(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  await until(async () => (await stepCount(page)) > 0);
  return page;
}

/** Training steps per second over a window, after a warm-up, counting steps the page displayed. */
export async function stepsPerSecond(browser: Browser, base: string, query: string, windowMs = 5000) {
  const page = await openRun(browser, `${base}/?${query}`);
  await page.waitForTimeout(1500);
  const backend = await page.getByTestId('backend-active').getAttribute('data-backend');
  const s0 = await stepCount(page);
  const t0 = Date.now();
  await page.waitForTimeout(windowMs);
  const s1 = await stepCount(page);
  const seconds = (Date.now() - t0) / 1000;
  await page.close();
  return { query, backend, stepsPerSecond: Math.round((s1 - s0) / seconds) };
}

const FRAME_PROBE = `new Promise((resolve) => {
  const intervals = [];
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const end = last + WINDOW_MS;
  function tick(t) {
    intervals.push(t - last);
    last = t;
    if (t < end) requestAnimationFrame(tick);
    else { observer.disconnect(); resolve({ intervals, longTasks }); }
  }
  requestAnimationFrame(tick);
})`;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;
}

/**
 * Frame intervals and long tasks on the main thread while training runs at max speed. `prepare` sets
 * the page up first (e.g. opens a figure behind "More").
 */
export async function responsiveness(browser: Browser, base: string, query: string, windowMs = 10_000, prepare?: (page: Page) => Promise<void>) {
  const page = await openRun(browser, `${base}/?${query}`);
  await prepare?.(page);
  await page.waitForTimeout(1000);
  const s0 = await stepCount(page);
  // Passed as source text: tsx would wrap named functions in a helper that does not exist in the page.
  const result = (await page.evaluate(FRAME_PROBE.replace('WINDOW_MS', String(windowMs)))) as { intervals: number[]; longTasks: number[] };
  const s1 = await stepCount(page);
  await page.close();
  const sorted = [...result.intervals].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    query,
    frames: sorted.length,
    p50: r(percentile(sorted, 0.5)),
    p95: r(percentile(sorted, 0.95)),
    p99: r(percentile(sorted, 0.99)),
    longTasksOver50ms: result.longTasks.filter((d) => d > 50).length,
    longestTaskMs: r(Math.max(0, ...result.longTasks)),
    stepsPerSecond: Math.round(((s1 - s0) * 1000) / windowMs),
  };
}

/** Navigation to the first trained frame, and the gzip size of main-thread JS loaded by then. */
export async function coldStart(browser: Browser, base: string, query: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/?${query}`);
  let firstFrameMs = NaN;
  await until(async () => {
    firstFrameMs = (await page.evaluate(`performance.getEntriesByName('gb-first-trained-frame')[0]?.startTime ?? NaN`)) as number;
    return Number.isFinite(firstFrameMs);
  });
  const sizes = mainThreadChunks().map((file) => gzipSync(readFileSync(file), { level: 9 }).length);
  await context.close();
  return {
    query,
    firstTrainedFrameMs: Math.round(firstFrameMs),
    mainThreadScripts: sizes.length,
    mainThreadJsGzipKB: Math.round(sizes.reduce((a, b) => a + b, 0) / 102.4) / 10,
  };
}

/** Median time of a named probe of the running experiment (measured inside the worker). */
export async function probe(browser: Browser, base: string, query: string, names: string[], repeats: number) {
  const page = await openRun(browser, `${base}/?${query}`);
  await page.getByTestId('play').click();
  const out: Record<string, number> = {};
  for (const name of names) {
    out[name] = (await page.evaluate(`window.__gb.timeProbe(${JSON.stringify(name)}, ${repeats})`)) as number;
    out[name] = Math.round(out[name]! * 100) / 100;
  }
  await page.close();
  return { query, medianMs: out };
}

/**
 * Issue 4's surface workload: a 51 × 51 loss surface of a 2-16-16-2 ReLU MLP on 512 training
 * examples (wasm), batched against one forward pass per grid point (median of 5 each, same page);
 * then training speed with the live surfaces against the same run with them switched off, and how
 * often refreshed surfaces reach the screen while training (refreshesPerSecond, refreshMsMedian).
 */
export async function surfaceWorkload(browser: Browser, base: string) {
  // Training speed and how often fresh surfaces reach the screen while it trains: the panel's "views
  // computed at step" readout (its data-value) is polled every 100 ms (refreshes are ≥ 250 ms apart)
  // and each new value is a refresh. Both runs, live and off, are polled the same way.
  const surfaceRefreshes = async (query: string, windowMs = 5000) => {
    const page = await openRun(browser, `${base}/?${query}`);
    await page.waitForTimeout(1500);
    const readout = page.getByTestId('surface-step');
    const s0 = await stepCount(page);
    const t0 = Date.now();
    let last = await readout.getAttribute('data-value');
    let refreshes = 0;
    const costs: number[] = [];
    while (Date.now() - t0 < windowMs) {
      await page.waitForTimeout(100);
      const now = await readout.getAttribute('data-value');
      if (now !== last) {
        refreshes++;
        last = now;
        costs.push(Number(await readout.getAttribute('data-ms')));
      }
    }
    const s1 = await stepCount(page);
    const seconds = (Date.now() - t0) / 1000;
    await page.close();
    costs.sort((a, b) => a - b);
    return {
      stepsPerSecond: Math.round((s1 - s0) / seconds),
      refreshesPerSecond: Math.round((refreshes / seconds) * 10) / 10,
      refreshMsMedian: costs.length ? costs[Math.floor(costs.length / 2)]! : NaN,
    };
  };

  const query = 'exp=loss-surface&backend=wasm&points=640&trainFraction=0.8&hidden=16,16&activation=relu&optimizer=adam';
  const timing = await probe(browser, base, query, ['surfaceBatched', 'surfacePerPoint', 'surfaceLayerFloor'], 5);
  // Alternating live / off windows, medians of each: on a shared 2-core machine one window each
  // varies by tens of percent.
  const lives = [];
  const offs = [];
  for (let i = 0; i < 3; i++) {
    lives.push(await surfaceRefreshes(query));
    offs.push(await surfaceRefreshes(`${query}&liveSurfaces=false`));
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const live = {
    stepsPerSecond: median(lives.map((l) => l.stepsPerSecond)),
    refreshesPerSecond: median(lives.map((l) => l.refreshesPerSecond)),
    refreshMsMedian: median(lives.map((l) => l.refreshMsMedian)),
  };
  const off = { stepsPerSecond: median(offs.map((o) => o.stepsPerSecond)) };
  return {
    windows: { live: lives, off: offs },
    ...timing,
    speedup: Math.round((timing.medianMs.surfacePerPoint! / timing.medianMs.surfaceBatched!) * 10) / 10,
    // The most a surface made of tfjs ops could gain over the per-point loop on this machine: the loop
    // against the second layer's multiply-adds alone as a tfjs matmul (surfaceLayerFloor). The fused
    // kernel (src/core/surface/fused-plane.ts) is not bound by it: it writes no activations to memory.
    speedupCeiling: Math.round((timing.medianMs.surfacePerPoint! / timing.medianMs.surfaceLayerFloor!) * 10) / 10,
    stepsPerSecondLive: live.stepsPerSecond,
    stepsPerSecondOff: off.stepsPerSecond,
    slowdownPercent: Math.round((1 - live.stepsPerSecond / Math.max(1, off.stepsPerSecond)) * 100),
    refreshesPerSecond: live.refreshesPerSecond,
    refreshMsMedian: live.refreshMsMedian,
  };
}

const ESTIMATOR_IDS = ['exact', 'score', 'score-mean-oracle', 'score-moving-average', 'score-optimal', 'rloo', 'straight-through', 'concrete', 'st-gumbel', 'rebar', 'arm', 'disarm'];
/** Every estimator toggle off: the page's own snapshots then cost nothing, so they do not pollute the probe timings. */
const NO_ESTIMATORS = 'exact=false&sf=false&sfAverage=false&sfOptimal=false&rloo=false&st=false&concrete=false&stGumbel=false&rebar=false&arm=false&disarm=false&pathwise=false';

/**
 * Issue 3's estimator workload (wasm): estimates/s of every Bernoulli estimator as one batched
 * [K, N] pass for N = 256, K = 1,024, against the same estimator run one sample per call in a JS loop
 * (RLOO: one pair per call) and against the score function's per-sample loop, all in the same run
 * (target ≥ 20×); and one full refresh of the table's statistics for every estimator selected by
 * default, at N = 256, K = 1,024 and at the page's defaults (toy, K = 2) (target ≤ 100 ms).
 */
export async function estimatorWorkload(browser: Browser, base: string) {
  const n = 256;
  const k = 1024;
  const query = `exp=gradient-variance&backend=wasm&problem=units&n=${n}&k=${k}&${NO_ESTIMATORS}`;
  // The floor first and the per-sample loop last: the loop leaves thousands of small tensors' garbage
  // behind, and whatever runs next pays for collecting it.
  const batched = await probe(browser, base, query, ['noiseFloor', ...ESTIMATOR_IDS.map((id) => `batched:${id}`), 'refreshDefaults', 'scorePerSampleLoop'], 5);
  const loops = await probe(browser, base, query, ESTIMATOR_IDS.map((id) => `loop:${id}`), 3);
  const scoreLoopMs = batched.medianMs.scorePerSampleLoop!;
  const floorMs = batched.medianMs.noiseFloor!;
  const perSecond = (ms: number) => Math.round((k * 1000) / Math.max(ms, 0.01));
  const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.01)) * 10) / 10;
  const estimators = ESTIMATOR_IDS.map((id) => {
    const ms = batched.medianMs[`batched:${id}`]!;
    const loopMs = loops.medianMs[`loop:${id}`]!;
    return {
      id,
      ms,
      estimatesPerSecond: perSecond(ms),
      loopMs,
      loopEstimatesPerSecond: perSecond(loopMs),
      timesOwnLoop: ratio(loopMs, ms),
      // The loop against the cost both share (noiseFloor): roughly the most batching could gain. The floor
      // varies by ±25% between runs (the JS draw alone takes 0.9–1.6 ms), so this is a guide, not a bound.
      loopOverFloor: ratio(loopMs, floorMs),
      timesScoreLoop: ratio(scoreLoopMs, ms),
    };
  });
  const toy = await probe(browser, base, `exp=gradient-variance&backend=wasm&${NO_ESTIMATORS}`, ['refreshDefaults'], 5);
  return {
    query,
    n,
    k,
    scoreLoop: { ms: scoreLoopMs, estimatesPerSecond: perSecond(scoreLoopMs) },
    noiseFloorMs: floorMs,
    estimators,
    slowestTimesOwnLoop: Math.min(...estimators.map((e) => e.timesOwnLoop)),
    refreshDefaultsMs: batched.medianMs.refreshDefaults!,
    refreshDefaultsToyMs: toy.medianMs.refreshDefaults!,
  };
}

/**
 * Issue 5's workload: one BPTT gradient at T = 1,024 under each memory strategy (every-k with
 * k = 32, revolve with s = 8), timed in the worker, with tfjs' peak bytes during the step and the
 * stored states and forward steps the schedule executed.
 */
export async function bpttWorkload(browser: Browser, base: string) {
  const page = await openRun(browser, `${base}/?exp=bptt-memory&backend=wasm`);
  await page.getByTestId('play').click();
  const out: Record<string, unknown>[] = [];
  for (const strategy of ['store-all', 'every-k', 'sqrt', 'revolve']) {
    const ms = (await page.evaluate(`window.__gb.timeProbe('bptt:${strategy}', 3)`)) as number;
    const details = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
    out.push({ strategy, medianMs: Math.round(ms), ...details, peakKB: Math.round(details.peakBytes! / 1024) });
  }
  await page.close();
  return out;
}
