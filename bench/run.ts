/**
 * `npm run bench`: builds (see package.json), serves the production page and drives headless
 * Chromium through named workloads. Prints a table and writes bench-results/bench.json. Every ratio
 * compares two measurements taken in this same run, on this machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { launch } from './browser';
import { startPreview } from './server';
import { sparseCreditSection } from './sparse-credit-workload';
import { binaryLatentsSection } from './binary-latents-workload';
import { bpttWorkload, coldStart, estimatorWorkload, probe, responsiveness, stepsPerSecond, surfaceWorkload } from './workloads';
import { fatalStateSection } from './fatal-state-workload';
import { policySection } from './policy-workload';
import { mixtureDensitySection } from './mixture-density-workload';
import { internalModelsSection } from './internal-models-workload';
import { calibrationSection, threadsSection } from './threads-workload';
import { networkSection } from './network-workload';
import { rewindSection } from './rewind-workload';

const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'];
// The workload: 2-16-16-2 ReLU MLP, softmax cross-entropy, 256 training points, full batch.
const WORKLOAD = 'points=320&trainFraction=0.8&batch=256&hidden=16,16&activation=relu';

/**
 * The bench's named sections, run in this order. `BENCH_ONLY=a,b` runs some of them (while working on
 * one panel); a full `npm run bench` runs all. Each section returns what goes under its name in the
 * JSON and the rows it adds to the printed table. A new panel's workload: its own file under bench/,
 * one line here.
 */
interface Section {
  name: string;
  run: (ctx: BenchContext) => Promise<{ json: unknown; rows: [string, string][] }>;
}
export interface BenchContext {
  url: string;
  browser: Browser;
}

const sections: Section[] = [
  { name: 'steps', run: stepsSection },
  { name: 'responsiveness', run: responsivenessSection },
  { name: 'coldStart', run: coldStartSection },
  { name: 'heatmap', run: heatmapSection },
  { name: 'surface', run: surfaceSection },
  { name: 'estimators', run: estimatorSection },
  { name: 'bptt', run: bpttSection },
  { name: 'binaryLatents', run: binaryLatentsSection },
  { name: 'fatalState', run: fatalStateSection },
  { name: 'sparseCredit', run: sparseCreditSection },
  { name: 'policy', run: policySection },
  { name: 'mixtureDensity', run: mixtureDensitySection },
  { name: 'internalModels', run: internalModelsSection },
  { name: 'network', run: networkSection },
  { name: 'rewind', run: rewindSection },
  { name: 'threads', run: threadsSection },
  { name: 'calibration', run: calibrationSection },
];

async function main() {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const chosen = only.length ? sections.filter((s) => only.includes(s.name)) : sections;
  const port = Number(process.env.BENCH_PORT ?? 4180);
  const server = await startPreview(port, process.env.BENCH_DIST ?? 'dist');
  const report: Record<string, unknown> = { date: new Date().toISOString(), workload: WORKLOAD };
  const rows: [string, string][] = [];
  try {
    const browser = await launch(false);
    for (const section of chosen) {
      const out = await section.run({ url: server.url, browser });
      report[section.name] = out.json;
      rows.push(...out.rows);
    }
    await browser.close();
  } finally {
    server.stop();
  }

  mkdirSync('bench-results', { recursive: true });
  const file = only.length ? `bench-results/bench-${only.join('-')}.json` : 'bench-results/bench.json';
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\n' + rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join('\n'));
}

async function stepsSection({ browser, url }: BenchContext) {
  const perOptimizer = [];
  for (const opt of OPTIMIZERS) perOptimizer.push(await stepsPerSecond(browser, url, `backend=wasm&optimizer=${opt}&${WORKLOAD}`));
  const perBackend: Awaited<ReturnType<typeof stepsPerSecond>>[] = [];
  for (const b of ['cpu', 'webgl']) perBackend.push(await stepsPerSecond(browser, url, `backend=${b}&optimizer=adam&${WORKLOAD}`));
  // WebGPU needs its own browser flags (SwiftShader here, see BROWSER.md).
  const gpuBrowser = await launch(true);
  perBackend.push(await stepsPerSecond(gpuBrowser, url, `backend=webgpu&optimizer=adam&${WORKLOAD}`, 8000));
  await gpuBrowser.close();
  const wasmAdam = perOptimizer.find((r) => r.query.includes('optimizer=adam'))!;
  const byBackend = [wasmAdam, ...perBackend].map((r) => ({
    ...r,
    ratioToCpu: Math.round((r.stepsPerSecond / Math.max(1, perBackend[0]!.stepsPerSecond)) * 100) / 100,
  }));
  const rows: [string, string][] = [];
  for (const r of perOptimizer) rows.push([`steps/s wasm ${/optimizer=(\w+)/.exec(r.query)![1]}`, String(r.stepsPerSecond)]);
  for (const r of byBackend) rows.push([`steps/s ${r.backend} (adam)`, `${r.stepsPerSecond} (${r.ratioToCpu}× cpu)`]);
  return { json: { wasmByOptimizer: perOptimizer, byBackend }, rows };
}

