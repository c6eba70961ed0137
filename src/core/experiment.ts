/**
 * The experiment contract. An experiment is a pure module (tfjs, no DOM) with an id, a params schema
 * and a factory. The worker, the Node tests and the CLI all drive it through this interface only.
 */
import type { SetParamsResult } from '../params/apply';
import { resolveValues, type AnyParamValues, type ParamSchema, type ParamValues } from '../params/kinds';
import type { StepTrace } from './mlp/step-trace-frame';

/** Plain data a snapshot carries: numbers, strings and typed arrays (transferred, never copied). */
export type SnapshotValue =
  | number
  | string
  | boolean
  | null
  | Float32Array
  | Int32Array
  | Uint8Array
  | SnapshotValue[]
  | { [key: string]: SnapshotValue };

/** The untyped payload, for code that handles every experiment alike (transfer, export, soak). */
export type SnapshotData = { [key: string]: SnapshotValue };

/**
 * One frame of a run. `F` is the experiment's frame type, declared in its contract module
 * (`experiments/<id>.schema.ts`), so the panel that draws it reads the same type the core writes.
 */
export interface Snapshot<F = SnapshotData> {
  experimentId: string;
  /** Optimisation steps taken since the last (re)build. */
  step: number;
  /** Set when training stopped itself (NaN or Inf), with the step it was first seen at. */
  diverged: Divergence | null;
  /** Experiment-specific payload: plain numbers, strings and typed arrays (transferred, never copied). */
  data: F;
}

export interface Divergence {
  /** The step at which a loss or the weights first became NaN or infinite. */
  step: number;
  reason: string;
  /** The last step whose weights are known to be finite, when the run can roll back to it. */
  lastGoodStep?: number;
}

/** What a run needs to carry on in a fresh worker: plain numbers and typed arrays. */
export interface RunCheckpoint {
  step: number;
  arrays: Record<string, Float32Array>;
  numbers: Record<string, number>;
}

export interface StepResult {
  /** Steps actually taken (less than asked when training diverged). */
  taken: number;
  diverged: Divergence | null;
}

/** What `setParams` answers; made by `applyPartial` (src/params/apply.ts). */
export type { SetParamsResult };

export interface Run<F = SnapshotData> {
  /**
   * Take up to `count` optimisation steps. Resolves after reading back the step losses once (never a
   * synchronous read), so divergence is caught at the step it appears.
   */
  step(count: number): Promise<StepResult>;
  setParams(partial: Record<string, unknown>): SetParamsResult;
  /** A self-contained picture of the run; typed arrays are fresh copies the caller may transfer. */
  snapshot(): Promise<Snapshot<F>>;
  /** Scalar metrics for the CLI and tests. */
  metrics(): Promise<Record<string, number>>;
  params(): AnyParamValues;
  /**
   * Named operations the bench may time in place (e.g. the batched heatmap against a per-point
   * loop). Each resolves when its result has been read back. Optional.
   */
  probes?: Record<string, () => Promise<void | Record<string, number>>>;
  /**
   * True while the run has more to show without taking a step (e.g. a sweep measured a few points
   * per snapshot): the scheduler should keep asking for snapshots even while paused. Optional.
   */
  pendingWork?(): boolean;
  /** Optional: the state a restarted worker restores (weights and counters), read asynchronously. */
  checkpoint?(): Promise<RunCheckpoint>;
  /** Optional: continue from a checkpoint taken from a run with the same seed and settings. */
  restore?(checkpoint: RunCheckpoint): void;
  /** Optional: after divergence, go back to the last finite weights (see Divergence.lastGoodStep). */
  rollback?(): boolean;
  /**
   * Optional: the figures (contract names) the page shows now. A run may skip computing what only the
   * others need (its frame then carries null there); until told, it computes everything.
   */
  showFigures?(names: readonly string[]): void;
  /**
   * Optional: take the next step exactly as step(1) would, and return what it passed through, phase
   * by phase (the slow-motion step, issue 16). Throws when it takes no step (a diverged run).
   */
  traceStep?(): Promise<StepTrace>;
  dispose(): void;
}

/**
 * An implementation: the contract's meta and schema, and the factory of runs. `F` is the frame type
 * its contract declares, so `snapshot()` is checked against what the panel reads.
 */
export interface Experiment<S extends ParamSchema = ParamSchema, F = SnapshotData> {
  id: string;
  title: string;
  /** One sentence for menus and `--help`. */
  summary: string;
  schema: S;
  create(seed: number, params: Record<string, unknown>): Run<F>;
}

/**
 * An implementation from its contract (or meta and schema) and its run's constructor. `create` overlays
 * the given params on the schema's defaults, coerced to valid values (the page and the CLI report any
 * problem before a run is made), so every run starts from full, valid values.
 */
export function implement<S extends ParamSchema, F>(
  contract: Pick<Experiment<S, F>, 'id' | 'title' | 'summary' | 'schema'>,
  makeRun: (seed: number, values: ParamValues<S>) => Run<F>,
): Experiment<S, F> {
  return { ...contract, create: (seed, params) => makeRun(seed, resolveValues(contract.schema, params).values) };
}
