/**
 * Loss-surface projections of a rectifier net while it trains (seed §8, REFERENCES §2). The model,
 * data and optimisers are the baseline's; each refresh evaluates, at the current weights:
 *  - the straight line from the initial weights (Goodfellow et al. 2015), train and test;
 *  - a random filter-normalised slice (Li et al. 2018);
 *  - a plane (random × random, init→now × orthogonal, or the top-2 PCA directions of the path);
 *  - the "lens": a line built to cross a kink (or a random one), averaged over m examples, with the
 *    exact number of ReLU pattern changes along it;
 *  - the loss along the input-gradient sign of one data point, with the FGSM point.
 * Every view is a batched evaluation (see surface/batched-loss.ts). Refreshes are throttled so that
 * they take at most about a quarter of the worker's time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Experiment, Run, SetParamsResult, Snapshot, StepResult, RunCheckpoint } from '../experiment';
import { resolveValues, sameValue, validatePartial, type ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { forward, initParams, mlpLayout, unpack, type Activation, type MlpLayout } from '../mlp/flat-mlp';
import { createOptimizer, type FlatOptimizer, type OptimizerKind } from '../optim/flat-optimizers';
import { History } from '../history';
import { firstNonFinite } from '../divergence';
import { divergenceReason, trainSlice } from '../mlp/train-slice';
import { disposeDataTensors, evaluateTrainTest, makeDataTensors, sampleBatch, type DataTensors } from '../mlp/classification-data';
import {
  lossSurfaceContract,
  lossSurfaceSchema,
  RESOLUTION_MAX,
  RESOLUTION_MIN,
  type LossSurfaceFrameData,
  type LossSurfaceSchema,
} from './loss-surface.schema';
import { CHUNK_PAIRS, gridCoefficients, lineCoefficients, lossesAt } from '../surface/batched-loss';
import { difference, filterNormalize, gaussianDirection, norm, orthogonalTo, trajectoryPca } from '../surface/directions';
import { inputGradient } from '../surface/input-gradient';
import { exactKinks, kinkCrossingDirection, kinkMethodFor, noKinks, type KinkCount } from '../surface/kinks';

type Params = ParamValues<LossSurfaceSchema>;

export const INTERPOLATION_POINTS = 401;
export const SLICE_POINTS = 201;
export const LENS_POINTS = 401;
/** While training, the lines are sampled at about half these densities (see LIVE_RESOLUTION). */
const livePoints = (full: number) => (full - 1) / 2 + 1;
export const INPUT_POINTS = 101;
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
/**
 * The plane's resolution while training (at most; the lines are sampled at half density too), so a
 * live refresh costs about half a full one; pausing brings the chosen resolution (up to 101).
 */
export const LIVE_RESOLUTION = 21;

/** Why a plane with these settings cannot be drawn, or null. The schema clamps, the CLI and tests may not. */
export function planeSettingsProblem(span: number, resolution: number): string | null {
  if (!(Number.isFinite(span) && span > 0)) return `A span of ${span} shows a single point: choose a span above 0 (down to 1e-4).`;
  if (!Number.isInteger(resolution) || resolution < RESOLUTION_MIN || resolution > RESOLUTION_MAX) {
    return `A grid resolution of ${resolution} is outside ${RESOLUTION_MIN}–${RESOLUTION_MAX}.`;
  }
  return null;
}

type Surfaces = Omit<LossSurfaceFrameData, 'trainLoss' | 'testLoss' | 'history' | 'parameterCount'>;

export class LossSurfaceRun implements Run<LossSurfaceFrameData> {
  private values: Params;
  private layout!: MlpLayout;
  private theta!: tf.Variable<tf.Rank.R1>;
  private initTheta!: Float32Array;
  private optimizer!: FlatOptimizer;
  private data: DataTensors;
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

  constructor(
    private readonly seed: number,
    params: Params,
  ) {
    this.values = params;
    this.data = makeDataTensors(params, seed);
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


  /** Weights, step, loss curves and the recorded weight path (for the PCA plane); optimiser state starts afresh. */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot();
    const size = this.layout.size;
    const path = new Float32Array(this.path.points.length * size);
    this.path.points.forEach((p, i) => path.set(p, i * size));
    return {
      step: this.steps,
      arrays: {
        // A copy: it is transferred to the page, which must never detach a backend-owned buffer.
        theta: Float32Array.from(await this.theta.data()),
        historySteps: h.steps!,
        historyTrain: h.train!,
        historyTest: h.test!,
        pathSteps: Float32Array.from(this.path.steps),
        path,
      },
      numbers: { parameterCount: size, pathEvery: this.path.every },
    };
  }

