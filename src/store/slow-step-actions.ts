/**
 * "A step in slow motion" (issue 16): take the run's next real step in the worker with what it passed
 * through (Host.traceStep: a step the scheduler keeps as a checkpoint, as Step), then play it back beat
 * by beat — forward, loss, backward, update — at the speed the reader sets, or one beat per "Next"
 * when they ask for reduced motion. The step itself happens at once; only its replay is slow.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { liveTrainer, setRunning } from './actions';
import { appStore } from './store';
import { stepBeats, type StepBeat, type StepTrace } from '../core/mlp/step-trace-frame';
import type { NetworkFrame } from '../core/mlp/network-frame';

/** Speeds offered, as multiples of BEAT_MS per beat. */
export const SLOW_SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
/** One beat (a layer of the forward or backward pass, the loss, the update) at 1×. */
export const BEAT_MS = 1500;

export interface SlowStepState {
  /** idle: nothing shown; taking: the worker is stepping; playing / paused; done: the last beat stays shown. */
  status: 'idle' | 'taking' | 'playing' | 'paused' | 'done';
  trace: StepTrace | null;
  beats: StepBeat[];
  beat: number;
  speed: number;
  /** The network frame on screen when the step began (its maps; the edges come from the trace). */
  net: NetworkFrame | null;
  /** Why the last try took no step, if it failed. */
  message: string | null;
}

export const slowStepStore = createStore<SlowStepState>()(() => ({
  status: 'idle',
  trace: null,
  beats: [],
  beat: 0,
  speed: 1,
  net: null,
  message: null,
}));

export function useSlowStep<T>(selector: (s: SlowStepState) => T): T {
  return useStore(slowStepStore, selector);
}

let timer: ReturnType<typeof setTimeout> | null = null;

function clearTimer(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

function schedule(): void {
  clearTimer();
  const s = slowStepStore.getState();
  if (s.status !== 'playing') return;
  timer = setTimeout(() => {
    timer = null;
    nextBeat();
    if (slowStepStore.getState().status === 'playing') schedule();
  }, BEAT_MS / s.speed);
}

/**
 * Take the next step in slow motion. `animate` false (reduced motion) starts on the first beat,
 * paused: the reader moves on with Next.
 */
export async function startSlowStep(animate: boolean): Promise<void> {
  const s = slowStepStore.getState();
  if (s.status === 'taking') return;
  clearTimer();
  const snapshot = appStore.getState().frame?.snapshot;
  const net = snapshot?.experimentId === 'baseline' ? snapshot.data.network : null;
  slowStepStore.setState({ status: 'taking', message: null, net });
  await setRunning(false);
  const trainer = liveTrainer();
  try {
    if (!trainer) throw new Error('The worker is starting; try again in a moment.');
    const trace = await trainer.traceStep();
    if (!trace) throw new Error('This experiment cannot show a step in slow motion.');
    slowStepStore.setState({ status: animate ? 'playing' : 'paused', trace, beats: stepBeats(trace.sizes), beat: 0 });
    schedule();
  } catch (e) {
    slowStepStore.setState({ status: 'idle', trace: null, message: e instanceof Error ? e.message : String(e) });
  }
}

export function nextBeat(): void {
  const s = slowStepStore.getState();
  if (!s.trace) return;
  const beat = Math.min(s.beats.length - 1, s.beat + 1);
  slowStepStore.setState({ beat, status: beat === s.beats.length - 1 ? 'done' : s.status });
}

export function previousBeat(): void {
  const s = slowStepStore.getState();
  if (!s.trace) return;
  clearTimer();
  slowStepStore.setState({ beat: Math.max(0, s.beat - 1), status: 'paused' });
}

export function pauseSlowStep(): void {
  clearTimer();
  if (slowStepStore.getState().status === 'playing') slowStepStore.setState({ status: 'paused' });
}

export function resumeSlowStep(): void {
  const s = slowStepStore.getState();
  if (s.status !== 'paused') return;
  slowStepStore.setState({ status: 'playing' });
  schedule();
}

export function skipToEnd(): void {
  clearTimer();
  const s = slowStepStore.getState();
  if (s.trace) slowStepStore.setState({ beat: s.beats.length - 1, status: 'done' });
}

/** Close the replay: the figure goes back to the live network. */
export function closeSlowStep(): void {
  clearTimer();
  slowStepStore.setState({ status: 'idle', trace: null, beats: [], beat: 0, net: null, message: null });
}

export function setSlowSpeed(speed: number): void {
  slowStepStore.setState({ speed });
  // The beat shown restarts its time at the new speed.
  schedule();
}

/**
 * A replay belongs to the run it was taken from: another experiment, a reset, or a rewind to before
 * the step closes it (training on from it does not: the replay still says which step it was).
 */
appStore.subscribe((s, prev) => {
  const trace = slowStepStore.getState().trace;
  if (!trace) return;
  if (s.experimentId !== prev.experimentId) return closeSlowStep();
  const step = s.frame?.snapshot.step;
  if (step !== undefined && s.frame !== prev.frame && step < trace.step - 1) closeSlowStep();
});
