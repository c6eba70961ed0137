/**
 * "A step in slow motion" (issue 16): what one real training step of the flat MLP passed through,
 * phase by phase, as plain numbers. tfjs-free, so the page imports the type and the helpers that
 * read it; the worker fills it (step-trace.ts) from the very tensors the step used.
 */

/** The phases of a step, in the order they happen. */
export const STEP_PHASES = ['forward', 'loss', 'backward', 'update'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

export interface StepTrace {
  /** The step this trace is (the run's step count after it). */
  step: number;
  /** Layer sizes, input and output included, e.g. [2, 16, 16, 2]. */
  sizes: number[];
  activation: string;
  optimizer: string;
  learningRate: number;
  /** Momentum / decay / β₁ as the optimiser read it. */
  beta: number;
  /** The minibatch: its size, its points [batch, 2] row-major and their classes. */
  batch: number;
  batchX: Float32Array;
  batchLabel: Int32Array;
  /**
   * The forward pass. For each row of units (inputs, each hidden layer, the output as p(class 1)):
   * the batch mean and the highlighted example's value (example 0 of the minibatch). Hidden values
   * are activations act(z); the output row is the class probabilities [p₀, p₁].
   */
  meanActivation: Float32Array[];
  exampleActivation: Float32Array[];
  /** The minibatch's mean cross-entropy (the loss the step descends) and the highlighted example's own. */
  loss: number;
  exampleLoss: number;
  /**
   * The backward pass, one entry per weight layer (first to last): d(mean loss)/dz of each unit of
   * that layer's output, summed over the batch of per-example terms (so it is also its bias gradient).
   */
  delta: Float32Array[];
  /** d(mean loss)/dθ, the whole flat vector in the layout's order (flat-mlp's mlpLayout). */
  gradient: Float32Array;
  /** θ before and after the update, and Δθ = after − before as computed in float32 by the step's backend. */
  before: Float32Array;
  after: Float32Array;
  change: Float32Array;
  /** False when the step's loss or new weights are not finite (the run has diverged there). */
  finite: boolean;
}

/** The largest |v| in a slice of a flat vector, and where it is (relative to `from`). */
export function largestMagnitude(v: Float32Array, from = 0, to = v.length): { value: number; index: number } {
  let best = 0;
  let index = -1;
  for (let k = from; k < to; k++) {
    const a = Math.abs(v[k]!);
    if (a > best) {
      best = a;
      index = k - from;
    }
  }
  return { value: index < 0 ? 0 : v[from + index]!, index };
}

/** The Euclidean norm of a vector (the size of the gradient or of the update). */
export function norm(v: Float32Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  return Math.sqrt(s);
}

/**
 * One beat of the animation: a phase and, in the forward and backward passes, the row of units it
 * reaches (0 = the inputs, sizes.length − 1 = the output). Forward lights the rows from the inputs
 * down; backward goes from the output back to the first hidden layer (the inputs have no delta).
 */
export interface StepBeat {
  phase: StepPhase;
  row: number;
}

export function stepBeats(sizes: readonly number[]): StepBeat[] {
  const rows = sizes.length;
  const beats: StepBeat[] = [];
  for (let r = 0; r < rows; r++) beats.push({ phase: 'forward', row: r });
  beats.push({ phase: 'loss', row: rows - 1 });
  for (let r = rows - 1; r >= 1; r--) beats.push({ phase: 'backward', row: r });
  beats.push({ phase: 'update', row: rows - 1 });
  return beats;
}
