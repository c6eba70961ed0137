/**
 * The worker host: everything the page may ask of the training side. It owns the tfjs backend, the
 * current run and the scheduler. The same object runs inside the Web Worker (exposed with comlink)
 * or, for the bench's baseline only, on the main thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyParamValues, ParamProblem } from '../params/kinds';
import { resolveValues } from '../params/kinds';
import type { BackendChoice } from '../params/url';
import { findExperiment } from '../core/registry';
import type { RunCheckpoint, SetParamsResult } from '../core/experiment';
import { loseWebgpuDevice, selectBackend, type BackendName, type BackendOptions, type BackendReport } from './backends';
import { matmulRate, type MatmulTiming } from './machine-rate';
import { kernelProfile, type KernelTotals } from './kernel-profile';
import { createHelperPool, type HelperPool } from './helper-pool';
import { setRowPool } from '../core/surface/row-pool';
import { setDrawPool } from '../core/experiments/gradient-variance-draws';
import { HELPER_EXPERIMENTS } from '../shared/helper-experiments';
import { Scheduler, type Frame } from './scheduler';
import type { ViewResult } from '../shared/frame';
import type { StepTrace } from '../core/mlp/step-trace-frame';

export interface StartResult {
  params: AnyParamValues;
  problems: ParamProblem[];
}

export interface Host {
  /** Start a backend; in `auto` with `options.calibrate`, the fastest on that experiment (calibrate.ts). */
  init(backend: BackendChoice, exclude?: BackendName[], options?: BackendOptions): Promise<BackendReport>;
  /** Test hook: make the WebGPU device go away; false on other backends. */
  loseDevice(): boolean;
  start(experimentId: string, seed: number, params: Record<string, unknown>, running: boolean): Promise<StartResult>;
  setParams(partial: Record<string, unknown>): Promise<SetParamsResult>;
  setRunning(running: boolean): void;
  setSpeed(index: number): void;
  /** The figures the page shows now (a run may skip computing the others'); kept for later runs too. */
  showFigures(names: readonly string[]): void;
  stepOnce(): Promise<void>;
  /** One step in slow motion (pausing the run): the next real step and what it passed through; null if the experiment cannot. */
  traceStep(): Promise<StepTrace | null>;
  reset(): Promise<void>;
  nextFrame(): Promise<Frame>;
  memory(): { numTensors: number; numBytes: number };
  /** The run's resumable state, when the experiment supports it (null otherwise). */
  checkpoint(): Promise<RunCheckpoint | null>;
  /** Continue the current run from a checkpoint; false when the experiment cannot. */
  restore(checkpoint: RunCheckpoint): Promise<boolean>;
  /** After divergence, back to the last finite weights; false when there is none. */
  rollback(): Promise<boolean>;
  /**
   * Rewind: show the kept checkpoint at `step` (the latest kept before it when that one was thinned
   * away, with a note), pausing the run; Train or Step from there branches. Null when none is kept.
   */
  view(step: number): Promise<ViewResult | null>;
  /** Take `count` steps now, paused (a deck's slide replayed to its step); resolves with the steps taken. */
  fastForward(count: number): Promise<number>;
  /** Bench hook: run a named probe of the current run `repeats` times; median milliseconds. */
  timeProbe(name: string, repeats: number): Promise<number>;
  /** Bench hook: GFLOP/s of `count` [m, k] × [k, n] matmuls on the active backend (machine-rate.ts). */
  matmulRate(m: number, k: number, n: number, count: number, repeats: number): Promise<MatmulTiming>;
  /** Bench hook: a named probe's time kernel by kernel (kernel-profile.ts), after one untimed call. */
  kernelProfile(name: string): Promise<KernelTotals>;
  /** What the last timed probe reported besides its time (e.g. peak bytes), if anything. */
  probeDetails(): Record<string, number> | null;
  /** Test hook: make the next step throw, to exercise the page's error path. */
  injectFault(): void;
}

