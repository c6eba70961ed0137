/**
 * The backend ladder: webgpu on a hardware adapter, else webgl on a hardware renderer, else wasm,
 * else cpu. A forced choice is tried first and, if it cannot start, the ladder continues below it and
 * the report says why. Each backend's code is imported only when it is tried. In `auto` with an
 * experiment to calibrate on, every rung that starts is timed on that experiment's own steps and the
 * fastest is kept (calibrate.ts); the rank order above is then only the fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../params/url';
import { WASM_MAX_THREADS } from '../shared/wasm-threads';
import { calibrate, rememberedUsable, type Calibration } from './calibrate';
import type { BackendName, BackendOptions, BackendReport } from './backend-report';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type { BackendName, BackendOptions, BackendReport } from './backend-report';
export const LADDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

interface Attempt {
  ok: boolean;
  reason?: string;
  device?: string;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

function isSoftware(text: string): boolean {
  return /swiftshader|llvmpipe|software|basic render/i.test(text);
}

async function tryWebgpu(forced: boolean): Promise<Attempt> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter was granted' };
  const info = adapter.info ?? {};
  const device = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  if (!forced && (adapter.isFallbackAdapter || isSoftware(device))) {
    return { ok: false, reason: `the WebGPU adapter is a software one (${device}); slower than wasm`, device };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  return (await tf.setBackend('webgpu')) ? { ok: true, device } : { ok: false, reason: 'WebGPU backend failed to initialise' };
}

async function tryWebgl(forced: boolean): Promise<Attempt> {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'no OffscreenCanvas in this worker' };
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return { ok: false, reason: 'WebGL is unavailable' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const device = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  if (!forced && isSoftware(device)) {
    return { ok: false, reason: `WebGL runs in software (${device}); slower than wasm`, device };
  }
  await import('@tensorflow/tfjs-backend-webgl');
  return (await tf.setBackend('webgl')) ? { ok: true, device } : { ok: false, reason: 'WebGL backend failed to initialise' };
}

function isolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** How many threads wasm should use: the forced count, else every logical core (when threads can run at all), at most tfjs' 8. */
export function wasmThreads(forced: number | null | undefined): number {
  if (!isolated()) return 1;
  const cores = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(forced ?? cores, cores, WASM_MAX_THREADS));
}

async function tryWasm(threads: number): Promise<Attempt> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // One thread: the plain SIMD build, exactly what a page that is not cross-origin isolated runs (the
  // threaded build with a pool of one would pay atomics for nothing). More: the threaded SIMD build,
  // whose XNNPACK pool (pthreads started from blob: workers inside this worker) has \`threads\` threads.
  if (threads <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else {
    wasm.setThreadsCount(threads);
    // The pthread pool started with the module: one worker per thread (vite.config.ts reads this).
    (globalThis as { __gbWasmPoolSize?: number }).__gbWasmPoolSize = threads;
  }
  // Served by the app itself (hashed assets next to the worker): the page never fetches from a CDN.
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the WebAssembly backend failed to load' };
  return { ok: true, device: threads > 1 ? 'WebAssembly (threaded SIMD build) on the CPU' : 'WebAssembly (SIMD build) on the CPU' };
}

async function tryCpu(): Promise<Attempt> {
  await import('@tensorflow/tfjs-backend-cpu');
  return (await tf.setBackend('cpu')) ? { ok: true, device: 'plain JavaScript' } : { ok: false, reason: 'cpu failed' };
}

interface DeviceLike {
  lost?: Promise<{ message?: string; reason?: string }>;
  destroy?: () => void;
}

function webgpuDevice(): DeviceLike | undefined {
  return (tf.backend() as unknown as { device?: DeviceLike }).device;
}

function watchWebgpuDevice(onDeviceLost: (message: string) => void): void {
  void webgpuDevice()?.lost?.then((info) => onDeviceLost(info.message || info.reason || 'the GPU device was lost'));
}

