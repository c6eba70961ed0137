/**
 * What the user can do, as plain functions (callable from components, keyboard handlers and tests).
 * Each updates the store first, so nothing the user set is lost if the worker is down, then tells the
 * worker.
 */
import { appStore, describeProblems, noteChange, pushNotice } from './store';
import { Trainer } from '../bridge/trainer';
import type { BackendChoice } from '../params/url';
import type { BackendName } from '../worker/backends';
import { metaOf } from '../core/catalog';
import { DEFAULT_SPEED_INDEX, speedIndexFor } from '../shared/speed';
import { TEST_BUILD } from '../app/build-mode';
import { defaultValues, describeValue, validatePartial } from '../params/kinds';
import type { Frame } from '../shared/frame';
import type { RunCheckpoint } from '../core/experiment';
import type { BackendOptions } from '../worker/backends';
import { rememberedCalibration, storeCalibration } from '../bridge/calibration-store';
import { helpersFor, threadsFor, threadsFromQuery } from '../bridge/threads';
import { WASM_MAX_THREADS } from '../shared/wasm-threads';
import { dropFuture } from '../pins/pins';

let trainer: Trainer | null = null;

/** The newest resumable state of the run, fetched every CHECKPOINT_MS while training. */
let saved: { checkpoint: RunCheckpoint; experimentId: string; seed: number; params: string } | null = null;
const CHECKPOINT_MS = 1500;
/** More failures than this within FAILURE_WINDOW_MS stop the automatic restarts. */
const MAX_AUTO_RESTARTS = 3;
const FAILURE_WINDOW_MS = 30_000;
let failures: number[] = [];

function runKey(): { experimentId: string; seed: number; params: string } {
  const s = appStore.getState();
  return { experimentId: s.experimentId, seed: s.seed, params: JSON.stringify(s.params) };
}

function onError(message: string): void {
  // `running` is the user's intent and survives the failure, so a restart resumes as it was.
  const now = performance.now();
  failures = [...failures.filter((t) => now - t < FAILURE_WINDOW_MS), now];
  if (failures.length <= MAX_AUTO_RESTARTS) {
    appStore.setState({ phase: 'failed' });
    pushNotice('warning', 'The training worker stopped and was restarted automatically.', [message]);
    void bootTrainer(true);
    return;
  }
  appStore.setState({ workerError: `${message} (it failed ${failures.length} times in a row, so it was not restarted again)`, phase: 'failed' });
}

/** Backends whose GPU device was lost: not tried again until the page reloads. */
const lostBackends = new Set<BackendName>();

function onDeviceLost(message: string): void {
  const lost = appStore.getState().backend?.active;
  if (lost) lostBackends.add(lost);
  appStore.setState({ phase: 'failed' });
  pushNotice('warning', `The ${lost ?? 'GPU'} device was lost, so training moved to the next backend.`, [message]);
  void bootTrainer(true);
}

async function saveCheckpoint(evenPaused = false): Promise<void> {
  const t = live();
  if (!t || (!evenPaused && !appStore.getState().running)) return;
  const key = runKey();
  const checkpoint = await t.checkpoint().catch(() => null);
  // Only keep it if nothing changed while it was being read.
  if (checkpoint && JSON.stringify(runKey()) === JSON.stringify(key)) saved = { checkpoint, ...key };
}

function forgetCheckpoint(): void {
  saved = null;
}

/**
 * Runs left by a change of section, by experiment: coming back restores the run where it was when its
 * seed and settings are still the same. Only the newest few are kept (a checkpoint holds every weight).
 */
const parked = new Map<string, { checkpoint: RunCheckpoint; seed: number; params: string }>();
const MAX_PARKED = 4;

/** Test hook: extra time a run's parking takes (a loaded machine), to exercise switches that overlap. */
let parkDelayMs = 0;

async function parkRun(t: Trainer): Promise<void> {
  if (parkDelayMs > 0) await new Promise((r) => setTimeout(r, parkDelayMs));
  const key = runKey();
  const checkpoint = await t.checkpoint().catch(() => null);
  parked.delete(key.experimentId);
  if (!checkpoint || checkpoint.step === 0) return;
  parked.set(key.experimentId, { checkpoint, seed: key.seed, params: key.params });
  if (parked.size > MAX_PARKED) parked.delete(parked.keys().next().value!);
}

