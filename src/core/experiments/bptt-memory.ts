/**
 * Memory for backprop through time (REFERENCES §3): a tanh RNN learns a delayed copy through T steps
 * while a checkpointing schedule decides which hidden states are stored. Strategy, k, s and the budget
 * change live: the weights stay and the next step runs the new schedule. What the panel compares,
 * peak stored states and forward steps, is counted while the schedule runs, beside the formulas.
 */
import * as tf from '@tensorflow/tfjs-core';
import { implement, type Experiment, type Run, type SetParamsResult, type Snapshot, type StepResult, type RunCheckpoint } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { History } from '../history';
import { firstNonFinite } from '../divergence';
import { createOptimizer, type FlatOptimizer } from '../optim/flat-optimizers';
import { copyBatch, initRnn, rnnLayout, type RnnLayout } from '../replay/rnn';
import { bpttGradient } from '../replay/rnn-bptt';
import { executeSchedule, type Execution } from '../replay/execute';
import { planSchedule, STRATEGIES, STRATEGY_LABELS, type Plan, type Strategy } from '../replay/strategies';
import { formulaReport } from '../replay/cost-report';
import { timelineArrays } from '../replay/timeline';
import { bpttMemoryMeta, bpttMemorySchema, type BpttMeasured, type BpttMemoryFrame, type BpttMemorySchema } from './bptt-memory.schema';
import { optimizerEntries, restoreOptimizer, restoreRngs, restoreWeights, rngEntries } from '../weights-checkpoint';

type Params = ParamValues<BpttMemorySchema>;

/** Sequences per training step. */
export const BATCH = 8;
/**
 * Most forward evaluations (advances + T taped) one training step may run. At about 60 µs a step on
 * tfjs' CPU backend this is a few seconds; beyond it the schedule is still planned and drawn, but
 * training is refused (s = 1 at T = 4096 would be 8.4 million steps).
 */
export const MAX_TRAIN_WORK = 100_000;
/** The bench's BPTT workload: one gradient at this T per strategy (every-k with k = 32, revolve with s = 8). */
const PROBE_T = 1024;
const PROBE_K = 32;
const PROBE_S = 8;

function execMeasures(e: Execution, source: BpttMeasured['source']): BpttMeasured {
  return {
    peakStates: e.peakStates,
    forwardSteps: e.forwardSteps,
    backwardSteps: e.backwardSteps,
    forwardEvaluations: e.forwardEvaluations,
    source,
  };
}

class BpttMemoryRun implements Run<BpttMemoryFrame> {
  private layout!: RnnLayout;
  private theta!: tf.Variable<tf.Rank.R1>;
  private optimizer!: FlatOptimizer;
  private batchRng!: Rng;
  private steps = 0;
  private diverged: StepResult['diverged'] = null;
  private readonly lossHistory = new History(['loss'], 1);
  private lastLoss: number | null = null;
  private plan!: Plan;
  /** The current plan walked without the RNN: what the timeline draws before any step. */
  private dry: Execution | null = null;
  /** Counts from the last training step, while the plan is unchanged. */
  private trained: Execution | null = null;
  private trainingRefused: string | null = null;
  private gradNormSq: tf.Tensor1D | null = null;

  constructor(private readonly seed: number, private values: Params) {
    this.build();
    this.replan();
  }

