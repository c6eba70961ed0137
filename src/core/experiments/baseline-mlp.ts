/**
 * The smooth-backprop baseline: a small MLP learns a 2-D classification task while the panel shows
 * its loss curves, decision boundary and how noisy its minibatch gradients are (seed §2).
 */
import * as tf from '@tensorflow/tfjs-core';
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import {
  initParams,
  mlpLayout,
  type Activation,
  type MlpLayout,
} from '../mlp/flat-mlp';
import { createOptimizer, type FlatOptimizer, type OptimizerKind } from '../optim/flat-optimizers';
import { baselineContract, baselineSchema, type BaselineFrameData, type BaselineSchema } from './baseline-mlp.schema';
import { History } from '../history';
import { measureGradientNoise } from '../mlp/gradient-noise';
import { rasterBatched, rasterPerPoint } from '../mlp/raster-probes';
import { computeNetworkFrame, mapGridTensor, mapPass, networkPass } from '../mlp/unit-maps';
import { gridPoints } from '../mlp/network-frame';

export { gradientSpread } from '../mlp/gradient-spread';
import { divergenceReason, trainSlice, type SliceRequest, type SliceResult } from '../mlp/train-slice';
import { traceSlice } from '../mlp/step-trace';
import type { StepTrace } from '../mlp/step-trace-frame';
import { disposeDataTensors, displayPoints, evaluateTrainTest, makeDataTensors, sampleBatch, type DataTensors } from '../mlp/classification-data';
import { DRAWN } from '../data/drawn';
import { optimizerEntries, restoreOptimizer, restoreRngs, restoreWeights, rngEntries } from '../weights-checkpoint';
import { RollbackPoints, type RollbackPoint } from '../mlp/rollback-points';

type Params = ParamValues<BaselineSchema>;
/** The gradient-noise measurements of a frame (null there when no noise figure is shown). */
type NoiseMeasures = NonNullable<BaselineFrameData['noise']>;

/** The decision-boundary raster: GRID × GRID points over [-EXTENT, EXTENT]². */
export const GRID = 100;
export const EXTENT = 2;
export { FAN_SIZE, ESTIMATE_BATCHES } from '../mlp/gradient-noise';
/** At full speed the noise measurements are refreshed every this many snapshots. */
const NOISE_EVERY = 4;
/** Full train and test losses are recorded every this many steps (then thinned as history grows). */
const RECORD_EVERY = 5;


/** The decision raster's points (cell centres, row 0 at the top: largest y). */
function gridInputs(): tf.Tensor2D {
  return tf.tensor2d(gridPoints(GRID, EXTENT), [GRID * GRID, 2]);
}

class BaselineRun implements Run<BaselineFrameData> {
  private layout!: MlpLayout;
  private theta!: tf.Variable<tf.Rank.R1>;
  private optimizer!: FlatOptimizer;
  private data: DataTensors;
  private readonly grid = gridInputs();
  /** The unit maps' 64 × 64 grid. */
  private readonly mapGrid = mapGridTensor(EXTENT);
  /** The decision raster's rows, then the unit maps' grid: one forward pass draws both (snapshot). */
  private readonly bothGrids = tf.concat([this.grid, this.mapGrid]) as tf.Tensor2D;
  private batchRng!: Rng;
  private fanRng!: Rng;
  private steps = 0;
  private diverged: StepResult['diverged'] = null;
  private lastGood: RollbackPoint | null = null;
  private readonly rollbackPoints = new RollbackPoints();
  private readonly history = new History(['train', 'test', 'trainAccuracy', 'testAccuracy'], RECORD_EVERY);
  private readonly stepLoss = new History(['minibatch'], 1);
  private noiseCache: { at: number; version: number; noise: NoiseMeasures } | null = null;
  private snapshotsSinceNoise = 0;
  /** The step of the last snapshot that asked for the noise figure. */
  private lastNoiseAsk = -1;
  /** Bumped by every settings change, so cached measurements are never shown for old settings. */
  private paramsVersion = 0;

  constructor(private readonly seed: number, private values: Params) {
    this.data = makeDataTensors(values, seed);
    this.build();
  }

