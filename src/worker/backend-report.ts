/**
 * What the backend ladder (backends.ts) is asked and reports: types only, so the page and Node tests
 * can use them without resolving the wasm binaries' URL imports that backends.ts makes.
 */
import type { BackendChoice } from '../params/url';
import type { Calibration, CalibrationRequest } from './calibrate';

export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface BackendReport {
  requested: BackendChoice;
  active: BackendName;
  /** One line per rung that was passed over, with the reason. */
  skipped: string[];
  /** Description of the adapter or renderer, when the browser tells. */
  device: string;
  /** Threads the active backend computes on, as its pool reports them (wasm with a thread pool: more than 1). */
  threads: number;
  /** Threads asked of wasm (the link's count or every core, at most tfjs' 8; 1 when not isolated). */
  threadsAsked: number;
  /** Whether the worker could share memory with a thread pool (the page is cross-origin isolated). */
  isolated: boolean;
  /** In `auto` with an experiment: the timings the choice was made by (or the remembered ones). */
  calibration?: Calibration;
  /** Why this thread count (from the page: the link, or the experiment's kind). */
  threadsNote?: string;
  /**
   * The note is about helper workers (an experiment that shares its work with them): true whether or
   * not the page is isolated, since helpers need no shared memory (they take their share by message).
   */
  threadsNoteHelpers?: boolean;
}

export interface BackendOptions {
  /** wasm threads: a number forces it (1 = the single-threaded SIMD build); null = every core. */
  threads?: number | null;
  /** Why that thread count, for the badge's tooltip. */
  threadsNote?: string;
  /** The note is about helper workers (BackendReport.threadsNoteHelpers). */
  threadsNoteHelpers?: boolean;
  /** In `auto`: time the candidates on this experiment, unless a remembered result still applies. */
  calibrate?: CalibrationRequest;
  /** Helper workers the loss surface and the estimators may share their work with on wasm (helper-pool.ts). */
  helpers?: number;
}