async function responsivenessSection({ browser, url }: BenchContext) {
  const worker = await responsiveness(browser, url, `backend=wasm&optimizer=adam&${WORKLOAD}`);
  const mainThreadBaseline = await responsiveness(browser, url, `backend=wasm&optimizer=adam&thread=main&${WORKLOAD}`);
  const json = { worker, mainThreadBaseline };
  const rows: [string, string][] = Object.entries(json).map(([k, v]) => [
    `frames ${k}`,
    `p50 ${v.p50} / p95 ${v.p95} / p99 ${v.p99} ms, ${v.longTasksOver50ms} long tasks, ${v.stepsPerSecond} steps/s`,
  ]);
  return { json, rows };
}

async function coldStartSection({ browser, url }: BenchContext) {
  const cold = [];
  for (let i = 0; i < 3; i++) cold.push(await coldStart(browser, url, `backend=wasm`));
  const rows: [string, string][] = cold.map((c) => ['cold start', `${c.firstTrainedFrameMs} ms to first trained frame, ${c.mainThreadJsGzipKB} KB gzip main-thread JS`]);
  return { json: cold, rows };
}

async function heatmapSection({ browser, url }: BenchContext) {
  const heat = await probe(browser, url, `backend=wasm&${WORKLOAD}`, ['heatmapBatched', 'heatmapPerPoint'], 5);
  const json = { ...heat, speedup: Math.round((heat.medianMs.heatmapPerPoint! / heat.medianMs.heatmapBatched!) * 10) / 10 };
  const rows: [string, string][] = [['heatmap 100×100 (worker, wasm)', `batched ${json.medianMs.heatmapBatched} ms, per-point ${json.medianMs.heatmapPerPoint} ms (${json.speedup}×)`]];
  return { json, rows };
}

async function surfaceSection({ browser, url }: BenchContext) {
  const sf = await surfaceWorkload(browser, url);
  const rows: [string, string][] = [
    ['loss surface 51×51, 512 ex. (wasm)', `batched ${sf.medianMs.surfaceBatched} ms, per-point ${sf.medianMs.surfacePerPoint} ms (${sf.speedup}×)`],
    ['second layer alone as a tfjs matmul', `${sf.medianMs.surfaceLayerFloor} ms: tfjs ops could be at most ${sf.speedupCeiling}× the per-point loop; the fused kernel is ${sf.speedup}×`],
    ['training with live surfaces', `${sf.stepsPerSecondLive} steps/s vs ${sf.stepsPerSecondOff} off (${sf.slowdownPercent}% slower)`],
    ['surface refreshes while training', `${sf.refreshesPerSecond} per second, median refresh ${sf.refreshMsMedian} ms`],
  ];
  return { json: sf, rows };
}

async function estimatorSection({ browser, url }: BenchContext) {
  const est = await estimatorWorkload(browser, url);
  const rows: [string, string][] = est.estimators.map((e) => [
    `estimates/s ${e.id}, N=${est.n} K=${est.k} (wasm)`,
    `${e.estimatesPerSecond}: ${e.timesOwnLoop}× its per-sample loop (${e.loopEstimatesPerSecond}; loop ÷ floor ${e.loopOverFloor}×), ${e.timesScoreLoop}× the score-function loop`,
  ]);
  rows.push(['floor: draw K·N uniforms, upload, read back', `${est.noiseFloorMs} ms per estimate, paid by the loop and the batch alike`]);
  rows.push(['refresh, default estimators (wasm)', `${est.refreshDefaultsMs} ms at N=${est.n} K=${est.k}, ${est.refreshDefaultsToyMs} ms on the toy (K=2)`]);
  return { json: est, rows };
}

async function bpttSection({ browser, url }: BenchContext) {
  const bptt = await bpttWorkload(browser, url);
  const rows: [string, string][] = bptt.map((b) => [
    `BPTT T=1024 ${b.strategy} (wasm)`,
    `${b.medianMs} ms, peak ${b.peakKB} KB tensors, ${b.peakStates} states kept, ${b.forwardSteps} forward steps`,
  ]);
  return { json: bptt, rows };
}

await main();