  /** (Re)initialise weights, optimiser and streams from the seed: a rebuilt run equals a fresh one. */
  private build(): void {
    this.theta?.dispose();
    this.optimizer?.dispose();
    this.layout = mlpLayout([2, ...this.values.hidden, 2]);
    const init = initParams(this.layout, this.values.activation as Activation, createRng(deriveSeed(this.seed, 'init')));
    // Unnamed (a fixed name made a second live run with the same seed throw "already registered"),
    // and made inside tidy so the initial tensor does not outlive the variable.
    this.theta = tf.tidy(() => tf.variable(tf.tensor1d(init), true)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer(this.values.optimizer as OptimizerKind, this.layout.size);
    this.batchRng = createRng(deriveSeed(this.seed, 'batches'));
    this.fanRng = createRng(deriveSeed(this.seed, 'fan'));
    this.steps = 0;
    this.diverged = null;
    this.lastGood?.theta.dispose();
    this.lastGood = null;
    this.rollbackPoints.clear();
    this.noiseCache = null;
    this.history.clear();
    this.stepLoss.clear();
  }

  params() {
    return { ...this.values };
  }

  private batch(): { x: tf.Tensor2D; y: tf.Tensor2D; owned: boolean } {
    return sampleBatch(this.data, this.values.batch, this.batchRng);
  }


  step(count: number): Promise<StepResult> {
    return this.takeSlice(() => trainSlice(this.sliceRequest(count)));
  }

  /** The next step, taken as step(1) would, with what it passed through (slow motion, issue 16). */
  async traceStep(): Promise<StepTrace> {
    let trace: StepTrace | null = null;
    await this.takeSlice(async () => {
      const traced = await traceSlice(this.sliceRequest(1), this.values.optimizer);
      trace = traced.trace;
      return traced.slice;
    });
    if (!trace) throw new Error(this.diverged ? 'The run has diverged: roll back or reset before stepping.' : 'No step was taken.');
    return trace;
  }

  private async takeSlice(slice: () => Promise<SliceResult>): Promise<StepResult> {
    if (this.diverged) return { taken: 0, diverged: this.diverged };
    // An empty or one-class drawn set: no step, and the snapshot's `refused` says why.
    if (this.data.refused) return { taken: 0, diverged: null };
    // The weights before this slice: a candidate rollback point (rollback-points.ts).
    this.rollbackPoints.begin(this.theta, this.steps);
    const start = this.steps;
    const result = await slice();
    this.steps = start + result.taken;
    for (let i = 0; i < result.taken; i++) this.stepLoss.push(start + i + 1, [result.losses[i]!]);
    if (result.firstBad >= 0 || !result.weightsFinite) {
      this.lastGood?.theta.dispose();
      this.lastGood = this.rollbackPoints.take();
      this.diverged = {
        ...(this.lastGood ? { lastGoodStep: this.lastGood.step } : {}),
        step: this.steps,
        reason: divergenceReason(result, this.steps, this.values.learningRate, this.values.optimizer, 'Lower the learning rate, then roll back or reset.'),
      };
    } else this.rollbackPoints.settle(result.losses.subarray(0, result.taken));
    return { taken: result.taken, diverged: this.diverged };
  }

  private sliceRequest(count: number): SliceRequest {
    return {
      count,
      start: this.steps,
      theta: this.theta,
      layout: this.layout,
      activation: this.values.activation as Activation,
      optimizer: this.optimizer,
      settings: { learningRate: this.values.learningRate, beta: this.values.beta },
      batch: () => this.batch(),
      history: this.history,
      evaluate: () => this.evaluateAll(),
    };
  }


  rollback(): boolean {
    if (!this.diverged || !this.lastGood) return false;
    this.theta.assign(this.lastGood.theta);
    this.lastGood.theta.dispose();
    this.steps = this.lastGood.step;
    this.lastGood = null;
    this.diverged = null;
    // Moments accumulated on the way to the blow-up would push it straight back.
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.values.optimizer as OptimizerKind, this.layout.size);
    this.noiseCache = null;
    return true;
  }

  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot();
    const l = this.stepLoss.toSnapshot();
    const optimizer = await optimizerEntries(this.optimizer);
    return {
      step: this.steps,
      arrays: {
        ...optimizer.arrays,
        // A copy: it is transferred to the page, which must never detach a backend-owned buffer.
        theta: Float32Array.from(await this.theta.data()),
        historySteps: h.steps!,
        ...Object.fromEntries(this.history.names.map((n) => [`history.${n}`, h[n]!])),
        stepLossSteps: l.steps!,
        stepLoss: l.minibatch!,
      },
      numbers: { parameterCount: this.layout.size, ...optimizer.numbers, ...rngEntries(this.streams()) },
    };
  }

  private streams() {
    return { batches: this.batchRng, fan: this.fanRng };
  }

  restore(c: RunCheckpoint): void {
    if (!restoreWeights(this.theta, c, this.layout.size)) return;
    restoreOptimizer(this.optimizer, c);
    restoreRngs(this.streams(), c);
    this.steps = c.step;
    this.history.load(c.arrays.historySteps ?? [], this.history.names.map((n) => c.arrays[`history.${n}`] ?? []));
    this.stepLoss.load(c.arrays.stepLossSteps ?? [], [c.arrays.stepLoss ?? []]);
    this.noiseCache = null;
    this.rollbackPoints.clear();
  }

  /** [train loss, test loss, train accuracy, test accuracy] as one tensor. */
  private evaluateAll(): tf.Tensor1D {
    return evaluateTrainTest(this.theta, this.layout, this.data, this.values.activation as Activation);
  }


  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, dataChanged, result } = applyPartial(baselineSchema, this.values, partial);
    const previous = this.values;
    this.values = values;
    this.paramsVersion++;
    if (dataChanged) {
      disposeDataTensors(this.data);
      this.data = makeDataTensors(this.values, this.seed);
    }
    if (result.rebuilt) {
      this.build();
    } else if (this.values.optimizer !== previous.optimizer) {
      this.optimizer.dispose();
      this.optimizer = createOptimizer(this.values.optimizer as OptimizerKind, this.layout.size);
    }
    return result;
  }

  /**
   * The gradient-noise measurements: per-example gradients, 2 × ESTIMATE_BATCHES sampled minibatch
   * gradients (one matmul) and the statistics over them. They cost several times the rest of a
   * snapshot, so at full speed they are refreshed every NOISE_EVERY snapshots (about 15 Hz at 60 fps);
   * when stepping slowly, after any settings change, or when paused they are always current.
   */
  private async measureNoise(): Promise<NoiseMeasures & { at: number }> {
    const cached = this.noiseCache;
    this.snapshotsSinceNoise++;
    // A second snapshot at the same step means the run stands still (paused, rewound): be current then.
    const standing = this.steps === this.lastNoiseAsk;
    this.lastNoiseAsk = this.steps;
    const fresh =
      cached &&
      cached.at === this.steps &&
      cached.version === this.paramsVersion;
    const recentEnough =
      cached &&
      cached.version === this.paramsVersion &&
      this.snapshotsSinceNoise < NOISE_EVERY &&
      !standing &&
      this.steps - cached.at > 4;
    if (cached && (fresh || recentEnough)) return { ...cached.noise, at: cached.at };

    const noise = await measureGradientNoise({
      theta: this.theta,
      layout: this.layout,
      activation: this.values.activation as Activation,
      data: this.data,
      batch: this.values.batch,
      rng: this.fanRng,
    });
    this.noiseCache = { at: this.steps, version: this.paramsVersion, noise };
    this.snapshotsSinceNoise = 0;
    return { ...noise, at: this.steps };
  }

  /**
   * The decision raster and every hidden unit's map from ONE batched forward pass over both grids,
   * keeping the pre-activations, with one read-back. Copies throughout: the page receives them by
   * transfer, which must never detach a backend's own buffer.
   */
  private async decisionAndUnitMaps(): Promise<{ heat: Float32Array; network: BaselineFrameData['network'] }> {
    const activation = this.values.activation as Activation;
    if (!this.networkShown) {
      // The decision raster alone: the maps' 4,096 extra rows cost a quarter of the steps a second.
      const p = tf.tidy(() => mapPass(this.theta, this.layout, this.grid, activation).probability);
      const heat = (await p.data()) as Float32Array;
      p.dispose();
      return { heat: heat.slice(), network: null };
    }
    const { probability, network } = await networkPass(this.theta, this.layout, this.bothGrids, activation, EXTENT, GRID * GRID);
    return { heat: probability.slice(0, GRID * GRID), network };
  }

  /** Whether the page shows the network figure (until it says, it is assumed shown). */
  private networkShown = true;
  /**
   * Whether it shows a figure of the gradient noise (the fan, the noise scale). The measurement is most
   * of a snapshot's cost (per-example gradients and 512 minibatch gradients), so a hidden one is skipped.
   */
  private noiseShown = true;

  showFigures(names: readonly string[]): void {
    this.networkShown = names.includes('network');
    this.noiseShown = names.includes('fan') || names.includes('noiseScale');
  }

  async snapshot(): Promise<Snapshot<BaselineFrameData>> {
    const train = this.data.split.train;
    const batch = Math.min(this.values.batch, train.n);
    const evalT = this.evaluateAll();
    const [{ heat, network }, evals, noiseWithStep] = await Promise.all([
      this.decisionAndUnitMaps(),
      evalT.data(),
      this.noiseShown ? this.measureNoise() : Promise.resolve(null),
    ]);
    evalT.dispose();
    const noiseStep = noiseWithStep?.at ?? this.steps;
    const p = this.layout.size;

    const { x, y, split } = displayPoints(this.data.split, this.values.dataset === DRAWN);
    return {
      experimentId: baselineExperiment.id,
      step: this.steps,
      diverged: this.diverged,
      data: {
        trainLoss: evals[0]!,
        testLoss: evals[1]!,
        trainAccuracy: evals[2]!,
        testAccuracy: evals[3]!,
        history: this.history.toSnapshot(),
        stepLoss: this.stepLoss.toSnapshot(),
        grid: GRID,
        extent: EXTENT,
        heatmap: heat,
        pointsX: x,
        pointsLabel: y,
        pointsTrain: split,
        parameterCount: p,
        batch,
        trainCount: train.n,
        // Copies: the page receives them by transfer, and the cache keeps its own.
        noise: noiseWithStep && {
          gradSq: noiseWithStep.gradSq,
          traceSigma: noiseWithStep.traceSigma,
          bSimple: noiseWithStep.bSimple,
          twoBatchBSimple: noiseWithStep.twoBatchBSimple,
          fanAlong: noiseWithStep.fanAlong.slice(),
          fanAcross: noiseWithStep.fanAcross.slice(),
          meanCosine: noiseWithStep.meanCosine,
        },
        noiseStep,
        network,
        refused: this.data.refused,
      },
    };
  }

  readonly probes = {
    /** The decision-boundary raster as the snapshot computes it: one batched forward pass. */
    heatmapBatched: () => rasterBatched(this.theta, this.layout, this.grid, this.values.activation as Activation),
    /**
     * Every hidden unit's 64 × 64 map on its own: one batched pass over the maps' grid keeping the
     * pre-activations, its read-back and the quantisation (issue 16's bar: ≤ 10 ms in the worker).
     */
    unitMaps: async () => {
      await computeNetworkFrame(this.theta, this.layout, this.mapGrid, this.values.activation as Activation, EXTENT);
    },
    /** One step as Step takes it (a slice of one, its read-back). Advances the run, as traceStep does. */
    stepOnce: () => this.step(1).then(() => undefined),
    /** The same next step traced for the slow-motion replay (issue 16): the trace's cost is its excess over stepOnce. */
    traceStep: () => this.traceStep().then(() => undefined),
    /** The decision raster and the unit maps as the snapshot computes them: one pass, one read-back. */
    heatmapWithUnitMaps: () => this.decisionAndUnitMaps().then(() => undefined),
    /** The same raster one point at a time: the dispatch-bound way the batched pass replaces. */
    heatmapPerPoint: () => rasterPerPoint(this.theta, this.layout, this.grid, this.values.activation as Activation),
  };

  async metrics(): Promise<Record<string, number>> {
    const t = this.evaluateAll();
    const v = await t.data();
    t.dispose();
    return { step: this.steps, trainLoss: v[0]!, testLoss: v[1]!, trainAccuracy: v[2]!, testAccuracy: v[3]! };
  }

  dispose(): void {
    this.lastGood?.theta.dispose();
    this.rollbackPoints.clear();
    this.theta.dispose();
    this.optimizer.dispose();
    disposeDataTensors(this.data);
    this.grid.dispose();
    this.mapGrid.dispose();
    this.bothGrids.dispose();
  }
}

export const baselineExperiment: Experiment<BaselineSchema, BaselineFrameData> = implement(
  baselineContract,
  (seed, values) => new BaselineRun(seed, values),
);
