/**
 * The measured `auto`: every backend that started is timed on the current experiment's own work (a
 * fresh run of it with the user's seed and settings: a warm-up step and snapshot, then steps until a
 * share of the budget is spent, then one snapshot) and the one that would train fastest at full speed
 * is kept. Which backend wins depends on the workload, not only on the device: a GPU pays a dispatch
 * per op and an asynchronous read per step, so a 2-16-16-2 network may run faster on wasm while a
 * 51 × 51 loss surface runs faster on the GPU. A calibration that passes CALIBRATION_CUTOFF_MS is cut
 * short and the rank order decides (the page says so); a backend that throws is passed over with its
 * reason.
 */
import { findExperiment } from '../core/registry';
import { resolveValues } from '../params/kinds';
import type { Run } from '../core/experiment';
// Types only (backend-report.ts), so Node tests need not resolve the wasm binaries' URL imports.
import type { BackendName } from './backend-report';

/** What all candidates' timings together should take. */
export const CALIBRATION_BUDGET_MS = 300;
/** Past this the calibration stops and the rank order chooses. */
export const CALIBRATION_CUTOFF_MS = 1000;
/** The scheduler's slice at full speed (scheduler.ts): steps between two snapshots. */
const SLICE_MS = 12;

export interface CalibrationRequest {
  experimentId: string;
  seed: number;
  params: Record<string, unknown>;
  /** What device storage holds for this experiment and browser, if anything. */
  remembered?: Calibration | null;
}

export interface CalibrationTiming {
  backend: BackendName;
  /** Mean over the timed steps (after one warm-up step). */
  msPerStep?: number;
  steps?: number;
  /** One snapshot (what the page draws), after a warm-up one. */
  msPerSnapshot?: number;
  /** Full-speed rate these imply: slices of SLICE_MS of steps, one snapshot per slice. */
  predictedStepsPerSecond?: number;
  /** Why it was not timed to the end (an error, or the cutoff). */
  reason?: string;
}

export interface Calibration {
  experimentId: string;
  chosen: BackendName;
  /** One sentence: why this backend. */
  why: string;
  timings: CalibrationTiming[];
  /** Backends that did not start, with their reasons (software adapters, no WebGPU, …). */
  skipped: string[];
  totalMs: number;
  /** The cutoff was reached, so the rank order chose. */
  cutShort: boolean;
  /** Read from device storage instead of measured now. */
  remembered?: boolean;
  measuredAt: string;
}

class CutShort extends Error {}

/** A remembered calibration that applies: same experiment, finished, its choice not lost on this page. */
export function rememberedUsable(request: CalibrationRequest, exclude: readonly BackendName[]): Calibration | null {
  const r = request.remembered;
  if (!r || r.experimentId !== request.experimentId || r.cutShort || exclude.includes(r.chosen)) return null;
  return r;
}

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  const left = deadline - performance.now();
  if (left <= 0) return Promise.reject(new CutShort());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CutShort()), left);
  });
  return Promise.race([work, cut]).finally(() => clearTimeout(timer));
}

/** Steps/s at full speed from the two costs: each slice of SLICE_MS of steps is followed by one snapshot. */
export function predictedRate(msPerStep: number, msPerSnapshot: number): number {
  const stepsPerSlice = Math.max(1, Math.floor(SLICE_MS / msPerStep));
  return (1000 * stepsPerSlice) / (stepsPerSlice * msPerStep + msPerSnapshot);
}

/** A fresh run of the requested experiment with the user's seed and settings, on the active backend. */
export function createRequested(request: CalibrationRequest): Run {
  const experiment = findExperiment(request.experimentId);
  if (!experiment) throw new Error(`no experiment "${request.experimentId}"`);
  return experiment.create(request.seed, resolveValues(experiment.schema, request.params).values);
}