  /** Weights, optimiser and streams from the seed: a rebuilt run equals a fresh one. */
  private build(): void {
    this.theta?.dispose();
    this.optimizer?.dispose();
    this.layout = rnnLayout(this.values.hidden);
    const init = initRnn(this.layout, createRng(deriveSeed(this.seed, 'init')));
    this.theta = tf.tidy(() => tf.variable(tf.tensor1d(init), true)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer('adam', this.layout.size);
    this.batchRng = createRng(deriveSeed(this.seed, 'batches'));
    this.steps = 0;
    this.diverged = null;
    this.lastLoss = null;
    this.lossHistory.clear();
    this.dropGradNorms();
  }

  private dropGradNorms(): void {
    this.gradNormSq?.dispose();
    this.gradNormSq = null;
  }

  private replan(): void {
    const v = this.values;
    this.plan = planSchedule({ T: v.T, strategy: v.strategy as Strategy, k: v.k, s: v.s, budget: v.budget });
    this.dry = this.plan.ok ? executeSchedule(this.plan.schedule) : null;
    this.trained = null;
    const work = this.dry ? this.dry.forwardEvaluations : 0;
    this.trainingRefused =
      this.dry && work > MAX_TRAIN_WORK
        ? `This schedule runs ${work.toLocaleString('en')} forward steps per training step, more than the ` +
          `${MAX_TRAIN_WORK.toLocaleString('en')} this demo trains with; raise s or the budget, or shorten T. ` +
          'The schedule is still drawn.'
        : null;
  }

  params() {
    return { ...this.values };
  }

  /**
   * Bench: one BPTT gradient at T = PROBE_T under each strategy, on the run's current weights. Each
   * reports the peak bytes tfjs held while it ran (tf.profile), the stored states and forward steps
   * the schedule executed, and the formulas' √T bound.
   */
  readonly probes = Object.fromEntries(
    STRATEGIES.map((strategy) => [`bptt:${strategy}`, () => this.probeStrategy(strategy)]),
  ) as Record<string, () => Promise<Record<string, number>>>;

  private async probeStrategy(strategy: Strategy): Promise<Record<string, number>> {
    const plan = planSchedule({ T: PROBE_T, strategy, k: PROBE_K, s: PROBE_S });
    if (!plan.ok) throw new Error(plan.reason);
    const batch = copyBatch(createRng(deriveSeed(this.seed, 'probe')), PROBE_T, BATCH, this.values.delay);
    let execution: Execution | null = null;
    const info = await tf.profile(async () => {
      const r = bpttGradient(this.theta, this.layout, batch, plan.schedule);
      await r.gradient.data();
      execution = r.execution;
      tf.dispose([r.gradient, r.loss, r.gradNormSq]);
    });
    const e = execution as unknown as Execution;
    return { T: PROBE_T, peakBytes: info.peakBytes, peakStates: e.peakStates, forwardSteps: e.forwardSteps, sqrtBound: 2 * Math.sqrt(PROBE_T) + 2 };
  }

  async step(count: number): Promise<StepResult> {
    // A refused plan takes no steps; the snapshot says why.
    if (count <= 0 || this.diverged || !this.plan.ok || this.trainingRefused) return { taken: 0, diverged: this.diverged };
    const schedule = this.plan.schedule;
    const losses: tf.Scalar[] = [];
    const start = this.steps;
    for (let i = 0; i < count; i++) {
      const batch = copyBatch(this.batchRng, this.values.T, BATCH, this.values.delay);
      const r = bpttGradient(this.theta, this.layout, batch, schedule);
      tf.tidy(() => this.optimizer.apply(this.theta, r.gradient, { learningRate: this.values.learningRate, beta: 0.9 }));
      r.gradient.dispose();
      this.dropGradNorms();
      this.gradNormSq = r.gradNormSq;
      this.trained = r.execution;
      losses.push(r.loss);
      this.steps++;
    }
    // One read per slice: the losses and the weights' finiteness come back together.
    const packed = tf.tidy(() => tf.concat([tf.stack(losses), tf.reshape(tf.sum(this.theta), [1])]));
    const read = await packed.data();
    tf.dispose([packed, ...losses]);
    const bad = firstNonFinite(read.subarray(0, count));
    const taken = bad >= 0 ? bad + 1 : count;
    for (let i = 0; i < taken; i++) this.lossHistory.push(start + i + 1, [read[i]!]);
    this.lastLoss = read[taken - 1]!;
    if (bad >= 0 || !Number.isFinite(read[count]!)) {
      const at = bad >= 0 ? start + bad + 1 : this.steps;
      this.steps = at;
      this.diverged = {
        step: at,
        reason: `The loss became non-finite at step ${at} (learning rate ${this.values.learningRate}). Lower the learning rate and reset.`,
      };
    }
    return { taken, diverged: this.diverged };
  }

  /** The RNN's weights, the step and the loss curve (the optimiser's moments start afresh on restore). */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.lossHistory.toSnapshot();
    const optimizer = await optimizerEntries(this.optimizer);
    return {
      step: this.steps,
      // A copy: it is transferred to the page, which must never detach a backend-owned buffer.
      arrays: { theta: Float32Array.from(await this.theta.data()), lossSteps: h.steps, loss: h.loss, ...optimizer.arrays },
      numbers: { parameterCount: this.layout.size, ...optimizer.numbers, ...rngEntries({ batches: this.batchRng }) },
    };
  }

