/**
 * Device storage for the measured `auto` (the worker's calibrate.ts): what it chose for each experiment
 * on this browser, so a return visit starts the fastest backend without timing again. Kept in
 * localStorage, never in the link (it describes this device, not the run). Keyed by experiment and wasm
 * thread count, and stamped with the browser's user-agent string: a new browser version (a new WebGPU
 * or wasm implementation) calibrates again.
 */
import type { Calibration } from '../worker/calibrate';

const STORAGE_KEY = 'gb-backend-calibration';

interface Stored {
  browser: string;
  calibration: Calibration;
}

function browserStamp(): string {
  return `${navigator.userAgent} | ${navigator.hardwareConcurrency ?? 0} cores`;
}

function readAll(): Record<string, Stored> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Stored>) : {};
  } catch {
    // Storage blocked (private mode, a sandboxed iframe) or corrupt: calibrate every time.
    return {};
  }
}

const keyOf = (experimentId: string, threads: number | null) => `${experimentId}|threads=${threads ?? 'all'}`;

/** The stored calibration for this experiment, unless it was made by another browser (version). */
export function rememberedCalibration(experimentId: string, threads: number | null): Calibration | null {
  const all = readAll();
  const key = keyOf(experimentId, threads);
  const entry = Object.prototype.hasOwnProperty.call(all, key) ? all[key] : undefined;
  if (!entry || entry.browser !== browserStamp() || entry.calibration?.experimentId !== experimentId) return null;
  return entry.calibration;
}

/** Keep a fresh, finished calibration; cut-short or remembered ones are not stored. */
export function storeCalibration(calibration: Calibration, threads: number | null): void {
  if (calibration.remembered || calibration.cutShort) return;
  const all = readAll();
  all[keyOf(calibration.experimentId, threads)] = { browser: browserStamp(), calibration };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Full or blocked: the next visit calibrates again, which is only slower.
  }
}
