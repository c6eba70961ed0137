/**
 * Runs a schedule against a machine and counts what actually happened: peak checkpoints, advances,
 * backward steps. The counts come from the operations dispatched, never from a strategy's formula,
 * and every precondition is checked, so a wrong schedule fails loudly instead of giving wrong numbers.
 * The same walk drives the RNN (rnn-bptt.ts) and a dry run (no machine) for the timeline.
 */
import { OP, type Schedule } from './schedule';

export interface StepMachine {
  /** Compute h_{from+1} ... h_to from the register. */
  advance(from: number, to: number): void;
  store(t: number): void;
  restore(t: number): void;
  free(t: number): void;
  backward(t: number): void;
}

export interface Execution {
  T: number;
  /** Most checkpoints held at once. */
  peakStates: number;
  /** Advances (Griewank's NUMFORW). */
  forwardSteps: number;
  /** Backward steps, each with its one taped re-run of the step: always T. */
  backwardSteps: number;
  /** All forward evaluations, taped ones included (Gruslys' C). */
  forwardEvaluations: number;
  /** Per operation: cost spent before it (an advance costs its length, a backward step 1). */
  clock: Int32Array;
  /** Per operation: checkpoints held after it. */
  live: Int32Array;
  /** Per state h_0 ... h_T: how many times an advance computed it (recomputation made visible). */
  computed: Int32Array;
}

export class ScheduleError extends Error {}

export function executeSchedule(schedule: Schedule, machine?: StepMachine): Execution {
  const { T, length, kind, from, to } = schedule;
  const stored = new Uint8Array(T + 1);
  const clock = new Int32Array(length);
  const live = new Int32Array(length);
  // Difference array: an advance run a -> b adds one to computed[a+1 .. b] in O(1).
  const diff = new Int32Array(T + 2);
  let register = 0;
  let nextBackward = T;
  let held = 0;
  let peak = 0;
  let forward = 0;
  let backward = 0;
  const fail = (i: number, why: string): never => {
    throw new ScheduleError(`schedule op ${i} (${kind[i]} ${from[i]}->${to[i]}): ${why}`);
  };
  for (let i = 0; i < length; i++) {
    const a = from[i]!;
    const b = to[i]!;
    clock[i] = forward + backward;
    switch (kind[i]) {
      case OP.advance:
        if (a !== register) fail(i, `register holds h_${register}, not h_${a}`);
        if (b <= a || b > T) fail(i, 'advance must move forward within the sequence');
        machine?.advance(a, b);
        diff[a + 1]! += 1;
        diff[b + 1]! -= 1;
        forward += b - a;
        register = b;
        break;
      case OP.store:
        if (a !== register) fail(i, `register holds h_${register}`);
        if (stored[a]) fail(i, 'already stored');
        machine?.store(a);
        stored[a] = 1;
        peak = Math.max(peak, ++held);
        break;
      case OP.restore:
        if (!stored[a]) fail(i, 'restoring a state that is not stored');
        machine?.restore(a);
        register = a;
        break;
      case OP.free:
        if (!stored[a]) fail(i, 'freeing a state that is not stored');
        machine?.free(a);
        stored[a] = 0;
        held--;
        break;
      case OP.backward:
        if (a !== nextBackward) fail(i, `backward steps must run T ... 1; expected ${nextBackward}`);
        if (register !== a - 1) fail(i, `backward ${a} needs h_${a - 1} in the register, it holds h_${register}`);
        machine?.backward(a);
        nextBackward--;
        backward++;
        break;
      default:
        fail(i, 'unknown operation');
    }
    live[i] = held;
  }
  if (nextBackward !== 0) throw new ScheduleError(`schedule stopped before reversing step ${nextBackward}`);
  if (held !== 0) throw new ScheduleError(`schedule left ${held} checkpoints stored`);
  const computed = new Int32Array(T + 1);
  let run = 0;
  for (let t = 0; t <= T; t++) computed[t] = run += diff[t]!;
  return {
    T,
    peakStates: peak,
    forwardSteps: forward,
    backwardSteps: backward,
    forwardEvaluations: forward + backward,
    clock,
    live,
    computed,
  };
}
