/**
 * The step scheduler. It runs as many steps as fit in a time slice, then yields so messages (slider
 * moves, pause) are handled between slices. A snapshot is made only when the page has asked for one
 * and the previous one was delivered, so at most one is in flight per animation frame and the page
 * always gets the newest state rather than a queue of stale ones.
 */
import type { Run } from '../core/experiment';
import type { AnySnapshot } from '../core/contracts';
import type { Frame } from '../shared/frame';
import { SPEEDS } from '../shared/speed';
import { Rewind } from './rewind';
import type { ViewResult } from '../shared/frame';
import type { StepTrace } from '../core/mlp/step-trace-frame';

export type { Frame, FrameStats } from '../shared/frame';

/** Target wall time of one slice of training steps. */
const SLICE_MS = 12;


type Clock = () => number;

export class Scheduler {
  private running = false;
  private speedIndex = SPEEDS.length - 1;
  private stepsPerCall = 1;
  private frameWaiter: ((frame: Frame) => void) | null = null;
  private dirty = true;
  private wake: (() => void) | null = null;
  private alive = true;
  private owedSteps = 0;
  private lastTick = 0;
  private rate = { steps: 0, since: 0, value: 0 };
  private snapshotMs = 0;
  private error: ((e: unknown) => void) | null = null;
  /** Serialises every use of the run: a step, a snapshot or a param change never interleave. */
  private busy: Promise<unknown> = Promise.resolve();
  /** The run's kept checkpoints, for the scrubber (rewind and branch). */
  private readonly rewind = new Rewind();

