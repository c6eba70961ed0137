/**
 * Loss-surface projections of a rectifier net while it trains (seed §8, REFERENCES §2). The model,
 * data and optimisers are the baseline's. This module keeps the run (weights, the weight path for
 * PCA, the cache of views) and decides when the views refresh; the views themselves (the init → now
 * line, a random slice, a plane, the kink lens, the input-space slice) are computed by
 * surface/compute-surfaces.ts. Refreshes are throttled so that they take at most about a quarter of
 * the worker's time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { implement, type Experiment, type Run, type SetParamsResult, type Snapshot, type StepResult, type RunCheckpoint } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { forward, initParams, mlpLayout, unpack, type Activation, type MlpLayout } from '../mlp/flat-mlp';
import { createOptimizer, type FlatOptimizer, type OptimizerKind } from '../optim/flat-optimizers';
import { History } from '../history';
import { divergenceReason, trainSlice } from '../mlp/train-slice';
import { disposeDataTensors, evaluateTrainTest, makeDataTensors, sampleBatch, type DataTensors } from '../mlp/classification-data';
import { lossSurfaceContract, lossSurfaceSchema, type LossSurfaceFrameData, type LossSurfaceSchema } from './loss-surface.schema';
import { CHUNK_PAIRS, gridCoefficients } from '../surface/batched-loss';
import { gaussianDirection } from '../surface/directions';
import { computeSurfaces, copySurfaces, type Surfaces } from '../surface/compute-surfaces';
import { planeLosses, rowPoolReady } from '../surface/row-pool';
import { optimizerEntries, restoreOptimizer, restoreRngs, restoreWeights, rngEntries } from '../weights-checkpoint';
import { computeNetworkFrame, mapGridTensor } from '../mlp/unit-maps';
import { MAP_EXTENT } from '../mlp/network-frame';

export { LIVE_RESOLUTION, planeSettingsProblem } from '../surface/compute-surfaces';

type Params = ParamValues<LossSurfaceSchema>;

/** The bench's surface: 51 × 51, as in Li et al. */
export const PROBE_RESOLUTION = 51;
const RECORD_EVERY = 5;
/** Weight-path points kept for PCA (thinned by halves beyond this). */
const PATH_CAPACITY = 128;
/**
 * While training, refresh at most this often and leave at least LIVE_IDLE × the last refresh's cost
 * between refreshes (so they take ≤ 1/(1 + LIVE_IDLE) of the worker's time): with a live refresh of
 * about 65 ms (2 cores, wasm) that is about 3 per second at 20%. At 3 the bench measured 28%
 * slowdown against the 30%, too close for a machine that is also drawing the page.
 */
const MIN_REFRESH_MS = 250;
const LIVE_IDLE = 4;

export class LossSurfaceRun implements Run<LossSurfaceFrameData> {
  private layout!: MlpLayout;
  private theta!: tf.Variable<tf.Rank.R1>;
  private initTheta!: Float32Array;
  private optimizer!: FlatOptimizer;
  private data: DataTensors;
  /** The unit maps' grid (the network figure: every hidden unit's map, and where it kinks). */
  private readonly mapGrid = mapGridTensor(MAP_EXTENT);
  private batchRng!: Rng;
  /** Raw Gaussian directions, drawn once per build and filter-normalised against the current weights. */
  private raw!: Float32Array[];
  private steps = 0;
  private diverged: StepResult['diverged'] = null;
  private readonly history = new History(['train', 'test'], RECORD_EVERY);
  private path: { steps: number[]; points: Float32Array[]; every: number } = { steps: [], points: [], every: 2 };
  private cache: { at: number; version: number; time: number; live: boolean; surfaces: Surfaces } | null = null;
  private paramsVersion = 0;
  private lastSnapshotStep = -1;

  constructor(private readonly seed: number, private values: Params) {
    this.data = makeDataTensors(values, seed);
    this.build();
  }