/** Back in a section: its parked run where it was, or a notice that says why it started afresh. */
async function unparkRun(t: Trainer, experimentId: string): Promise<void> {
  const back = parked.get(experimentId);
  if (!back) return;
  parked.delete(experimentId);
  const key = runKey();
  const at = back.checkpoint.step.toLocaleString('en-US');
  const title = metaOf(experimentId)?.title ?? experimentId;
  if (back.seed !== key.seed || back.params !== key.params) {
    pushNotice('info', `${title} started afresh: ${back.seed !== key.seed ? 'the seed' : 'its settings'} changed since you left it at step ${at}.`);
  } else if (await t.restore(back.checkpoint)) {
    pushNotice('info', `${title}: back where you left it, at step ${at}.`);
  } else {
    pushNotice('info', `${title} started afresh: its state at step ${at} could not be restored.`);
  }
}

let markedFirstFrame = false;

function onFrame(frame: Frame): void {
  if (!markedFirstFrame && frame.snapshot.step > 0) {
    // The bench reads this mark: navigation to the first frame that shows training.
    markedFirstFrame = true;
    requestAnimationFrame(() => performance.mark('gb-first-trained-frame'));
  }
  // The worker stops by itself only when training diverges; otherwise `running` stays the user's.
  if (frame.snapshot.diverged && !frame.stats.running) appStore.setState({ frame, running: false });
  else appStore.setState({ frame });
}

function thread(): 'worker' | 'main' {
  return new URLSearchParams(window.location.search).get('thread') === 'main' ? 'main' : 'worker';
}

let checkpointTimer = 0;

/** `?threads=`, read once; a bad value is named in a notice (once) and the default is used. */
let threadsSetting: number | null | undefined;
function forcedThreads(): number | null {
  if (threadsSetting === undefined) {
    const { threads: n, problem } = threadsFromQuery(window.location.search);
    threadsSetting = n;
    if (problem) pushNotice('warning', 'Some values in the link could not be used', [problem]);
  }
  return threadsSetting;
}

/** The wasm thread count for the store's experiment (bridge/threads.ts: the link's, else by kind). */
function threads(experimentId = appStore.getState().experimentId): number | null {
  return threadsFor(experimentId, forcedThreads()).threads;
}

/** In `auto`, the worker calibrates on the experiment the store holds (or starts what it chose before). */
function backendOptions(): BackendOptions {
  const s = appStore.getState();
  const { threads: n, note, helpers } = threadsFor(s.experimentId, forcedThreads());
  // Whatever experiment the worker starts on: a later switch to the surface keeps this worker.
  const options: BackendOptions = { threads: n, threadsNote: note, threadsNoteHelpers: helpers, helpers: helpersFor(forcedThreads()) };
  if (s.backendChoice === 'auto') {
    options.calibrate = { experimentId: s.experimentId, seed: s.seed, params: s.params, remembered: rememberedCalibration(s.experimentId, threads()) };
  }
  return options;
}

/**
 * (Re)start the worker on the chosen backend and restore the experiment exactly as the user set it.
 * With `resume`, also continue from the last checkpoint when it belongs to this very run.
 */
