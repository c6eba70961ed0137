import { describe, expect, it } from 'vitest';
import type { Run } from '../core/experiment';
import { calibrate, predictedRate, rememberedUsable, CALIBRATION_CUTOFF_MS, type Calibration } from './calibrate';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A run whose every step takes `stepMs` (or never ends, or throws): the calibration sees only time. */
function fakeRun(stepMs: number, mode: 'ok' | 'hang' | 'throw' = 'ok'): Run {
  let disposed = false;
  return {
    async step(count: number) {
      if (mode === 'throw') throw new Error('kernel not supported');
      if (mode === 'hang') await new Promise(() => {});
      await sleep(stepMs * count);
      return { taken: count, diverged: null };
    },
    async snapshot() {
      await sleep(stepMs);
      return { experimentId: 'fake', step: 0, diverged: null, data: {} } as unknown as Awaited<ReturnType<Run['snapshot']>>;
    },
    setParams: () => ({ applied: {}, problems: [], rebuilt: false, rebuiltBy: [] }),
    metrics: async () => ({}),
    params: () => ({}),
    dispose: () => {
      if (disposed) throw new Error('disposed twice');
      disposed = true;
    },
  };
}

const request = { experimentId: 'baseline', seed: 1, params: {} };
const switchTo = async () => true;

describe('the measured auto', () => {
  it('predicts full-speed steps/s from a step and a snapshot: slices of 12 ms of steps, one snapshot each', () => {
    // 0.5 ms a step: 24 steps a slice (12 ms) + 4 ms snapshot = 16 ms per 24 steps = 1,500 steps/s.
    expect(predictedRate(0.5, 4)).toBeCloseTo(1500, 6);
    // Slower than a slice: one step per snapshot, 20 + 5 ms = 40 steps/s.
    expect(predictedRate(20, 5)).toBeCloseTo(40, 6);
  });

  it('keeps the faster backend, whatever the rank order says (all 5 seeds)', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      // webgpu (first in the ladder) is 8× slower per step here, as a GPU is on a tiny network.
      const speeds: Record<string, number> = { webgpu: 8, wasm: 1 };
      const c = await calibrate({ ...request, seed }, ['webgpu', 'wasm'], ['webgl: software'], switchTo, (name) => fakeRun(speeds[name]!));
      expect(c.chosen).toBe('wasm');
      expect(c.cutShort).toBe(false);
      expect(c.timings.map((t) => t.backend)).toEqual(['webgpu', 'wasm']);
      const [gpu, wasm] = c.timings;
      expect(wasm!.predictedStepsPerSecond!).toBeGreaterThan(gpu!.predictedStepsPerSecond!);
      expect(c.why).toMatch(/^fastest on this experiment: wasm/);
      expect(c.why).toContain('passed over: webgl');
    }
  });

  it('passes over a backend that fails with its reason, and chooses among the rest', async () => {
    const c = await calibrate(request, ['webgpu', 'webgl', 'wasm'], [], switchTo, (name) =>
      name === 'webgpu' ? fakeRun(1, 'throw') : fakeRun(name === 'webgl' ? 1 : 4),
    );
    expect(c.timings[0]).toEqual({ backend: 'webgpu', reason: 'kernel not supported' });
    expect(c.chosen).toBe('webgl');
  });

  it('cuts a calibration longer than the cutoff short and falls back to the rank order', async () => {
    const t0 = performance.now();
    const c = await calibrate(request, ['webgpu', 'wasm'], [], switchTo, (name) => (name === 'webgpu' ? fakeRun(1, 'hang') : fakeRun(1)));
    const took = performance.now() - t0;
    expect(c.cutShort).toBe(true);
    expect(c.chosen).toBe('webgpu');
    expect(c.why).toContain(`longer than ${CALIBRATION_CUTOFF_MS} ms`);
    expect(c.timings[0]!.reason).toMatch(/^cut short/);
    // Stops at the cutoff, not after it (a loose bound: timers on a loaded machine run late).
    expect(took).toBeGreaterThanOrEqual(CALIBRATION_CUTOFF_MS - 5);
    expect(took).toBeLessThan(CALIBRATION_CUTOFF_MS + 1500);
  });

  it('a lone backend is chosen and timed briefly, with no snapshot and no cut-short notice', async () => {
    const c = await calibrate(request, ['wasm'], ['webgpu: no adapter', 'webgl: software'], switchTo, () => fakeRun(2));
    expect(c.chosen).toBe('wasm');
    expect(c.cutShort).toBe(false);
    expect(c.timings[0]!.msPerSnapshot).toBe(0);
    expect(c.timings[0]!.steps).toBeGreaterThan(0);
    expect(c.why).toMatch(/^wasm is the only backend that started here \(passed over: webgpu, webgl\)/);
  });

  it('times the real experiment on the backend it runs on (cpu in Node)', async () => {
    const c = await calibrate(request, ['cpu'], [], switchTo);
    expect(c.chosen).toBe('cpu');
    expect(c.timings[0]!.msPerStep).toBeGreaterThan(0);
    expect(c.experimentId).toBe('baseline');
  });

  it('uses a remembered calibration only for the same experiment, finished, and not lost', () => {
    const stored: Calibration = { experimentId: 'baseline', chosen: 'webgpu', why: '', timings: [], skipped: [], totalMs: 1, cutShort: false, measuredAt: '' };
    const ask = (remembered: Calibration, exclude: Calibration['chosen'][] = []) => rememberedUsable({ ...request, remembered }, exclude);
    expect(ask(stored)).toBe(stored);
    expect(ask({ ...stored, experimentId: 'loss-surface' })).toBeNull();
    expect(ask({ ...stored, cutShort: true })).toBeNull();
    expect(ask(stored, ['webgpu'])).toBeNull();
  });
});
