/**
 * The loss-surface experiment's views at the current weights, as one function of the run's state
 * (experiments/loss-surface.ts keeps the state, the cache and the refresh schedule):
 *  - the straight line from the initial weights (Goodfellow et al. 2015), train and test;
 *  - a random filter-normalised slice (Li et al. 2018);
 *  - a plane (random × random, init→now × orthogonal, or the top-2 PCA directions of the path);
 *  - the "lens": a line built to cross a kink (or a random one), averaged over m examples, with the
 *    exact number of ReLU pattern changes along it;
 *  - the loss along the input-gradient sign of one data point, with the FGSM point.
 * Every view is a batched evaluation (batched-loss.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, unpack, type Activation, type MlpLayout } from '../mlp/flat-mlp';
import type { DataTensors } from '../mlp/classification-data';
import { firstNonFinite } from '../divergence';
import type { ParamValues } from '../../params/kinds';
import { RESOLUTION_MAX, RESOLUTION_MIN, type LossSurfaceFrameData, type LossSurfaceSchema } from '../experiments/loss-surface.schema';
import { gridCoefficients, lineCoefficients, meanLossesAt } from './batched-loss';
import { planeLosses } from './row-pool';
import { difference, filterNormalize, norm, orthogonalTo, trajectoryPca } from './directions';
import { inputGradient } from './input-gradient';
import { exactKinks, kinkCrossingDirection, kinkMethodFor, noKinks, type KinkCount } from './kinks';

/** How many of the hardest examples the lens may aim its line at (see the lens below). */
const AIM_CANDIDATES = 8;

export const INTERPOLATION_POINTS = 401;
export const SLICE_POINTS = 201;
export const LENS_POINTS = 401;
/** While training, the lines are sampled at about half these densities (see LIVE_RESOLUTION). */
const livePoints = (full: number) => (full - 1) / 2 + 1;
export const INPUT_POINTS = 101;
/**
 * The plane's resolution while training (at most; the lines are sampled at half density too), so a
 * live refresh costs about half a full one; pausing brings the chosen resolution (up to 101).
 */
export const LIVE_RESOLUTION = 21;

/** What the views add to a frame. */
export type Surfaces = Omit<LossSurfaceFrameData, 'trainLoss' | 'testLoss' | 'history' | 'parameterCount' | 'network' | 'refused'>;

/** The run's state the views are computed from; read, never changed. */
export interface SurfaceState {
  theta: tf.Tensor1D;
  layout: MlpLayout;
  data: DataTensors;
  values: ParamValues<LossSurfaceSchema>;
  initTheta: Float32Array;
  /** Raw Gaussian directions [d1, d2, lens], filter-normalised here against the current weights. */
  raw: readonly Float32Array[];
  /** The recorded weight path (for the PCA plane), without the current weights. */
  path: readonly Float32Array[];
  diverged: { step: number } | null;
  step: number;
}

/** Why a plane with these settings cannot be drawn, or null. The schema clamps, the CLI and tests may not. */
export function planeSettingsProblem(span: number, resolution: number): string | null {
  if (!(Number.isFinite(span) && span > 0)) return `A span of ${span} shows a single point: choose a span above 0 (down to 1e-4).`;
  if (!Number.isInteger(resolution) || resolution < RESOLUTION_MIN || resolution > RESOLUTION_MAX) {
    return `A grid resolution of ${resolution} is outside ${RESOLUTION_MIN}–${RESOLUTION_MAX}.`;
  }
  return null;
}

/**
 * Every view at the given weights: one batched evaluation per view, read back together. It reads the
 * run's state and changes none of it (its tensors are its own and disposed before it returns).
 */