/** Test hook: destroy the WebGPU device, exactly what a driver reset or a lost GPU looks like to tfjs. */
export function loseWebgpuDevice(): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  const device = webgpuDevice();
  device?.destroy?.();
  return Boolean(device?.destroy);
}

async function attempt(name: BackendName, forced: boolean, threads: number): Promise<Attempt> {
  try {
    switch (name) {
      case 'webgpu':
        return await tryWebgpu(forced);
      case 'webgl':
        return await tryWebgl(forced);
      case 'wasm':
        return await tryWasm(threads);
      case 'cpu':
        return await tryCpu();
    }
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The threads the active backend really computes on: for wasm, what its thread pool reports once it
 * started (a pool whose workers could not start reports 1, whatever was asked for).
 */
async function threadsOf(name: BackendName): Promise<number> {
  if (name !== 'wasm') return 1;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}

/**
 * Start the requested backend, or the best one below it that works. `exclude` names backends whose
 * device was lost earlier in this page's life; `onDeviceLost` hears if the chosen GPU device goes.
 */
export async function selectBackend(
  requested: BackendChoice,
  exclude: readonly BackendName[] = [],
  onDeviceLost: (message: string) => void = () => {},
  options: BackendOptions = {},
): Promise<BackendReport> {
  const threads = wasmThreads(options.threads);
  const finish = async (name: BackendName, skipped: string[], device: string, calibration?: Calibration): Promise<BackendReport> => {
    await tf.ready();
    if (name === 'webgpu') watchWebgpuDevice(onDeviceLost);
    return {
      requested,
      active: name,
      skipped,
      device,
      threads: await threadsOf(name),
      threadsAsked: threads,
      isolated: isolated(),
      ...(calibration ? { calibration } : {}),
      ...(options.threadsNote ? { threadsNote: options.threadsNote } : {}),
      ...(options.threadsNoteHelpers ? { threadsNoteHelpers: true } : {}),
    };
  };
  const skipped: string[] = [];
  if (requested === 'auto' && options.calibrate) {
    const request = options.calibrate;
    // A remembered choice for this experiment on this browser: start it without timing anything.
    const remembered = rememberedUsable(request, exclude);
    if (remembered) {
      const result = await attempt(remembered.chosen, false, threads);
      if (result.ok) return finish(remembered.chosen, remembered.skipped, result.device ?? '', { ...remembered, remembered: true });
    }
    const started: { name: BackendName; device: string }[] = [];
    for (const name of LADDER) {
      if (exclude.includes(name)) {
        skipped.push(`${name}: its device was lost earlier on this page`);
        continue;
      }
      // cpu runs the same kernels as wasm in plain JavaScript: timed only when nothing faster starts.
      if (name === 'cpu' && started.length > 0) continue;
      const result = await attempt(name, false, threads);
      if (result.ok) started.push({ name, device: result.device ?? '' });
      else skipped.push(`${name}: ${result.reason ?? 'unavailable'}`);
    }
    if (started.length === 0) throw new Error(`No tfjs backend could start: ${skipped.join('; ')}`);
    const calibration = await calibrate(request, started.map((s) => s.name), skipped, (name) => tf.setBackend(name));
    await tf.setBackend(calibration.chosen);
    // The others were initialised only to be timed: free what they hold (a GPU context, a wasm heap).
    for (const s of started) if (s.name !== calibration.chosen) tf.removeBackend(s.name);
    const chosen = started.find((s) => s.name === calibration.chosen)!;
    return finish(chosen.name, skipped, chosen.device, calibration);
  }
  const start = requested === 'auto' ? 0 : LADDER.indexOf(requested);
  for (let i = start; i < LADDER.length; i++) {
    const name = LADDER[i]!;
    if (exclude.includes(name)) {
      skipped.push(`${name}: its device was lost earlier on this page`);
      continue;
    }
    const result = await attempt(name, requested === name, threads);
    if (result.ok) return finish(name, skipped, result.device ?? '');
    skipped.push(`${name}: ${result.reason ?? 'unavailable'}`);
  }
  throw new Error(`No tfjs backend could start: ${skipped.join('; ')}`);
}