export function createHost(onError: (message: string) => void, onDeviceLost: (message: string) => void = onError): Host {
  let scheduler: Scheduler | null = null;
  let current: { experimentId: string; seed: number } | null = null;
  const now = () => performance.now();
  let deviceLost = false;
  let lastProbeDetails: Record<string, number> | null = null;
  // A lost GPU device first shows up as a failed read in the step, a moment before the device's
  // \`lost\` promise settles. Wait that moment, so the page hears "device lost" (and moves to the
  // next backend) rather than a plain error (and restarts on the same dead backend).
  const report = (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    setTimeout(() => {
      if (!deviceLost) onError(message);
    }, 150);
  };

  /** The figures the page last said it shows, for the runs started after it said so. */
  let shownFigures: readonly string[] | null = null;

  const requireScheduler = () => {
    if (!scheduler) throw new Error('No experiment has been started');
    return scheduler;
  };
  /** The current run's bench probe of that name (the bench hooks' shared lookup). */
  const probeNamed = async (name: string) => {
    const probe = await requireScheduler().withRun((run) => run.probes?.[name], false);
    if (!probe) throw new Error(`No probe "${name}" in this experiment`);
    return probe;
  };

  // Helper workers of the loss surface and the estimators (bridge/threads.ts HELPER_EXPERIMENTS):
  // only on single-threaded wasm (the helpers run that very build, so their share is the floats this
  // worker would compute), started when such an experiment is and kept, idle, while this worker lives
  // (a return to it finds them ready).
  let helpers = 0;
  let helperPool: HelperPool | null = null;
  const helperPoolFor = (experimentId: string) => {
    const wanted = HELPER_EXPERIMENTS.has(experimentId) ? helpers : 0;
    if (wanted > 0 && typeof Worker !== 'undefined') helperPool ??= createHelperPool(wanted);
    const pool = wanted > 0 ? helperPool : null;
    setRowPool(pool);
    setDrawPool(pool);
  };

  return {
    async init(backend, exclude = [], options = {}) {
      const report = await selectBackend(
        backend,
        exclude,
        (message) => {
          deviceLost = true;
          scheduler?.setRunning(false);
          onDeviceLost(message);
        },
        options,
      );
      helpers = report.active === 'wasm' && report.threads === 1 ? (options.helpers ?? 0) : 0;
      return report;
    },

    loseDevice() {
      return loseWebgpuDevice();
    },

    async start(experimentId, seed, params, running) {
      const experiment = findExperiment(experimentId);
      if (!experiment) throw new Error(`Unknown experiment "${experimentId}"`);
      const { values, problems } = resolveValues(experiment.schema, params);
      const run = experiment.create(seed, values);
      current = { experimentId, seed };
      helperPoolFor(experimentId);
      if (scheduler) scheduler.replaceRun(run);
      else scheduler = new Scheduler(run, now, report);
      if (shownFigures) scheduler.showFigures(shownFigures);
      scheduler.setRunning(running);
      return { params: run.params(), problems };
    },

    async setParams(partial) {
      const s = requireScheduler();
      const result = await s.withRun((run) => run.setParams(partial));
      if (result.rebuilt) s.runChanged('rebuilt');
      return result;
    },

    setRunning(running) {
      requireScheduler().setRunning(running);
    },

    setSpeed(index) {
      requireScheduler().setSpeed(index);
    },

    showFigures(names) {
      shownFigures = names;
      scheduler?.showFigures(names);
    },

    stepOnce() {
      return requireScheduler().stepOnce();
    },

    traceStep() {
      return requireScheduler().traceStep();
    },

    async reset() {
      const s = requireScheduler();
      if (!current) return;
      const experiment = findExperiment(current.experimentId)!;
      const params = await s.withRun((run) => run.params());
      s.replaceRun(experiment.create(current.seed, params));
    },

    nextFrame() {
      return requireScheduler().nextFrame();
    },

    memory() {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },

    async checkpoint() {
      if (!scheduler) return null;
      const run = await scheduler.withRun((r) => r, false);
      return run.checkpoint ? run.checkpoint() : null;
    },

    async restore(checkpoint) {
      const s = requireScheduler();
      const restored = await s.withRun((run) => {
        if (!run.restore) return false;
        run.restore(checkpoint);
        return true;
      });
      if (restored) s.runChanged('restored');
      return restored;
    },

    async rollback() {
      const s = requireScheduler();
      const back = await s.withRun(async (run) => {
        if (!(run.rollback?.() ?? false)) return null;
        return run.checkpoint ? (await run.checkpoint()).step : 0;
      });
      if (back === null) return false;
      s.runChanged({ rolledBackTo: back });
      return true;
    },

    view(step) {
      return requireScheduler().view(step);
    },

    fastForward(count) {
      return requireScheduler().fastForward(count);
    },

    async timeProbe(name, repeats) {
      const probe = await probeNamed(name);
      const times: number[] = [];
      // One untimed call first: the JIT optimises hot loops (the noise draw, say) only after they
      // have run a while, so without it the first probe to use a code path pays for compiling it.
      await requireScheduler().withRun(() => probe(), false);
      for (let i = 0; i < repeats; i++) {
        // Timed inside the exclusive section: waiting for the current training slice to end is not
        // part of the probe (it added up to a slice of noise to every timing, most to the short ones).
        const { ms, details } = await requireScheduler().withRun(async () => {
          const t0 = now();
          const out = await probe();
          return { ms: now() - t0, details: out ?? null };
        }, false);
        lastProbeDetails = details;
        times.push(ms);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    },

    async matmulRate(m, k, n, count, repeats) {
      // Inside the exclusive section when a run exists, so a training slice is not part of the timing.
      const time = () => matmulRate(m, k, n, count, repeats);
      return scheduler ? scheduler.withRun(time, false) : time();
    },

    async kernelProfile(name) {
      const probe = await probeNamed(name);
      await requireScheduler().withRun(() => probe(), false);
      return requireScheduler().withRun(() => kernelProfile(probe), false);
    },

    probeDetails() {
      return lastProbeDetails;
    },

    injectFault() {
      void requireScheduler().withRun((run) => {
        const original = run.step.bind(run);
        run.step = async () => {
          run.step = original;
          throw new Error('Injected fault: the training step threw');
        };
      });
    },
  };
}