  private build(): void {
    this.theta?.dispose();
    this.optimizer?.dispose();
    this.layout = mlpLayout([2, ...this.values.hidden, 2]);
    this.initTheta = initParams(this.layout, this.values.activation as Activation, createRng(deriveSeed(this.seed, 'init')));
    this.theta = tf.tidy(() => tf.variable(tf.tensor1d(this.initTheta), true)) as tf.Variable<tf.Rank.R1>;
    this.optimizer = createOptimizer(this.values.optimizer as OptimizerKind, this.layout.size);
    this.batchRng = createRng(deriveSeed(this.seed, 'batches'));
    const dirRng = createRng(deriveSeed(this.seed, 'surface-directions'));
    this.raw = [gaussianDirection(this.layout, dirRng), gaussianDirection(this.layout, dirRng), gaussianDirection(this.layout, dirRng)];
    this.steps = 0;
    this.diverged = null;
    this.cache = null;
    this.history.clear();
    this.path = { steps: [0], points: [this.initTheta], every: 2 };
  }

  params() {
    return { ...this.values };
  }

  private batch(): { x: tf.Tensor2D; y: tf.Tensor2D; owned: boolean } {
    return sampleBatch(this.data, this.values.batch, this.batchRng);
  }


  async step(count: number): Promise<StepResult> {
    if (this.diverged) return { taken: 0, diverged: this.diverged };
    // An empty or one-class drawn set: no step, and the snapshot's `refused` says why.
    if (this.data.refused) return { taken: 0, diverged: null };
    const start = this.steps;
    // The weight path for PCA rides on the slice's one read-back when a point is due.
    const pathDue = Math.floor((start + count) / this.path.every) > Math.floor(start / this.path.every);
    const result = await trainSlice({
      count,
      start,
      theta: this.theta,
      layout: this.layout,
      activation: this.values.activation as Activation,
      optimizer: this.optimizer,
      settings: { learningRate: this.values.learningRate, beta: this.values.beta },
      batch: () => this.batch(),
      history: this.history,
      evaluate: () => this.evaluateAll(),
      extra: () => (pathDue ? [this.theta] : []),
    });
    this.steps = start + result.taken;
    if (result.firstBad >= 0 || !result.weightsFinite) {
      this.diverged = {
        step: this.steps,
        reason: divergenceReason(result, this.steps, this.values.learningRate, this.values.optimizer, 'Lower the learning rate and reset.'),
      };
    } else if (pathDue) {
      this.recordPath(this.steps, result.extra);
    }
    return { taken: result.taken, diverged: this.diverged };
  }


  private recordPath(step: number, theta: Float32Array): void {
    this.path.steps.push(step);
    this.path.points.push(theta);
    if (this.path.points.length > PATH_CAPACITY) {
      this.path.every *= 2;
      const keep = this.path.steps.map((s, i) => i === 0 || s % this.path.every === 0);
      this.path.points = this.path.points.filter((_, i) => keep[i]);
      this.path.steps = this.path.steps.filter((_, i) => keep[i]);
    }
  }

  /** [train loss, test loss] as one tensor. */
  private evaluateAll(): tf.Tensor1D {
    return tf.tidy(() => tf.slice(evaluateTrainTest(this.theta, this.layout, this.data, this.values.activation as Activation), 0, 2));
  }