  constructor(
    private run: Run,
    private readonly now: Clock,
    onError: (e: unknown) => void,
  ) {
    this.error = onError;
    this.lastTick = now();
    this.rate.since = now();
    void this.loop();
  }

  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => undefined);
    return next;
  }

  replaceRun(run: Run): void {
    this.run.dispose();
    this.run = run;
    this.rewind.clear();
    if (this.shown) run.showFigures?.(this.shown);
    this.stepsPerCall = 1;
    this.markDirty();
  }

  /** Use the run between slices. `changes: false` for reads and timings that leave it as it was. */
  withRun<T>(fn: (run: Run) => T, changes = true): Promise<T> {
    return this.exclusive(() => {
      const out = fn(this.run);
      if (changes) this.markDirty();
      return out;
    });
  }

  setRunning(running: boolean): void {
    // Training from a step in the past branches: the checkpoints after it are abandoned.
    if (running) this.rewind.branch();
    this.running = running;
    this.lastTick = this.now();
    this.owedSteps = 0;
    this.rate = { steps: 0, since: this.now(), value: 0 };
    this.markDirty();
  }

  setSpeed(index: number): void {
    this.speedIndex = Math.max(0, Math.min(SPEEDS.length - 1, Math.round(index)));
    this.owedSteps = 0;
  }

  /** The figures the page shows: kept, and told to every run this scheduler is given. */
  private shown: readonly string[] | null = null;

  showFigures(names: readonly string[]): void {
    this.shown = names;
    this.run.showFigures?.(names);
    this.markDirty();
  }

  /** One step while paused (or running: it simply adds one). */
  async stepOnce(): Promise<void> {
    await this.exclusive(async () => {
      this.rewind.branch();
      await this.run.step(1);
      // Every single step is kept: stepping is how a reader looks closely, and comes back to look again.
      await this.rewind.record(this.run, this.now(), true);
    });
    this.markDirty();
  }

  /**
   * Take `count` steps while paused, in slices so frames and messages get through between them (a
   * deck's slide trained to its step). Returns the steps taken: fewer when the run stopped itself.
   */
  async fastForward(count: number): Promise<number> {
    this.setRunning(false);
    let taken = 0;
    while (taken < count && this.alive) {
      const r = await this.exclusive(() => this.run.step(Math.min(count - taken, 500)));
      taken += r.taken;
      this.markDirty();
      if (r.taken === 0 || r.diverged) break;
    }
    await this.exclusive(() => this.rewind.record(this.run, this.now(), true));
    this.markDirty();
    return taken;
  }

  /**
   * One step in slow motion: the run's next real step with what it passed through (Run.traceStep),
   * kept as a checkpoint exactly as stepOnce keeps its step. Null when the run cannot trace.
   */
  async traceStep(): Promise<StepTrace | null> {
    this.setRunning(false);
    const trace = await this.exclusive(async () => {
      if (!this.run.traceStep) return null;
      this.rewind.branch();
      const t = await this.run.traceStep();
      await this.rewind.record(this.run, this.now(), true);
      return t;
    });
    this.markDirty();
    return trace;
  }

  /** Show the kept checkpoint at `step` (pausing the run); null when this run keeps none. */
  async view(step: number): Promise<ViewResult | null> {
    this.setRunning(false);
    const result = await this.exclusive(() => this.rewind.view(this.run, step, this.now()));
    this.markDirty();
    return result;
  }

  /**
   * The run was changed from outside (settings, a restored checkpoint, a rollback): a rebuilt or
   * restored run starts a new timeline; a rollback abandons the future after the step it went back to.
   */
  runChanged(how: 'rebuilt' | 'restored' | { rolledBackTo: number }): void {
    if (typeof how === 'object') this.rewind.rolledBack(how.rolledBackTo);
    else this.rewind.clear();
    this.markDirty();
  }

  /** Resolves with the next snapshot; replaces any earlier unanswered request. */
  nextFrame(): Promise<Frame> {
    return new Promise((resolve) => {
      this.frameWaiter = resolve;
      this.poke();
    });
  }

  stop(): void {
    this.alive = false;
    this.poke();
  }

  private markDirty(): void {
    this.dirty = true;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private stepsThisSlice(): number {
    const speed = SPEEDS[this.speedIndex]!;
    if (speed === Infinity) return this.stepsPerCall;
    const t = this.now();
    this.owedSteps = Math.min(this.owedSteps + ((t - this.lastTick) / 1000) * speed, Math.max(1, speed / 10));
    this.lastTick = t;
    const whole = Math.floor(this.owedSteps);
    this.owedSteps -= whole;
    return whole;
  }

  private async trainSlice(): Promise<void> {
    const count = this.stepsThisSlice();
    if (count <= 0) return;
    const t0 = this.now();
    const result = await this.exclusive(async () => {
      // The start of every run is kept, so Home always has somewhere to go.
      if (this.rewind.isEmpty) await this.rewind.record(this.run, this.now(), true);
      const r = await this.run.step(count);
      if (r.taken > 0 && !r.diverged) await this.rewind.record(this.run, this.now());
      return r;
    });
    const elapsed = this.now() - t0;
    // Adapt only on real work: a refused or stopped run takes no steps and would otherwise push the
    // call size to its maximum, making the first real call after it minutes long.
    if (SPEEDS[this.speedIndex] === Infinity && result.taken > 0) {
      // Grow or shrink the batch of steps per call so one call lasts about one slice.
      const perStep = elapsed / Math.max(1, result.taken);
      this.stepsPerCall = Math.max(1, Math.min(2000, Math.round(SLICE_MS / Math.max(perStep, 0.01))));
    }
    this.rate.steps += result.taken;
    const span = this.now() - this.rate.since;
    if (span >= 500) {
      this.rate.value = (this.rate.steps * 1000) / span;
      this.rate.steps = 0;
      this.rate.since = this.now();
    }
    if (result.taken > 0) this.dirty = true;
    if (result.diverged) {
      this.running = false;
      this.dirty = true;
    }
  }

  private async deliverFrame(): Promise<void> {
    const waiter = this.frameWaiter;
    if (!waiter || !this.dirty) return;
    this.frameWaiter = null;
    this.dirty = false;
    const t0 = this.now();
    // The registry pairs each id with an implementation of that id's contract (registry.ts is typed by
    // it), so a run's snapshot is the frame its experimentId names: the one place that is asserted.
    const snapshot = (await this.exclusive(async () => {
      // The start of every run is kept, so Home always has somewhere to go.
      if (this.rewind.isEmpty) await this.rewind.record(this.run, this.now(), true);
      return this.run.snapshot();
    })) as AnySnapshot;
    this.snapshotMs = this.now() - t0;
    waiter({
      snapshot,
      stats: { running: this.running, stepsPerSecond: this.running ? this.rate.value : 0, snapshotMs: this.snapshotMs },
      timeline: this.rewind.info(),
    });
  }

  private async loop(): Promise<void> {
    while (this.alive) {
      try {
        if (this.running) await this.trainSlice();
        await this.deliverFrame();
      } catch (e) {
        this.running = false;
        this.error?.(e);
      }
      // Work the run does between snapshots (e.g. a sweep) keeps frames coming while paused.
      if (!this.running && this.run.pendingWork?.()) this.dirty = true;
      if (this.running) {
        // Yield to the event loop so queued messages run between slices. A MessageChannel task is not
        // clamped to 4 ms the way nested setTimeout(0) is, which would cost a quarter of the slice.
        if (SPEEDS[this.speedIndex] === Infinity) await yieldToEventLoop();
        else await new Promise<void>((r) => setTimeout(r, 4));
      } else if (!(this.frameWaiter && this.dirty)) {
        await new Promise<void>((r) => (this.wake = r));
      }
    }
  }
}

const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const pending: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => pending.shift()?.();

function yieldToEventLoop(): Promise<void> {
  if (!channel) return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => {
    pending.push(r);
    channel.port2.postMessage(null);
  });
}