async function timeOn(name: BackendName, create: () => Run, budgetMs: number, deadline: number, withSnapshot: boolean): Promise<CalibrationTiming> {
  let run: Run | null = null;
  try {
    run = create();
    // Warm-up: kernels compiled (GPU shaders), buffers allocated, the JIT warmed; not timed.
    await withDeadline(run.step(1), deadline);
    if (withSnapshot) await withDeadline(run.snapshot(), deadline);
    let steps = 0;
    let next = 1;
    const t0 = performance.now();
    for (;;) {
      const r = await withDeadline(run.step(next), deadline);
      steps += r.taken;
      const elapsed = performance.now() - t0;
      if (r.diverged || r.taken === 0 || elapsed >= budgetMs) break;
      // Aim the next call at the budget left, from the rate so far (at most 64 steps a call).
      next = Math.max(1, Math.min(64, Math.round((budgetMs - elapsed) / (elapsed / steps))));
    }
    const msPerStep = (performance.now() - t0) / Math.max(1, steps);
    let msPerSnapshot = 0;
    if (withSnapshot) {
      const s0 = performance.now();
      await withDeadline(run.snapshot(), deadline);
      msPerSnapshot = performance.now() - s0;
    }
    return { backend: name, msPerStep, steps, msPerSnapshot, predictedStepsPerSecond: predictedRate(msPerStep, msPerSnapshot) };
  } catch (e) {
    if (e instanceof CutShort) throw e;
    return { backend: name, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    try {
      run?.dispose();
    } catch {
      // A backend that failed mid-step may not dispose cleanly; it is not used again.
    }
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Time each started backend (in ladder order) and choose. `switchTo` switches tfjs to a backend that has
 * already been initialised. When only one backend started there is nothing to choose between: it is
 * timed briefly anyway (steps only), so the badge can show what it runs at.
 */
export async function calibrate(
  request: CalibrationRequest,
  started: readonly BackendName[],
  skipped: readonly string[],
  switchTo: (name: BackendName) => Promise<boolean>,
  create: (name: BackendName) => Run = () => createRequested(request),
): Promise<Calibration> {
  const t0 = performance.now();
  const deadline = t0 + CALIBRATION_CUTOFF_MS;
  const timings: CalibrationTiming[] = [];
  const alone = started.length === 1;
  let cutShort = false;
  for (const name of started) {
    try {
      if (!(await switchTo(name))) {
        timings.push({ backend: name, reason: 'could not be switched to' });
        continue;
      }
      const budget = alone ? CALIBRATION_BUDGET_MS / 3 : CALIBRATION_BUDGET_MS / started.length;
      timings.push(await timeOn(name, () => create(name), budget, deadline, !alone));
    } catch (e) {
      if (!(e instanceof CutShort)) throw e;
      // With one candidate there was nothing to choose between: its figures are missing, the choice is not.
      cutShort = !alone;
      timings.push({ backend: name, reason: `cut short: calibration passed ${CALIBRATION_CUTOFF_MS} ms` });
      break;
    }
  }
  const timed = timings.filter((t) => t.predictedStepsPerSecond !== undefined);
  let chosen: BackendName;
  let why: string;
  const passedOver = skipped.length ? ` (passed over: ${skipped.map((s) => s.split(':')[0]).join(', ')})` : '';
  if (alone && timed.length === 0) {
    chosen = started[0]!;
    why = `${chosen} is the only backend that started here${passedOver}; it could not be timed (${timings[0]?.reason ?? 'no figures'})`;
  } else if (cutShort || timed.length === 0) {
    // Rank order among those that started: the first in the ladder that did not fail.
    chosen = started.find((n) => !timings.some((t) => t.backend === n && t.reason && !t.reason.startsWith('cut short'))) ?? started[0]!;
    why = cutShort
      ? `timing took longer than ${CALIBRATION_CUTOFF_MS} ms, so the rank order chose ${chosen}`
      : `no backend could be timed, so the rank order chose ${chosen}`;
  } else if (alone) {
    chosen = timed[0]!.backend;
    why = `${chosen} is the only backend that started here${passedOver}; it runs this experiment at ${timed[0]!.msPerStep!.toFixed(2)} ms a step`;
  } else {
    const best = timed.reduce((a, b) => (b.predictedStepsPerSecond! > a.predictedStepsPerSecond! ? b : a));
    chosen = best.backend;
    const others = timed.filter((t) => t !== best).map((t) => `${t.backend} ≈ ${fmt(t.predictedStepsPerSecond!)}`);
    why = `fastest on this experiment: ${chosen} ≈ ${fmt(best.predictedStepsPerSecond!)} steps/s${others.length ? ` against ${others.join(', ')}` : ''}${passedOver}`;
  }
  // Leave the engine on the chosen backend even if a timing threw after switching.
  await switchTo(chosen).catch(() => false);
  return {
    experimentId: request.experimentId,
    chosen,
    why,
    timings,
    skipped: [...skipped],
    totalMs: performance.now() - t0,
    cutShort,
    measuredAt: new Date().toISOString(),
  };
}
