/**
 * A training race: several estimators each train their own copy of the parameters from the same start
 * and the same noise seed, with the same optimiser, so the curves differ only by the estimator. Each
 * step builds tensors only; the watched values are read back once per `step(count)` call, and a racer
 * whose parameters turn NaN or ±Inf stops at the step it happened, with a reason, while the others go on.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RaceFrame } from '../experiments/gradient-variance.frame';
import { History, type HistoryFrame } from '../history';
import { createOptimizer, type FlatOptimizer } from '../optim/flat-optimizers';
import { createRng, type Rng } from '../rng';
import { EstimatorError, type EstimatorState } from './types';
import type { OptimizerState } from '../optim/flat-optimizers';

export interface RacerSpec {
  id: string;
  label: string;
  /**
   * The K-sample gradient estimate at `params` [P] (the mean of the per-sample rows). Called inside
   * tf.tidy; may throw EstimatorError to refuse (the racer then waits, e.g. RLOO until K ≥ 2).
   */
  gradient(params: tf.Tensor1D, rng: Rng): tf.Tensor1D;
  /** Extra state to show (baseline, tuned η, τ). */
  readState(): Promise<Record<string, number>>;
  /** What the estimator carries between steps, for a checkpoint (see BernoulliEstimator.saveState). */
  saveState(): Promise<EstimatorState>;
  loadState(state: EstimatorState): void;
  dispose(): void;
}

export interface RaceTrack {
  /** Two numbers to record per step, e.g. [θ₁, mean θ] or [μ, μ]. Called inside tf.tidy. */
  trace(params: tf.Tensor1D): tf.Tensor1D;
  /** The exact objective E[f] from the two recorded numbers. */
  loss(watched: number, summary: number): number;
}

export interface SavedRacer {
  params: Float32Array;
  steps: number;
  history: HistoryFrame<'watched' | 'loss'>;
  optimizer: OptimizerState;
  rng: number[];
  estimator: EstimatorState;
}

export type RacerStatus =
  | { kind: 'running' }
  | { kind: 'refused'; reason: string }
  | { kind: 'diverged'; step: number; reason: string };

export class Racer {
  readonly params: tf.Variable<tf.Rank.R1>;
  private readonly optimizer: FlatOptimizer;
  private readonly rng: Rng;
  steps = 0;
  status: RacerStatus = { kind: 'running' };
  readonly history = new History(['watched', 'loss'], 1);

  constructor(
    readonly spec: RacerSpec,
    initial: Float32Array,
    seed: number,
  ) {
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(initial), false)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer('adam', initial.length);
    // Every racer gets the same seed: the same uniforms, consumed the way its estimator needs them.
    this.rng = createRng(seed);
  }

  get active(): boolean {
    return this.status.kind !== 'diverged';
  }

  /** One optimiser step; returns the traced values, or null if the estimator refused. */
  advance(learningRate: number, track: RaceTrack): tf.Tensor1D | null {
    try {
      const traced = tf.tidy(() => {
        const g = this.spec.gradient(this.params, this.rng);
        this.optimizer.apply(this.params, g, { learningRate, beta: 0.9 });
        return track.trace(this.params);
      });
      if (this.status.kind === 'refused') this.status = { kind: 'running' };
      return traced;
    } catch (e) {
      if (!(e instanceof EstimatorError)) throw e;
      this.status = { kind: 'refused', reason: e.message };
      return null;
    }
  }

  /** Record read-back traces; stop at the first non-finite one. */
  record(values: Float32Array, count: number, track: RaceTrack): void {
    for (let i = 0; i < count; i++) {
      const watched = values[2 * i]!;
      const summary = values[2 * i + 1]!;
      if (!Number.isFinite(watched) || !Number.isFinite(summary)) {
        this.status = {
          kind: 'diverged',
          step: this.steps + 1,
          reason: `the parameters became ${String(watched)} at step ${this.steps + 1} (a NaN or ±Inf estimate); this racer stopped`,
        };
        return;
      }
      this.steps += 1;
      this.history.push(this.steps, [watched, track.loss(watched, summary)]);
    }
  }

  toSnapshot(): RaceFrame {
    const s = this.status;
    return {
      id: this.spec.id,
      label: this.spec.label,
      steps: this.steps,
      status: s.kind,
      reason: s.kind === 'running' ? null : s.reason,
      history: this.history.toSnapshot(),
    };
  }

  /**
   * Parameters, step, history, and what the next steps depend on (optimiser moments, the noise stream,
   * the estimator's own state), so a racer restored from it takes the original's steps bit for bit.
   */
  async save(): Promise<SavedRacer> {
    const [params, optimizer, estimator] = await Promise.all([this.params.data(), this.optimizer.state(), this.spec.saveState()]);
    return { params: Float32Array.from(params), steps: this.steps, history: this.history.toSnapshot(), optimizer, rng: this.rng.getState(), estimator };
  }

  /**
   * Take over saved parameters of the same size; returns false (and changes nothing) otherwise. The
   * optimiser, stream and estimator state are loaded when present (an older checkpoint lacks them).
   */
  load(saved: Pick<SavedRacer, 'params' | 'steps' | 'history'> & Partial<SavedRacer>): boolean {
    const { params, history } = saved;
    if (params.length !== this.params.shape[0] || !params.every(Number.isFinite)) return false;
    const t = tf.tensor1d(params);
    this.params.assign(t);
    t.dispose();
    this.steps = saved.steps;
    this.status = { kind: 'running' };
    this.history.load(history.steps, [history.watched, history.loss]);
    if (saved.optimizer) this.optimizer.setState(saved.optimizer);
    if (saved.rng) this.rng.setState(saved.rng);
    if (saved.estimator) this.spec.loadState(saved.estimator);
    return true;
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
    this.spec.dispose();
  }
}

/** Take `count` steps with every active racer, reading back once at the end. */
export async function raceSteps(racers: readonly Racer[], count: number, learningRate: number, track: RaceTrack): Promise<void> {
  const traces = racers.map(() => [] as tf.Tensor1D[]);
  for (let i = 0; i < count; i++) {
    racers.forEach((r, j) => {
      if (!r.active || (r.status.kind === 'refused' && i > 0)) return;
      const t = r.advance(learningRate, track);
      if (t) traces[j]!.push(t);
    });
  }
  await Promise.all(
    racers.map(async (r, j) => {
      const list = traces[j]!;
      if (list.length === 0) return;
      const stacked = tf.stack(list);
      const values = (await stacked.data()) as Float32Array;
      tf.dispose([stacked, ...list]);
      r.record(values, list.length, track);
    }),
  );
}
