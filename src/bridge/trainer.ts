/**
 * The main-thread client of the training worker: boots it on a backend, forwards commands, pulls at
 * most one snapshot per animation frame, and can terminate and restart the worker without a reload.
 * With `thread: 'main'` the same host runs on the main thread instead (only the bench uses that, as
 * the baseline that shows what the worker saves).
 */
import * as Comlink from 'comlink';
import type { Host, StartResult } from '../worker/host';
import type { Frame, ViewResult } from '../shared/frame';
import type { BackendName, BackendOptions, BackendReport } from '../worker/backends';
import type { BackendChoice } from '../params/url';
import type { RunCheckpoint, SetParamsResult } from '../core/experiment';
import type { StepTrace } from '../core/mlp/step-trace-frame';

export interface TrainerEvents {
  frame(frame: Frame): void;
  error(message: string): void;
  /** The GPU device of the active backend was lost; the worker is alive but cannot compute. */
  deviceLost(message: string): void;
}

type AsyncHost = { [K in keyof Host]: (...args: Parameters<Host[K]>) => Promise<Awaited<ReturnType<Host[K]>>> };

export class Trainer {
  private worker: Worker | null = null;
  private host: AsyncHost | null = null;
  private rafId = 0;
  /** Whether this worker's frames are being pulled (false between a held boot and `showFrames`). */
  private pulling = false;
  private generation = 0;

  constructor(
    private readonly events: TrainerEvents,
    private readonly thread: 'worker' | 'main' = 'worker',
  ) {}

  /**
   * Start a fresh worker (terminating any old one) and bring up a backend. With `holdFrames`, no frame
   * is asked for until `showFrames()`: a replacement worker resuming from a checkpoint would otherwise
   * deliver its fresh run's step 0, 1, … before the restore lands, and the page would flash a reset.
   */
  async boot(backend: BackendChoice, exclude: BackendName[] = [], holdFrames = false, options: BackendOptions = {}): Promise<BackendReport> {
    this.shutdown();
    const generation = ++this.generation;
    const fail = (message: string) => {
      if (generation === this.generation) this.events.error(message);
    };
    if (this.thread === 'main') {
      const { createHost } = await import('../worker/host');
      this.host = wrapLocal(createHost(fail, (m) => generation === this.generation && this.events.deviceLost(m)));
    } else {
      const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        fail(`The training worker crashed: ${e.message || 'unknown error'}`);
      });
      worker.addEventListener('messageerror', () => fail('The training worker sent a message that could not be read'));
      worker.addEventListener('message', (e: MessageEvent) => {
        const data = e.data as { type?: string; message?: string } | null;
        if (data?.type === 'gb-worker-error') fail(`Training stopped with an error: ${data.message ?? ''}`);
        if (data?.type === 'gb-device-lost' && generation === this.generation) this.events.deviceLost(data.message ?? '');
      });
      this.worker = worker;
      this.host = Comlink.wrap<Host>(worker) as unknown as AsyncHost;
    }
    const report = await this.host.init(backend, exclude, options);
    if (!holdFrames) this.startFrames(generation);
    return report;
  }

  /**
   * Begin pulling frames after a `holdFrames` boot. Called once the restore has replied: the worker
   * handles messages in order, so the first frame asked for after that reply is of the restored run.
   */
  showFrames(): void {
    if (this.host && !this.pulling) this.startFrames(this.generation);
  }

  private api(): AsyncHost {
    if (!this.host) throw new Error('The trainer has not been booted');
    return this.host;
  }

  start(experimentId: string, seed: number, params: Record<string, unknown>, running: boolean): Promise<StartResult> {
    return this.api().start(experimentId, seed, params, running);
  }

  setParams(partial: Record<string, unknown>): Promise<SetParamsResult> {
    return this.api().setParams(partial);
  }

  setRunning(running: boolean): Promise<void> {
    return this.api().setRunning(running);
  }

  setSpeed(index: number): Promise<void> {
    return this.api().setSpeed(index);
  }

  stepOnce(): Promise<void> {
    return this.api().stepOnce();
  }

  /** The next step in slow motion (see Host.traceStep). */
  traceStep(): Promise<StepTrace | null> {
    return this.api().traceStep();
  }

  showFigures(names: readonly string[]): Promise<void> {
    return this.api().showFigures([...names]);
  }

  reset(): Promise<void> {
    return this.api().reset();
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.api().memory();
  }

  probeDetails(): Promise<Record<string, number> | null> {
    return this.api().probeDetails();
  }

  checkpoint(): Promise<RunCheckpoint | null> {
    return this.api().checkpoint();
  }

  restore(checkpoint: RunCheckpoint): Promise<boolean> {
    return this.api().restore(checkpoint);
  }

  rollback(): Promise<boolean> {
    return this.api().rollback();
  }

  fastForward(count: number): Promise<number> {
    return this.api().fastForward(count);
  }

  /** Rewind: show the kept checkpoint at `step` (see Host.view). */
  view(step: number): Promise<ViewResult | null> {
    return this.api().view(step);
  }

  timeProbe(name: string, repeats: number): Promise<number> {
    return this.api().timeProbe(name, repeats);
  }

  matmulRate(m: number, k: number, n: number, count: number, repeats: number): Promise<{ gflops: number; medianMs: number }> {
    return this.api().matmulRate(m, k, n, count, repeats);
  }

  kernelProfile(name: string): Promise<{ kernels: Record<string, { ms: number; calls: number }>; totalMs: number; wallMs: number }> {
    return this.api().kernelProfile(name);
  }

  loseDevice(): Promise<boolean> {
    return this.api().loseDevice();
  }

  injectFault(): Promise<void> {
    return this.api().injectFault();
  }

  /** Kill the worker outright (the "dead worker" case); the page notices and offers a restart. */
  terminate(): void {
    const wasAlive = this.worker !== null;
    this.shutdown();
    if (wasAlive) this.events.error('The training worker was stopped.');
  }

  /**
   * Ask the worker for a frame, draw it, and ask again at the next animation frame: at most one
   * frame a display refresh, and none asked for while one is awaited. Why not an animation-frame
   * loop that skips while a frame is awaited: a paused run answers only when something changes, and
   * such a loop cost two paused pages 11% of a core on a 2-core machine, taken from the workers.
   */
  private startFrames(generation: number): void {
    this.pulling = true;
    const tick = () => {
      if (generation !== this.generation || !this.host) return;
      this.host.nextFrame().then(
        (frame) => {
          if (generation !== this.generation) return;
          this.events.frame(frame);
          this.rafId = requestAnimationFrame(tick);
        },
        (e: unknown) => {
          if (generation !== this.generation) return;
          this.events.error(e instanceof Error ? e.message : String(e));
          this.rafId = requestAnimationFrame(tick);
        },
      );
    };
    this.rafId = requestAnimationFrame(tick);
  }

  private shutdown(): void {
    cancelAnimationFrame(this.rafId);
    this.pulling = false;
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
    this.host = null;
  }
}

function wrapLocal(host: Host): AsyncHost {
  const out: Record<string, unknown> = {};
  for (const [k, fn] of Object.entries(host)) {
    out[k] = async (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args);
  }
  return out as AsyncHost;
}
