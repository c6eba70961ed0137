/**
 * The backend ladder: webgpu on a hardware adapter, else webgl on a hardware renderer, else wasm,
 * else cpu. A forced choice is tried first and, if it cannot start, the ladder continues below it and
 * the report says why. Each backend's code is imported only when it is tried.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../params/url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type BackendName = Exclude<BackendChoice, 'auto'>;
export const LADDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendReport {
  requested: BackendChoice;
  active: BackendName;
  /** One line per rung that was passed over, with the reason. */
  skipped: string[];
  /** Description of the adapter or renderer, when the browser tells. */
  device: string;
}

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

async function tryWasm(): Promise<Attempt> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Served by the app itself (hashed assets next to the worker): the page never fetches from a CDN.
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  return (await tf.setBackend('wasm'))
    ? { ok: true, device: 'WebAssembly on the CPU' }
    : { ok: false, reason: 'the WebAssembly backend failed to load' };
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

async function attempt(name: BackendName, forced: boolean): Promise<Attempt> {
  try {
    switch (name) {
      case 'webgpu':
        return await tryWebgpu(forced);
      case 'webgl':
        return await tryWebgl(forced);
      case 'wasm':
        return await tryWasm();
      case 'cpu':
        return await tryCpu();
    }
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Start the requested backend, or the best one below it that works. `exclude` names backends whose
 * device was lost earlier in this page's life; `onDeviceLost` hears if the chosen GPU device goes.
 */
export async function selectBackend(
  requested: BackendChoice,
  exclude: readonly BackendName[] = [],
  onDeviceLost: (message: string) => void = () => {},
): Promise<BackendReport> {
  const start = requested === 'auto' ? 0 : LADDER.indexOf(requested);
  const skipped: string[] = [];
  for (let i = start; i < LADDER.length; i++) {
    const name = LADDER[i]!;
    if (exclude.includes(name)) {
      skipped.push(`${name}: its device was lost earlier on this page`);
      continue;
    }
    const result = await attempt(name, requested === name);
    if (result.ok) {
      await tf.ready();
      if (name === 'webgpu') watchWebgpuDevice(onDeviceLost);
      return { requested, active: name, skipped, device: result.device ?? '' };
    }
    skipped.push(`${name}: ${result.reason ?? 'unavailable'}`);
  }
  throw new Error(`No tfjs backend could start: ${skipped.join('; ')}`);
}