export async function bootTrainer(resume = false): Promise<void> {
  trainer ??= new Trainer({ frame: onFrame, error: onError, deviceLost: onDeviceLost }, thread());
  if (!checkpointTimer) checkpointTimer = window.setInterval(() => void saveCheckpoint(), CHECKPOINT_MS);
  // A restart that can resume keeps the last frame on screen (counter and figures) until the restored
  // run's first frame replaces it; the new worker's frames before the restore would show step 0.
  const hold = resume && saved !== null;
  appStore.setState(hold ? { phase: 'booting', workerError: null } : { phase: 'booting', workerError: null, frame: null });
  try {
    const report = await trainer.boot(appStore.getState().backendChoice, [...lostBackends], hold, backendOptions());
    appStore.setState({ backend: report });
    if (report.calibration) {
      storeCalibration(report.calibration, threads());
      if (report.calibration.cutShort) pushNotice('info', `Choosing the fastest backend took too long, so auto used the usual order (${report.active}); it measures again next time.`);
    }
    if (report.requested !== 'auto' && report.requested !== report.active) {
      pushNotice('warning', `The ${report.requested} backend could not start; running on ${report.active}.`, report.skipped);
    }
    const { params, problems } = await startAsStored(trainer);
    const key = runKey();
    if (resume && saved && saved.experimentId === key.experimentId && saved.seed === key.seed && saved.params === key.params) {
      if (await trainer.restore(saved.checkpoint)) {
        pushNotice('info', `Training resumed at step ${saved.checkpoint.step.toLocaleString('en-US')} from the last checkpoint.`);
      }
    }
    trainer.showFrames();
    if (shownFigures) await trainer.showFigures(shownFigures);
    appStore.setState({ params, phase: 'ready' });
    await trainer.setSpeed(appStore.getState().speedIndex);
    if (problems.length > 0) pushNotice('warning', 'Some settings were adjusted', describeProblems(problems));
  } catch (e) {
    onError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Start the run the store describes, read when the worker is ready rather than when booting began:
 * while it boots (a second or more on a slow machine) the controls still work, but only on the store,
 * so a switch of experiment, seed, setting or play state made meanwhile must be what starts. Changes
 * made during the start itself are caught by comparing once more (a few rounds at most).
 */
async function startAsStored(t: Trainer): Promise<Awaited<ReturnType<Trainer['start']>>> {
  for (let round = 0; ; round++) {
    const s = appStore.getState();
    const key = JSON.stringify(runKey());
    const started = await t.start(s.experimentId, s.seed, s.params, s.running);
    if (round >= 3 || JSON.stringify(runKey()) === key) {
      const running = appStore.getState().running;
      if (running !== s.running) await t.setRunning(running);
      return started;
    }
  }
}

function live(): Trainer | null {
  return appStore.getState().phase === 'ready' ? trainer : null;
}

/** The trainer when the worker is ready (null while it boots or restarts), for actions kept in other files. */
export function liveTrainer(): Trainer | null {
  return live();
}

export async function setParam(key: string, value: unknown): Promise<void> {
  const s = appStore.getState();
  const experiment = metaOf(s.experimentId);
  if (!experiment) return;
  const { values, problems } = validatePartial(experiment.schema, { [key]: value });
  appStore.setState({ params: { ...s.params, ...values } });
  const spec = experiment.schema[key];
  if (spec && key in values) noteChange(`${spec.label}: ${describeValue(spec, values[key])}`);
  if (problems.length > 0) pushNotice('warning', 'A value was adjusted', describeProblems(problems));
  const t = live();
  if (!t) return;
  const result = await t.setParams(values);
  if (result.rebuilt) {
    forgetCheckpoint();
    pushNotice('info', `Network rebuilt: ${result.rebuiltBy.join(', ')} changed the shape of the weights, so training restarted from step 0.`);
  }
}

/** The figures the panel shows now (its hero; every figure while "More" is open), for the worker. */
let shownFigures: readonly string[] | null = null;

/** Tell the worker which figures are on the page, so a run can skip computing the others' data. */
export async function showFigures(names: readonly string[]): Promise<void> {
  shownFigures = names;
  await live()?.showFigures(names);
}

export async function setRunning(running: boolean): Promise<void> {
  appStore.setState({ running });
  await live()?.setRunning(running);
}

export async function togglePlay(): Promise<void> {
  await setRunning(!appStore.getState().running);
}

export async function stepOnce(): Promise<void> {
  await setRunning(false);
  await live()?.stepOnce();
}

export async function reset(): Promise<void> {
  forgetCheckpoint();
  // A new run: the future ghost of a rewound one no longer belongs to anything on screen.
  dropFuture(appStore.getState().experimentId);
  await live()?.reset();
}

/** After divergence: back to the last finite weights, paused, so the user can change a setting first. */
export async function rollback(): Promise<void> {
  const t = live();
  if (!t) return;
  if (!(await t.rollback())) pushNotice('warning', 'There is no earlier finite state to roll back to; use Reset.');
}

export async function setSpeed(index: number): Promise<void> {
  const s = appStore.getState();
  appStore.setState({ speedIndex: index, speedByExperiment: { ...s.speedByExperiment, [s.experimentId]: index } });
  await live()?.setSpeed(index);
}

/**
 * The speed an experiment starts at: the pace its contract declares (stories told in time start slow
 * enough to watch). Test and bench builds keep full speed unless the link says `pace=1`.
 */
export function pacedSpeedIndex(experimentId: string): number {
  if (TEST_BUILD && new URLSearchParams(window.location.search).get('pace') !== '1') return DEFAULT_SPEED_INDEX;
  const pace = metaOf(experimentId)?.layout.pace;
  return pace === undefined ? DEFAULT_SPEED_INDEX : speedIndexFor(pace);
}

export async function setSeed(seed: number): Promise<void> {
  forgetCheckpoint();
  appStore.setState({ seed });
  const s = appStore.getState();
  await live()?.start(s.experimentId, seed, s.params, s.running);
}

/**
 * Switch to another experiment: its own defaults (or `kept`, settings it had before), the same seed and
 * backend. With `resume` (a change of section), the run left behind is parked and a parked run of the
 * new experiment continues where it was.
 */
export async function setExperiment(experimentId: string, kept?: Record<string, unknown>, resume = false): Promise<void> {
  const meta = metaOf(experimentId);
  if (!meta || experimentId === appStore.getState().experimentId) return;
  const leaving = live();
  if (resume && leaving) await parkRun(leaving);
  const before = appStore.getState();
  // Each experiment keeps the speed chosen for it; one never seen starts at its own pace.
  const speedIndex = before.speedByExperiment[experimentId] ?? pacedSpeedIndex(experimentId);
  appStore.setState({ experimentId, params: { ...defaultValues(meta.schema), ...validatePartial(meta.schema, kept ?? {}).values }, frame: null, speedIndex });
  const s = appStore.getState();
  const t = live();
  if (!t) return;
  if (calibratedElsewhere(experimentId) || threadsDiffer(experimentId)) {
    // Another backend is (or may be) faster on this workload, or it wants another wasm thread count
    // (fixed when wasm starts): a fresh worker for it.
    const back = resume ? parked.get(experimentId) : undefined;
    if (back) {
      // The fresh worker resumes from `saved` when it is this very run.
      parked.delete(experimentId);
      saved = { checkpoint: back.checkpoint, experimentId, seed: back.seed, params: back.params };
    } else forgetCheckpoint();
    await bootTrainer(true);
    return;
  }
  const { params } = await t.start(experimentId, s.seed, s.params, s.running);
  // The same worker runs on: the badge's thread note was written for the experiment it booted on.
  const report = appStore.getState().backend;
  const why = threadsFor(experimentId, forcedThreads());
  appStore.setState({ params, ...(report ? { backend: { ...report, threadsNote: why.note, threadsNoteHelpers: why.helpers } } : {}) });
  if (resume) await unparkRun(t, experimentId);
  await t.setSpeed(speedIndex);
}

/** Whether the running wasm backend has another thread count than this experiment should run on. */
function threadsDiffer(experimentId: string): boolean {
  const report = appStore.getState().backend;
  if (report?.active !== 'wasm' || !report.isolated) return false;
  const want = threads(experimentId);
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  // Against what was asked, not what the pool reports: a pool whose threads could not start reports
  // 1, and asking again would only restart the worker to the same result.
  return Math.min(want ?? cores, cores, WASM_MAX_THREADS) !== (report.threadsAsked ?? report.threads);
}

/**
 * In `auto`, whether a switch to this experiment should move backend: device storage says another
 * backend won on it, or it was never timed here while more than one backend could be chosen from.
 * (With one candidate, as on a machine without a GPU, the backend never moves.)
 */
function calibratedElsewhere(experimentId: string): boolean {
  const s = appStore.getState();
  const report = s.backend;
  if (s.backendChoice !== 'auto' || !report?.calibration) return false;
  const remembered = rememberedCalibration(experimentId, threads(experimentId));
  if (remembered) return remembered.chosen !== report.active && !lostBackends.has(remembered.chosen);
  return report.calibration.timings.length > 1;
}

export async function setBackend(choice: BackendChoice): Promise<void> {
  // tfjs tensors belong to one backend, so a switch is a fresh worker; params and seed carry over, and
  // the run continues from where it is (its checkpoint, taken now, restored on the new backend).
  await saveCheckpoint(true);
  const at = appStore.getState().frame?.snapshot.step ?? 0;
  const carried = saved !== null;
  appStore.setState({ backendChoice: choice });
  await bootTrainer(true);
  if (!carried && at > 0) pushNotice('info', `The run restarted from step 0 on the new backend: its state at step ${at.toLocaleString('en-US')} could not be read to carry it over.`);
}

/** The manual restart, after automatic restarts gave up. */
export async function restartWorker(): Promise<void> {
  failures = [];
  await bootTrainer(true);
}

/** Test and bench hooks: reach the trainer without going through React. */
export const debugHooks = {
  memory: () => live()?.memory(),
  injectFault: () => live()?.injectFault(),
  loseDevice: () => live()?.loseDevice(),
  timeProbe: (name: string, repeats: number) => live()?.timeProbe(name, repeats),
  probeDetails: () => live()?.probeDetails(),
  /** The bench's machine rate: GFLOP/s of `count` [m, k] × [k, n] matmuls on the active backend. */
  matmulRate: (m: number, k: number, n: number, count: number, repeats: number) => live()?.matmulRate(m, k, n, count, repeats),
  /** The bench's per-kernel split of a probe (worker/kernel-profile.ts). */
  kernelProfile: (name: string) => live()?.kernelProfile(name),
  killWorker: () => trainer?.terminate(),
  /** The bench's soak switches experiments the way the picker does. */
  setExperiment: (id: string, kept?: Record<string, unknown>) => setExperiment(id, kept),
  /** Make leaving a section slow (parking its run takes `ms` more), as on a loaded machine. */
  slowParking: (ms: number) => {
    parkDelayMs = ms;
  },
  /** Which experiment the latest drawn frame came from (the worker may still be switching). */
  frameExperiment: () => appStore.getState().frame?.snapshot.experimentId ?? null,
};
