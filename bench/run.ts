/**
 * `npm run bench`: builds (see package.json), serves the production page and drives headless
 * Chromium through named workloads. Prints a table and writes bench-results/bench.json. Every ratio
 * compares two measurements taken in this same run, on this machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser';
import { startPreview } from './server';
import { bpttWorkload, coldStart, estimatorWorkload, probe, responsiveness, stepsPerSecond, surfaceWorkload } from './workloads';

const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'];
// The workload: 2-16-16-2 ReLU MLP, softmax cross-entropy, 256 training points, full batch.
const WORKLOAD = 'points=320&trainFraction=0.8&batch=256&hidden=16,16&activation=relu';

async function main() {
  const server = await startPreview(4180);
  const report: Record<string, unknown> = { date: new Date().toISOString(), workload: WORKLOAD };
  try {
    const browser = await launch(false);
    const perOptimizer = [];
    for (const opt of OPTIMIZERS) perOptimizer.push(await stepsPerSecond(browser, server.url, `backend=wasm&optimizer=${opt}&${WORKLOAD}`));
    const perBackend: Awaited<ReturnType<typeof stepsPerSecond>>[] = [];
    for (const b of ['cpu', 'webgl']) perBackend.push(await stepsPerSecond(browser, server.url, `backend=${b}&optimizer=adam&${WORKLOAD}`));
    report.stepsPerSecondWasmByOptimizer = perOptimizer;

    const worker = await responsiveness(browser, server.url, `backend=wasm&optimizer=adam&${WORKLOAD}`);
    const mainThread = await responsiveness(browser, server.url, `backend=wasm&optimizer=adam&thread=main&${WORKLOAD}`);
    report.responsiveness = { worker, mainThreadBaseline: mainThread };

    const cold = [];
    for (let i = 0; i < 3; i++) cold.push(await coldStart(browser, server.url, `backend=wasm`));
    report.coldStart = cold;

    const heat = await probe(browser, server.url, `backend=wasm&${WORKLOAD}`, ['heatmapBatched', 'heatmapPerPoint'], 5);
    report.heatmap = { ...heat, speedup: Math.round((heat.medianMs.heatmapPerPoint! / heat.medianMs.heatmapBatched!) * 10) / 10 };
    report.surface = await surfaceWorkload(browser, server.url);
    report.estimators = await estimatorWorkload(browser, server.url);
    report.bptt = await bpttWorkload(browser, server.url);
    await browser.close();

    const gpuBrowser = await launch(true);
    perBackend.push(await stepsPerSecond(gpuBrowser, server.url, `backend=webgpu&optimizer=adam&${WORKLOAD}`, 8000));
    await gpuBrowser.close();
    const wasmAdam = perOptimizer.find((r) => r.query.includes('optimizer=adam'))!;
    report.stepsPerSecondByBackend = [wasmAdam, ...perBackend].map((r) => ({
      ...r,
      ratioToCpu: Math.round((r.stepsPerSecond / Math.max(1, perBackend[0]!.stepsPerSecond)) * 100) / 100,
    }));
  } finally {
    server.stop();
  }

  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/bench.json', JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  printTable(report);
}

function printTable(report: Record<string, unknown>) {
  const rows: [string, string][] = [];
  for (const r of report.stepsPerSecondWasmByOptimizer as { query: string; stepsPerSecond: number }[]) {
    rows.push([`steps/s wasm ${/optimizer=(\w+)/.exec(r.query)![1]}`, String(r.stepsPerSecond)]);
  }
  for (const r of report.stepsPerSecondByBackend as { backend: string; stepsPerSecond: number; ratioToCpu: number }[]) {
    rows.push([`steps/s ${r.backend} (adam)`, `${r.stepsPerSecond} (${r.ratioToCpu}× cpu)`]);
  }
  const resp = report.responsiveness as Record<string, { p50: number; p95: number; p99: number; longTasksOver50ms: number; stepsPerSecond: number }>;
  for (const [k, v] of Object.entries(resp)) {
    rows.push([`frames ${k}`, `p50 ${v.p50} / p95 ${v.p95} / p99 ${v.p99} ms, ${v.longTasksOver50ms} long tasks, ${v.stepsPerSecond} steps/s`]);
  }
  for (const c of report.coldStart as { firstTrainedFrameMs: number; mainThreadJsGzipKB: number }[]) {
    rows.push(['cold start', `${c.firstTrainedFrameMs} ms to first trained frame, ${c.mainThreadJsGzipKB} KB gzip main-thread JS`]);
  }
  const h = report.heatmap as { medianMs: Record<string, number>; speedup: number };
  rows.push(['heatmap 100×100 (worker, wasm)', `batched ${h.medianMs.heatmapBatched} ms, per-point ${h.medianMs.heatmapPerPoint} ms (${h.speedup}×)`]);
  const sf = report.surface as Awaited<ReturnType<typeof surfaceWorkload>>;
  rows.push(['loss surface 51×51, 512 ex. (wasm)', `batched ${sf.medianMs.surfaceBatched} ms, per-point ${sf.medianMs.surfacePerPoint} ms (${sf.speedup}×)`]);
  rows.push(['training with live surfaces', `${sf.stepsPerSecondLive} steps/s vs ${sf.stepsPerSecondOff} off (${sf.slowdownPercent}% slower)`]);
  const est = report.estimators as Awaited<ReturnType<typeof estimatorWorkload>>;
  for (const e of est.estimators) {
    rows.push([`estimates/s ${e.id}, N=${est.n} K=${est.k} (wasm)`, `${e.estimatesPerSecond}: ${e.timesOwnLoop}× its per-sample loop (${e.loopEstimatesPerSecond}), ${e.timesScoreLoop}× the score-function loop`]);
  }
  rows.push(['refresh, default estimators (wasm)', `${est.refreshDefaultsMs} ms at N=${est.n} K=${est.k}, ${est.refreshDefaultsToyMs} ms on the toy (K=2)`]);
  for (const b of report.bptt as { strategy: string; medianMs: number; peakKB: number; peakStates: number; forwardSteps: number }[]) {
    rows.push([`BPTT T=1024 ${b.strategy} (wasm)`, `${b.medianMs} ms, peak ${b.peakKB} KB tensors, ${b.peakStates} states kept, ${b.forwardSteps} forward steps`]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\n' + rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join('\n'));
}

await main();