  /** Weights, optimiser moments, the batch stream, step, loss curves and the recorded weight path (for the PCA plane). */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot();
    const optimizer = await optimizerEntries(this.optimizer);
    const size = this.layout.size;
    const path = new Float32Array(this.path.points.length * size);
    this.path.points.forEach((p, i) => path.set(p, i * size));
    return {
      step: this.steps,
      arrays: {
        ...optimizer.arrays,
        // A copy: it is transferred to the page, which must never detach a backend-owned buffer.
        theta: Float32Array.from(await this.theta.data()),
        historySteps: h.steps!,
        historyTrain: h.train!,
        historyTest: h.test!,
        pathSteps: Float32Array.from(this.path.steps),
        path,
      },
      numbers: { parameterCount: size, pathEvery: this.path.every, ...optimizer.numbers, ...rngEntries({ batches: this.batchRng }) },
    };
  }

  /** Resume a checkpoint of a net of this size; any other is ignored (the run starts from its seed). */
  restore(c: RunCheckpoint): void {
    const size = this.layout.size;
    if (!restoreWeights(this.theta, c, size)) return;
    restoreOptimizer(this.optimizer, c);
    restoreRngs({ batches: this.batchRng }, c);
    this.steps = c.step;
    this.history.load(c.arrays.historySteps ?? [], [c.arrays.historyTrain ?? [], c.arrays.historyTest ?? []]);
    const pathSteps = Array.from(c.arrays.pathSteps ?? []);
    const path = c.arrays.path ?? new Float32Array(0);
    if (pathSteps.length > 0 && path.length === pathSteps.length * size) {
      this.path = { steps: pathSteps, points: pathSteps.map((_, i) => path.slice(i * size, (i + 1) * size)), every: c.numbers.pathEvery ?? 2 };
    }
    this.cache = null;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, dataChanged, result } = applyPartial(lossSurfaceSchema, this.values, partial);
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
   * The surfaces, recomputed when the settings changed, when the run is paused on weights the views
   * have not seen (or saw only at the live resolution), or while training when the last refresh is
   * older than max(MIN_REFRESH_MS, LIVE_IDLE × its cost); otherwise the cached ones (marked with their
   * step). With liveSurfaces off, only a settings change or a pause refreshes.
   */
  private async surfaces(): Promise<Surfaces> {
    const c = this.cache;
    const moving = this.steps !== this.lastSnapshotStep;
    this.lastSnapshotStep = this.steps;
    if (c && c.version === this.paramsVersion) {
      const age = Date.now() - c.time;
      if (c.at === this.steps) {
        // Up to date, unless the run paused after a live (coarser) refresh.
        if (!(c.live && !moving)) return c.surfaces;
      } else if (moving) {
        if (age < Math.max(MIN_REFRESH_MS, LIVE_IDLE * c.surfaces.surfaceMs)) return c.surfaces;
        // Switched off while training: keep the last views until the run pauses.
        if (!this.values.liveSurfaces) return c.surfaces;
      }
    }
    const started = Date.now();
    const surfaces = await this.computeSurfaces(moving);
    surfaces.surfaceMs = Date.now() - started;
    this.cache = { at: this.steps, version: this.paramsVersion, time: Date.now(), live: moving, surfaces };
    return surfaces;
  }

  /**
   * While paused: whether the views still show older weights or the live (coarser) plane, so the
   * scheduler asks for one more snapshot, which then draws them in full.
   */
  pendingWork(): boolean {
    const c = this.cache;
    return !c || c.version !== this.paramsVersion || c.at !== this.steps || c.live;
  }

  /** Every view at the current weights (surface/compute-surfaces.ts). Exposed (not private) for the tests. */
  computeSurfaces(live = false): Promise<Surfaces> {
    return computeSurfaces(
      {
        theta: this.theta,
        layout: this.layout,
        data: this.data,
        values: this.values,
        initTheta: this.initTheta,
        raw: this.raw,
        path: this.path.points,
        diverged: this.diverged,
        step: this.steps,
      },
      live,
    );
  }

  /** Whether the page shows the network figure (until it says, it is assumed shown). */
  private networkShown = true;

  showFigures(names: readonly string[]): void {
    this.networkShown = names.includes('network');
  }

  async snapshot(): Promise<Snapshot<LossSurfaceFrameData>> {
    const evalT = this.evaluateAll();
    const activation = this.values.activation as Activation;
    // The unit maps are one small batched pass (a few ms): fresh in every frame while they are shown.
    const [evals, surfaces, network] = await Promise.all([
      evalT.data(),
      this.surfaces(),
      this.networkShown ? computeNetworkFrame(this.theta, this.layout, this.mapGrid, activation, MAP_EXTENT) : null,
    ]);
    evalT.dispose();
    const data: LossSurfaceFrameData = {
      trainLoss: evals[0]!,
      testLoss: evals[1]!,
      history: this.history.toSnapshot(),
      parameterCount: this.layout.size,
      ...copySurfaces(surfaces),
      network,
      refused: this.data.refused,
    };
    return { experimentId: lossSurfaceExperiment.id, step: this.steps, diverged: this.diverged, data };
  }

  /** Basis [θ, d1, d2] and the 51 × 51 grid the bench times. */
  private probeSetup(): { basis: tf.Tensor2D; coefficients: Float32Array } {
    // Directions need not be filter-normalised to time the evaluation; the raw Gaussians will do.
    const basis = tf.tidy(() => tf.stack([this.theta, tf.tensor1d(this.raw[0]!), tf.tensor1d(this.raw[1]!)]) as tf.Tensor2D);
    return { basis, coefficients: gridCoefficients(PROBE_RESOLUTION, 0.5) };
  }

  readonly probes = {
    /** The 51 × 51 surface on the training set as the snapshot computes it: batched, in chunks. */
    surfaceBatched: async () => {
      const { basis, coefficients } = this.probeSetup();
      // As the snapshot computes it: with the worker's helper workers, when it has them (row-pool.ts).
      const workers = 1 + rowPoolReady();
      const losses = await planeLosses(basis, coefficients, this.layout, this.data.trainX, this.data.trainY, this.values.activation as Activation);
      basis.dispose();
      // What the e2e compares between a page with helpers and one without: the plane's values, exactly.
      let weighted = 0;
      for (let i = 0; i < losses.length; i++) weighted += (i + 1) * losses[i]!;
      return { workers, points: losses.length, weighted, first: losses[0]!, last: losses[losses.length - 1]! };
    },
    /**
     * A floor under any exact batched surface: the second hidden layer's multiply-adds alone, every
     * (grid point, example) pair's activations [h₁] times one [h₁, h₂] matrix, in the batched
     * surface's chunk size, on one cache-warm input. Per-point weights differ, so no exact evaluation
     * does fewer multiply-adds than this; the bench divides the per-point loop by it for the most that
     * batching could gain here. Nets without a second hidden layer time their first.
     */
    surfaceLayerFloor: async () => {
      const layer = this.layout.layers[Math.min(1, this.layout.layers.length - 1)]!;
      const pairs = PROBE_RESOLUTION * PROBE_RESOLUTION * this.data.trainX.shape[0];
      const rows = CHUNK_PAIRS;
      const a = tf.fill([rows, layer.inputs], 0.5) as tf.Tensor2D;
      const w = tf.fill([layer.inputs, layer.outputs], 0.1) as tf.Tensor2D;
      const parts: tf.Tensor[] = [];
      for (let done = 0; done < pairs; done += rows) parts.push(tf.tidy(() => tf.sum(tf.matMul(a, w))));
      const total = tf.addN(parts);
      await total.data();
      tf.dispose([a, w, total, ...parts]);
    },
    /** The same surface one grid point at a time: one forward pass per point. */
    surfacePerPoint: async () => {
      const { basis, coefficients } = this.probeSetup();
      const activation = this.values.activation as Activation;
      const out: tf.Tensor[] = [];
      for (let k = 0; k < coefficients.length / 3; k++) {
        out.push(
          tf.tidy(() => {
            const c = tf.tensor2d(coefficients.subarray(3 * k, 3 * k + 3), [1, 3]);
            const theta = tf.reshape(tf.matMul(c, basis), [-1]) as tf.Tensor1D;
            // The loss alone (crossEntropy would also form the unused gradient of the logits).
            const logits = forward(unpack(theta, this.layout), this.data.trainX, activation).logits;
            return tf.neg(tf.mean(tf.sum(tf.mul(this.data.trainY, tf.logSoftmax(logits)), 1)));
          }),
        );
      }
      await Promise.all(out.map((t) => t.data()));
      tf.dispose([...out, basis]);
    },
  };

  async metrics(): Promise<Record<string, number>> {
    const t = this.evaluateAll();
    const v = await t.data();
    t.dispose();
    return { step: this.steps, trainLoss: v[0]!, testLoss: v[1]! };
  }

  dispose(): void {
    this.theta.dispose();
    this.optimizer.dispose();
    disposeDataTensors(this.data);
    this.mapGrid.dispose();
  }
}

export const lossSurfaceExperiment: Experiment<LossSurfaceSchema, LossSurfaceFrameData> = implement(
  lossSurfaceContract,
  (seed, values) => new LossSurfaceRun(seed, values),
);