export async function computeSurfaces(state: SurfaceState, live = false): Promise<Surfaces> {
  const { layout, data, values: v, initTheta, raw, path, diverged, step } = state;
  const empty: Surfaces = { surfaceStep: null, surfaceMs: 0, surfaceLive: live, problem: null, interpolation: null, randomSlice: null, plane: null, lens: null, input: null };
  if (diverged) {
    return { ...empty, problem: `Training diverged at step ${diverged.step}, so there is no finite surface to draw. Lower the learning rate and reset.` };
  }
  if (data.split.train.n === 0) return { ...empty, problem: data.refused ?? 'There are no training points, so there is no loss to draw.' };
  const lossesT = tf.tidy(() => {
    const { logits } = forward(unpack(state.theta, layout), data.trainX, v.activation as Activation);
    return tf.neg(tf.sum(tf.mul(data.trainY, tf.logSoftmax(logits)), 1));
  });
  const [thetaRead, lossRead] = await Promise.all([state.theta.data(), lossesT.data()]);
  lossesT.dispose();
  const theta = thetaRead as Float32Array;
  const exampleLosses = lossRead as Float32Array;
  if (firstNonFinite(theta) >= 0) return { ...empty, problem: 'The weights are not finite, so there is no surface to draw. Reset the run.' };

  const activation = v.activation as Activation;
  const span = v.span;
  // While training, a coarser plane keeps refreshes frequent; pausing brings the chosen resolution.
  const res = live && Number.isInteger(v.resolution) ? Math.min(v.resolution, LIVE_RESOLUTION) : v.resolution;
  const train = data.split.train;
  const d1 = filterNormalize(raw[0]!, theta, layout);
  const d2 = filterNormalize(raw[1]!, theta, layout);

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
    const toInit = difference(initTheta, theta);
    const length = norm(toInit);
    if (!(length > 0)) planeProblem ??= 'The current weights are still the initial ones: take a few steps so that init → now is a direction.';
    planeBasis = [theta, toInit, orthogonalTo(d2, toInit, length)];
    marks = [{ label: 'init', a: 1, b: 0 }];
    axisA = 'α towards the initial weights (1 = init)';
    axisB = 'β along a random direction ⟂ to it, same length';
    note = 'The plane through the initial and the current weights.';
  } else if (v.view === 'pca') {
    const pca = trajectoryPca([...path, theta], theta);
    if (!pca) {
      planeProblem ??= `The recorded weight path has ${path.length + 1} point${path.length === 0 ? '' : 's'} and PCA needs at least 3 that span a plane: train a little longer.`;
    } else {
      planeBasis = [theta, pca.d1, pca.d2];
      pathA = pca.a;
      pathB = pca.b;
      marks = [{ label: 'init', a: pca.a[0]!, b: pca.b[0]! }];
      axisA = `PC 1 (${(pca.explained[0] * 100).toFixed(1)}% of the path’s variance)`;
      axisB = `PC 2 (${(pca.explained[1] * 100).toFixed(1)}%)`;
      note = `Top-2 principal directions of ${path.length + 1} recorded weight vectors; 1 = the path’s reach along each.`;
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
  // The line is aimed at a kink of one of the few hardest examples (lensX is sorted hardest first): an
  // easy example's loss is flat near zero late in training, so the corner at its kink could not be seen.
  const kink = v.lens === 'kink' ? kinkCrossingDirection(theta, layout, lensX, Math.min(m, AIM_CANDIDATES)) : null;
  const lensD = kink ? kink.d : filterNormalize(raw[2]!, theta, layout);
  const single = kink ? kink.example : 0;
  const lensSpan = Number.isFinite(span) && span > 0 ? span : 1;
  const method = kinkMethodFor(layout, activation);
  const kinks: KinkCount = method === 'exact' ? exactKinks(theta, lensD, layout, lensX, m, -lensSpan, lensSpan) : noKinks(m);
  // The one example drawn on its own, counted on its own: where its corners are, among all m's.
  const singleKinks = method === 'exact' ? exactKinks(theta, lensD, layout, lensX.subarray(2 * single, 2 * single + 2), 1, -lensSpan, lensSpan).positions : new Float32Array(0);

  // The input view's point: ranked by its current loss, 0 = the point the net finds hardest now.
  const inputRank = ((Math.round(v.inputPoint) % train.n) + train.n) % train.n;
  const inputIndex = byLoss[inputRank]!;
  const interp = lineCoefficients(live ? livePoints(INTERPOLATION_POINTS) : INTERPOLATION_POINTS, -0.5, 1.5);
  // init + α·(now − init), as coefficients of the basis [init, now − init].
  const interpC = interp.c;
  const toNow = difference(theta, initTheta);
  const slice = lineCoefficients(live ? livePoints(SLICE_POINTS) : SLICE_POINTS, -lensSpan, lensSpan);
  const lens = lineCoefficients(live ? livePoints(LENS_POINTS) : LENS_POINTS, -lensSpan, lensSpan);

  // The plane first: its rows go to the helper workers, if this worker has any (row-pool.ts), and are
  // evaluated there while this worker computes its own share and every other view.
  const planeBasisT = planeProblem ? null : (tf.tidy(() => tf.stack(planeBasis.map((b) => tf.tensor1d(b)))) as tf.Tensor2D);
  const planeDone = planeBasisT ? planeLosses(planeBasisT, gridCoefficients(res, span), layout, data.trainX, data.trainY, activation) : null;
  // The lines' bases and inputs, kept until their losses are read (meanLossesAt reads asynchronously).
  const kept = tf.tidy(() => {
    const lensIdxT = tf.tensor1d(lensIdx, 'int32');
    const xm = tf.gather(data.trainX, lensIdxT) as tf.Tensor2D;
    const ym = tf.gather(data.trainY, lensIdxT) as tf.Tensor2D;
    return {
      interpBasis: tf.stack([tf.tensor1d(initTheta), tf.tensor1d(toNow)]) as tf.Tensor2D,
      sliceBasis: tf.stack([tf.tensor1d(theta), tf.tensor1d(d1)]) as tf.Tensor2D,
      lensBasis: tf.stack([tf.tensor1d(theta), tf.tensor1d(lensD)]) as tf.Tensor2D,
      xm,
      ym,
      xOne: tf.slice(xm, [single, 0], [1, 2]) as tf.Tensor2D,
      yOne: tf.slice(ym, [single, 0], [1, 2]) as tf.Tensor2D,
    };
  });
  const inputs = tf.tidy(() => inputTensors(tf.tensor1d(theta), layout, data, inputIndex, activation, v.epsilon));
  const r: Record<string, Float32Array> = {};
  try {
    const lines = {
      interpTrain: meanLossesAt(kept.interpBasis, interpC, layout, data.trainX, data.trainY, activation),
      interpTest: meanLossesAt(kept.interpBasis, interpC, layout, data.testX, data.testY, activation),
      sliceTrain: meanLossesAt(kept.sliceBasis, slice.c, layout, data.trainX, data.trainY, activation),
      sliceTest: meanLossesAt(kept.sliceBasis, slice.c, layout, data.testX, data.testY, activation),
      single: meanLossesAt(kept.lensBasis, lens.c, layout, kept.xOne, kept.yOne, activation),
      lens: meanLossesAt(kept.lensBasis, lens.c, layout, kept.xm, kept.ym, activation),
      ...Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.data() as Promise<Float32Array>])),
    };
    const keys = Object.keys(lines);
    const arrays = await Promise.all(Object.values(lines));
    keys.forEach((k, i) => (r[k] = arrays[i]!));
  } finally {
    tf.dispose([...Object.values(kept), ...Object.values(inputs)]);
  }
  if (planeDone) {
    try {
      r.plane = await planeDone;
    } finally {
      planeBasisT!.dispose();
    }
  }

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
    surfaceStep: step,
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
      singleExample: single,
      singleKinks,
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
function inputTensors(theta: tf.Tensor1D, layout: MlpLayout, data: DataTensors, index: number, activation: Activation, epsilon: number): Record<string, tf.Tensor> {
  const layers = unpack(theta, layout);
  const x = tf.slice(data.trainX, [index, 0], [1, 2]) as tf.Tensor2D;
  const y = tf.slice(data.trainY, [index, 0], [1, 2]) as tf.Tensor2D;
  const grad = inputGradient(theta, layout, x, y, activation);
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

/** Fresh copies of every typed array: the cache keeps its own, the page receives these by transfer. */
export function copySurfaces(s: Surfaces): Surfaces {
  const copy = <T>(v: T): T => {
    if (ArrayBuffer.isView(v)) return (v as unknown as Float32Array).slice() as unknown as T;
    if (Array.isArray(v)) return v.map(copy) as unknown as T;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
    return v;
  };
  return copy(s);
}