  /** Resume a checkpoint of a net of this size; any other is ignored (the run starts from its seed). */
  restore(c: RunCheckpoint): void {
    if (!restoreWeights(this.theta, c, this.layout.size)) return;
    restoreOptimizer(this.optimizer, c);
    restoreRngs({ batches: this.batchRng }, c);
    this.steps = c.step;
    this.lossHistory.load(c.arrays.lossSteps ?? [], [c.arrays.loss ?? []]);
    const losses = c.arrays.loss;
    this.lastLoss = losses && losses.length > 0 ? losses[losses.length - 1]! : null;
    this.dropGradNorms();
    this.trained = null;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(bpttMemorySchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) this.build();
    if (changed.includes('T')) this.dropGradNorms();
    // Planning is cheap (milliseconds even at T = 4096), so any change simply re-plans.
    if (changed.length > 0) this.replan();
    return result;
  }

  private measured(): BpttMeasured | null {
    if (this.trained) return execMeasures(this.trained, 'rnn');
    return this.dry ? execMeasures(this.dry, 'dry-run') : null;
  }

  async snapshot(): Promise<Snapshot<BpttMemoryFrame>> {
    const v = this.values;
    const norms = this.gradNormSq ? Float32Array.from(await this.gradNormSq.data(), Math.sqrt) : new Float32Array(0);
    const plan = this.plan;
    return {
      experimentId: bpttMemoryMeta.id,
      step: this.steps,
      diverged: this.diverged,
      data: {
        T: v.T,
        strategy: v.strategy as Strategy,
        strategyLabel: STRATEGY_LABELS[v.strategy as Strategy],
        k: plan.ok ? plan.k : null,
        s: plan.ok ? plan.s : null,
        budget: v.budget,
        batch: BATCH,
        delay: Math.min(v.delay, v.T - 1),
        refused: plan.ok ? null : plan.reason,
        trainingRefused: this.trainingRefused,
        schedule: plan.ok && this.dry ? timelineArrays(plan.schedule, this.dry) : null,
        measured: this.measured(),
        formula: plan.ok ? formulaReport({ T: v.T, strategy: v.strategy as Strategy, ...plan }) : null,
        gradNorm: norms,
        loss: this.lastLoss,
        lossHistory: this.lossHistory.toSnapshot(),
        parameterCount: this.layout.size,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const m = this.measured();
    const f = this.plan.ok ? this.plan.expected : null;
    const norms = this.gradNormSq ? await this.gradNormSq.data() : null;
    return {
      step: this.steps,
      loss: this.lastLoss ?? NaN,
      T: this.values.T,
      peakStates: m ? m.peakStates : NaN,
      forwardSteps: m ? m.forwardSteps : NaN,
      formulaPeakStates: f ? f.states : NaN,
      formulaForwardSteps: f ? f.forward : NaN,
      gradNormFirst: norms ? Math.sqrt(norms[0]!) : NaN,
      gradNormLast: norms ? Math.sqrt(norms[norms.length - 1]!) : NaN,
    };
  }

  dispose(): void {
    this.theta.dispose();
    this.optimizer.dispose();
    this.dropGradNorms();
  }
}

export const bpttMemoryExperiment: Experiment<BpttMemorySchema, BpttMemoryFrame> = implement(
  { ...bpttMemoryMeta, schema: bpttMemorySchema },
  (seed, values) => new BpttMemoryRun(seed, values),
);