  /** Resume a checkpoint of a net of this size; any other is ignored (the run starts from its seed). */
  restore(c: RunCheckpoint): void {
    const size = this.layout.size;
    const theta = c.arrays.theta;
    if (!theta || theta.length !== size || c.numbers.parameterCount !== size) return;
    const t = tf.tensor1d(theta);
    this.theta.assign(t);
    t.dispose();
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
    const { values, problems } = validatePartial(lossSurfaceSchema, partial);
    const changed = Object.keys(values).filter((k) => !sameValue(values[k], (this.values as Record<string, unknown>)[k]));
    const previous = this.values;
    this.values = { ...this.values, ...values } as Params;
    this.paramsVersion++;
    const rebuiltBy = changed.filter((k) => lossSurfaceSchema[k as keyof LossSurfaceSchema].effect === 'shape');
    if (changed.some((k) => lossSurfaceSchema[k as keyof LossSurfaceSchema].effect === 'data')) {
      disposeDataTensors(this.data);
      this.data = makeDataTensors(this.values, this.seed);
    }
    if (rebuiltBy.length > 0) {
      this.build();
    } else if (this.values.optimizer !== previous.optimizer) {
      this.optimizer.dispose();
      this.optimizer = createOptimizer(this.values.optimizer as OptimizerKind, this.layout.size);
    }
    return { applied: values, problems, rebuilt: rebuiltBy.length > 0, rebuiltBy };
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

  /** Every view at the current weights. Exposed (not private) for the tests. */
  async computeSurfaces(live = false): Promise<Surfaces> {
    const empty: Surfaces = { surfaceStep: null, surfaceMs: 0, surfaceLive: live, problem: null, interpolation: null, randomSlice: null, plane: null, lens: null, input: null };
    if (this.diverged) {
      return { ...empty, problem: `Training diverged at step ${this.diverged.step}, so there is no finite surface to draw. Lower the learning rate and reset.` };
    }
    const lossesT = tf.tidy(() => {
      const { logits } = forward(unpack(this.theta, this.layout), this.data.trainX, this.values.activation as Activation);
      return tf.neg(tf.sum(tf.mul(this.data.trainY, tf.logSoftmax(logits)), 1));
    });
    const [thetaRead, lossRead] = await Promise.all([this.theta.data(), lossesT.data()]);
    lossesT.dispose();
    const theta = thetaRead as Float32Array;
    const exampleLosses = lossRead as Float32Array;
    if (firstNonFinite(theta) >= 0) return { ...empty, problem: 'The weights are not finite, so there is no surface to draw. Reset the run.' };

    const v = this.values;
    const activation = v.activation as Activation;
    const span = v.span;
    // While training, a coarser plane keeps refreshes frequent; pausing brings the chosen resolution.
    const res = live && Number.isInteger(v.resolution) ? Math.min(v.resolution, LIVE_RESOLUTION) : v.resolution;
    const layout = this.layout;
    const train = this.data.split.train;
    const d1 = filterNormalize(this.raw[0]!, theta, layout);
    const d2 = filterNormalize(this.raw[1]!, theta, layout);

    // The plane's directions and its problems.
    let planeProblem = planeSettingsProblem(span, v.resolution);
    let planeBasis: Float32Array[] = [theta, d1, d2];
    let pathA: Float32Array = new Float32Array(0);
    let pathB: Float32Array = new Float32Array(0);
    let marks: { label: string; a: number; b: number }[] = [];
    let axisA = 'α along d₁ (random, filter-normalised)';
    let axisB = 'β along d₂ (random, filter-normalised)';
    let note = 'Two independent Gaussian directions, each neuron rescaled to its weights’ norm.';
    if (v.view === 'interpolation') {
      const toInit = difference(this.initTheta, theta);
      const length = norm(toInit);
      if (!(length > 0)) planeProblem ??= 'The current weights are still the initial ones: take a few steps so that init → now is a direction.';
      planeBasis = [theta, toInit, orthogonalTo(d2, toInit, length)];
      marks = [{ label: 'init', a: 1, b: 0 }];
      axisA = 'α towards the initial weights (1 = init)';
      axisB = 'β along a random direction ⟂ to it, same length';
      note = 'The plane through the initial and the current weights.';
    } else if (v.view === 'pca') {
      const pca = trajectoryPca([...this.path.points, theta], theta);
      if (!pca) {
        planeProblem ??= `The recorded weight path has ${this.path.points.length + 1} point${this.path.points.length === 0 ? '' : 's'} and PCA needs at least 3 that span a plane: train a little longer.`;
      } else {
        planeBasis = [theta, pca.d1, pca.d2];
        pathA = pca.a;
        pathB = pca.b;
        marks = [{ label: 'init', a: pca.a[0]!, b: pca.b[0]! }];
        axisA = `PC 1 (${(pca.explained[0] * 100).toFixed(1)}% of the path’s variance)`;
        axisB = `PC 2 (${(pca.explained[1] * 100).toFixed(1)}%)`;
        note = `Top-2 principal directions of ${this.path.points.length + 1} recorded weight vectors; 1 = the path’s reach along each.`;
      }
    }

    // The lens: m examples, a direction across a kink or a random one, and its kink count.
    // The lens averages the m examples the net finds hardest right now (all of them at m = n): with one
    // example that is a point near the boundary, whose loss is not flattened to zero by saturation.
    const byLoss = Array.from({ length: train.n }, (_, i) => i).sort((p, q) => exampleLosses[q]! - exampleLosses[p]! || p - q);
    const m = Math.max(1, Math.min(v.examples, train.n));
    const lensIdx = Int32Array.from(byLoss.slice(0, m));
    const lensX = new Float32Array(2 * m);
    lensIdx.forEach((i, k) => lensX.set(train.x.subarray(2 * i, 2 * i + 2), 2 * k));
    const kink = v.lens === 'kink' ? kinkCrossingDirection(theta, layout, lensX, m) : null;
    const lensD = kink ? kink.d : filterNormalize(this.raw[2]!, theta, layout);
    const single = kink ? kink.example : 0;
    const lensSpan = Number.isFinite(span) && span > 0 ? span : 1;
    const method = kinkMethodFor(layout, activation);
    const kinks: KinkCount = method === 'exact' ? exactKinks(theta, lensD, layout, lensX, m, -lensSpan, lensSpan) : noKinks(m);

    // The input view's point: ranked by its current loss, 0 = the point the net finds hardest now.
    const inputRank = ((Math.round(v.inputPoint) % train.n) + train.n) % train.n;
    const inputIndex = byLoss[inputRank]!;
    const interp = lineCoefficients(live ? livePoints(INTERPOLATION_POINTS) : INTERPOLATION_POINTS, -0.5, 1.5);
    // init + α·(now − init), as coefficients of the basis [init, now − init].
    const interpC = interp.c;
    const toNow = difference(theta, this.initTheta);
    const slice = lineCoefficients(live ? livePoints(SLICE_POINTS) : SLICE_POINTS, -lensSpan, lensSpan);
    const lens = lineCoefficients(live ? livePoints(LENS_POINTS) : LENS_POINTS, -lensSpan, lensSpan);

    const tensors = tf.tidy(() => {
      const tT = tf.tensor1d(theta);
      const interpBasis = tf.stack([tf.tensor1d(this.initTheta), tf.tensor1d(toNow)]) as tf.Tensor2D;
      const sliceBasis = tf.stack([tT, tf.tensor1d(d1)]) as tf.Tensor2D;
      const lensDT = tf.tensor1d(lensD);
      const lensBasis = tf.stack([tT, lensDT]) as tf.Tensor2D;
      const lensIdxT = tf.tensor1d(lensIdx, 'int32');
      const xm = tf.gather(this.data.trainX, lensIdxT) as tf.Tensor2D;
      const ym = tf.gather(this.data.trainY, lensIdxT) as tf.Tensor2D;
      const out: Record<string, tf.Tensor> = {
        interpTrain: lossesAt(interpBasis, interpC, layout, this.data.trainX, this.data.trainY, activation),
        interpTest: lossesAt(interpBasis, interpC, layout, this.data.testX, this.data.testY, activation),
        sliceTrain: lossesAt(sliceBasis, slice.c, layout, this.data.trainX, this.data.trainY, activation),
        sliceTest: lossesAt(sliceBasis, slice.c, layout, this.data.testX, this.data.testY, activation),

        single: lossesAt(
          lensBasis,
          lens.c,
          layout,
          tf.slice(xm, [single, 0], [1, 2]) as tf.Tensor2D,
          tf.slice(ym, [single, 0], [1, 2]) as tf.Tensor2D,
          activation,
        ),
        ...this.inputTensors(tT, inputIndex, activation, v.epsilon),
      };
      if (!planeProblem) {
        out.plane = lossesAt(tf.stack(planeBasis.map((b) => tf.tensor1d(b))) as tf.Tensor2D, gridCoefficients(res, span), layout, this.data.trainX, this.data.trainY, activation);
      }
      out.lens = lossesAt(lensBasis, lens.c, layout, xm, ym, activation);
      return out;
    });
    const keys = Object.keys(tensors);
    const arrays = await Promise.all(keys.map((k) => tensors[k]!.data()));
    tf.dispose(Object.values(tensors));
    const r: Record<string, Float32Array> = {};
    keys.forEach((k, i) => (r[k] = arrays[i] as Float32Array));

    let planeValues = r.plane ?? new Float32Array(0);
    if (!planeProblem && firstNonFinite(planeValues) >= 0) {
      planeProblem = `The loss overflowed on part of this plane (span ${span}): shrink the span.`;
      planeValues = new Float32Array(0);
    }
    const epsIndex = INPUT_POINTS; // the appended FGSM point
    const g1 = r.inputGradL1![0]!;
    const inT = r.inputT!;
    const cleanLoss = r.inputLoss![(INPUT_POINTS - 1) / 2]!;
    return {
      surfaceStep: this.steps,
      surfaceMs: 0,
      surfaceLive: live,
      problem: null,
      interpolation: { alpha: interp.t, train: r.interpTrain!, test: r.interpTest!, initLoss: r.interpTrain![(interp.t.length - 1) / 4]! },
      randomSlice: { t: slice.t, train: r.sliceTrain!, test: r.sliceTest! },
      plane: { view: v.view, resolution: res, span, values: planeValues, problem: planeProblem, pathA, pathB, marks, axisA, axisB, note },
      lens: {
        t: lens.t,
        loss: r.lens!,
        single: r.single!,
        examples: m,
        direction: v.lens,
        kinkAt: kink ? kink.at : null,
        kinks: { ...kinks },
      },
      input: {
        index: inputIndex,
        rank: inputRank,
        label: train.y[inputIndex]!,
        x0: train.x[2 * inputIndex]!,
        x1: train.x[2 * inputIndex + 1]!,
        t: inT.slice(0, INPUT_POINTS),
        loss: r.inputLoss!.slice(0, INPUT_POINTS),
        linear: Float32Array.from(inT.subarray(0, INPUT_POINTS), (t) => cleanLoss + t * g1),
        epsilon: v.epsilon,
        cleanLoss,
        fgsmLoss: r.inputLoss![epsIndex]!,
      },
    };
  }

  /**
   * The input-space view: the loss of one training point moved along the sign of its input gradient,
   * at INPUT_POINTS offsets in [-2ε, 2ε] plus the FGSM point x + ε·sign(∇ₓL) appended — one batch of
   * inputs through the current network. Call inside tf.tidy.
   */
  private inputTensors(theta: tf.Tensor1D, index: number, activation: Activation, epsilon: number): Record<string, tf.Tensor> {
    const layers = unpack(theta, this.layout);
    const x = tf.slice(this.data.trainX, [index, 0], [1, 2]) as tf.Tensor2D;
    const y = tf.slice(this.data.trainY, [index, 0], [1, 2]) as tf.Tensor2D;
    const grad = inputGradient(theta, this.layout, x, y, activation);
    const sign = tf.sign(grad);
    const ts = new Float32Array(INPUT_POINTS + 1);
    for (let i = 0; i < INPUT_POINTS; i++) ts[i] = -2 * epsilon + (4 * epsilon * i) / (INPUT_POINTS - 1);
    ts[INPUT_POINTS] = epsilon;
    const tT = tf.tensor2d(ts, [INPUT_POINTS + 1, 1]);
    const inputs = tf.add(x, tf.mul(tT, sign)) as tf.Tensor2D;
    const { logits } = forward(layers, inputs, activation);
    const perExample = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1));
    return { inputT: tf.tensor1d(ts), inputLoss: perExample, inputGradL1: tf.reshape(tf.sum(tf.abs(grad)), [1]) };
  }

  async snapshot(): Promise<Snapshot<LossSurfaceFrameData>> {
    const evalT = this.evaluateAll();
    const [evals, surfaces] = await Promise.all([evalT.data(), this.surfaces()]);
    evalT.dispose();
    const data: LossSurfaceFrameData = {
      trainLoss: evals[0]!,
      testLoss: evals[1]!,
      history: this.history.toSnapshot(),
      parameterCount: this.layout.size,
      ...copySurfaces(surfaces),
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
      const t = tf.tidy(() => lossesAt(basis, coefficients, this.layout, this.data.trainX, this.data.trainY, this.values.activation as Activation));
      await t.data();
      tf.dispose([t, basis]);
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
  }
}

/** Fresh copies of every typed array: the cache keeps its own, the page receives these by transfer. */
function copySurfaces(s: Surfaces): Surfaces {
  const copy = <T>(v: T): T => {
    if (ArrayBuffer.isView(v)) return (v as unknown as Float32Array).slice() as unknown as T;
    if (Array.isArray(v)) return v.map(copy) as unknown as T;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
    return v;
  };
  return copy(s);
}

export const lossSurfaceExperiment: Experiment<LossSurfaceSchema, LossSurfaceFrameData> = {
  ...lossSurfaceContract,
  create(seed, params) {
    const { values } = resolveValues(lossSurfaceSchema, params);
    return new LossSurfaceRun(seed, values);
  },
};
