/** Parameters of the loss-surface experiment: the baseline MLP's settings plus the views' own. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import { baselineSchema } from './baseline-mlp.schema';
import type { NetworkFrame } from '../mlp/network-frame';

export const lossSurfaceMeta = {
  id: 'loss-surface',
  title: 'Why does a rectifier net’s loss look smooth?',
  summary:
    'Slices and 2-D projections of the loss of a ReLU net as it trains, with a kink counter and controls that test each explanation of the smoothness.',
} as const;

export const SURFACE_VIEWS = ['random', 'interpolation', 'pca'] as const;
export type SurfaceView = (typeof SURFACE_VIEWS)[number];
export const LENS_DIRECTIONS = ['kink', 'random'] as const;

export const RESOLUTION_MIN = 11;
export const RESOLUTION_MAX = 101;

export const lossSurfaceSchema = {
  ...baselineSchema,
  points: { ...baselineSchema.points, default: 640 },
  noise: { ...baselineSchema.noise, default: 0.2 },
  batch: { ...baselineSchema.batch, default: 64 },
  liveSurfaces: {
    kind: 'bool',
    label: 'Refresh views while training',
    default: true,
    help: 'Recompute the views a few times a second during training (it costs some speed); off, they refresh when you pause or change a setting.',
    effect: 'live',
  },
  view: {
    kind: 'choice',
    label: '2-D directions',
    options: SURFACE_VIEWS,
    optionLabels: { random: 'Two random, filter-normalised', interpolation: 'Init → now × a random orthogonal', pca: 'Top-2 PCA of the weight path' },
    default: 'random',
    help: 'Which plane through the current weights the heatmap shows.',
    effect: 'live',
  },
  resolution: {
    kind: 'number',
    label: 'Grid resolution',
    min: RESOLUTION_MIN,
    max: RESOLUTION_MAX,
    step: 2,
    integer: true,
    default: 31,
    help: 'Points along each side of the heatmap; the cost grows with its square.',
    effect: 'live',
  },
  span: {
    kind: 'number',
    label: 'Span',
    min: 0.0001,
    max: 2,
    step: 0.0001,
    log: true,
    default: 1,
    help: 'How far the random slice, the lens and the heatmap reach from the current weights, in units of the directions. Shrink it to zoom in on kinks.',
    effect: 'live',
  },
  logColor: {
    kind: 'bool',
    label: 'Log colour scale',
    default: true,
    help: 'Colour the heatmap by log(loss), which keeps the valley visible next to high walls.',
    effect: 'live',
  },
  examples: {
    kind: 'number',
    label: 'Examples averaged',
    min: 1,
    max: 2048,
    step: 1,
    log: true,
    integer: true,
    default: 2048,
    help: 'How many training examples the lens averages, taking the ones with the highest loss right now first (capped at the training set). One example shows every corner; many blur them.',
    effect: 'live',
  },
  lens: {
    kind: 'choice',
    label: 'Lens direction',
    options: LENS_DIRECTIONS,
    optionLabels: { kink: 'Built to cross a kink', random: 'Random, filter-normalised' },
    default: 'kink',
    help: 'A direction aimed across one unit’s kink, or a random one that may pass between kinks.',
    effect: 'live',
  },
  inputPoint: {
    kind: 'number',
    label: 'Point by loss rank (input view)',
    min: 0,
    max: 2047,
    step: 1,
    integer: true,
    default: 0,
    help: 'Which training point the input-space view perturbs, ranked by its loss right now: 0 is the point the net finds hardest (wraps around the training set).',
    effect: 'live',
  },
  epsilon: {
    kind: 'number',
    label: 'FGSM step ε',
    min: 0.01,
    max: 1,
    step: 0.01,
    default: 0.2,
    help: 'Size of the one-step gradient-sign perturbation of the input (Goodfellow et al. 2015).',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type LossSurfaceSchema = typeof lossSurfaceSchema;

export interface SliceData {
  t: Float32Array;
  loss: Float32Array;
}

/** The snapshot payload, shared by the core (producer) and the panel (reader). */
export interface LossSurfaceFrameData {
  trainLoss: number;
  testLoss: number;
  history: { steps: Float32Array; train: Float32Array; test: Float32Array };
  parameterCount: number;
  /** Step the surfaces below were computed at; null before the first. */
  surfaceStep: number | null;
  /** Milliseconds the last surface refresh took in the worker. */
  surfaceMs: number;
  /** Computed while training, at the coarser live sampling (plane ≤ LIVE_RESOLUTION, lines at half density). */
  surfaceLive: boolean;
  /** Set when no surface can be drawn at all (a diverged net), with the reason. */
  problem: string | null;
  interpolation: { alpha: Float32Array; train: Float32Array; test: Float32Array; initLoss: number } | null;
  randomSlice: { t: Float32Array; train: Float32Array; test: Float32Array } | null;
  plane: {
    view: string;
    resolution: number;
    span: number;
    values: Float32Array;
    /** Non-null when this plane cannot be drawn (e.g. a trajectory too short for PCA). */
    problem: string | null;
    pathA: Float32Array;
    pathB: Float32Array;
    /** Marked points in plane coordinates, e.g. the initial weights. */
    marks: { label: string; a: number; b: number }[];
    axisA: string;
    axisB: string;
    note: string;
  } | null;
  lens: {
    t: Float32Array;
    loss: Float32Array;
    /** The loss of one of the m examples alone (the one the kink direction aims at; else the hardest). */
    single: Float32Array;
    /** Which of the m averaged examples `single` is (an index into kinks.perExample). */
    singleExample: number;
    /** Where that example's own kinks are along t, sorted. */
    singleKinks: Float32Array;
    examples: number;
    direction: string;
    kinkAt: number | null;
    kinks: { total: number; perExample: Int32Array; positions: Float32Array; method: string; gridPoints: number };
  } | null;
  input: {
    index: number;
    /** Its rank by current loss (0 = hardest). */
    rank: number;
    label: number;
    x0: number;
    x1: number;
    t: Float32Array;
    loss: Float32Array;
    linear: Float32Array;
    epsilon: number;
    cleanLoss: number;
    fgsmLoss: number;
  } | null;
  /** The net drawn as layers of units with their maps over the input plane, refreshed every frame. */
  /** The network figure's unit maps; null while the page does not show that figure (Run.showFigures). */
  network: NetworkFrame | null;
  /** Why the run takes no step (an empty or one-class drawn set), or null. */
  refused: string | null;
}

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const lossSurfaceContract = defineContract<LossSurfaceFrameData>()({
  ...lossSurfaceMeta,
  schema: lossSurfaceSchema,
  // One preset per explanation of the smoothness (seed §8), plus the two classic pictures.
  presets: [
    { label: 'One example: the kinks show', help: 'The lens averages a single example along a direction aimed at a kink, zoomed in.', values: { activation: 'relu', examples: 1, lens: 'kink', span: 0.02 } },
    { label: 'All examples: they blur', help: 'The same zoom, averaged over the whole training set: hundreds of small corners.', values: { activation: 'relu', examples: 2048, lens: 'kink', span: 0.02 } },
    { label: 'A random direction misses them', help: 'One example again, but along a random direction: the corners may lie off the slice.', values: { activation: 'relu', examples: 1, lens: 'random', span: 0.02 } },
    { label: 'Smooth units (tanh)', help: 'Swap the rectifiers for tanh: no kinks at all, for comparison.', values: { activation: 'tanh', examples: 1, lens: 'kink', span: 0.02 } },
    { label: 'Straight path from init', help: 'The plane through the initial and current weights (Goodfellow et al. 2015).', values: { view: 'interpolation', span: 1.2 } },
    { label: 'Optimisation path (PCA)', help: 'The plane of the path’s top two principal directions, with the path drawn (Li et al. 2018).', values: { view: 'pca', span: 1.2 } },
    { label: 'Near-linear in the input', help: 'One gradient-sign step on a data point, as in the fast gradient sign method.', values: { epsilon: 0.3 } },
  ],
  layout: {
    // The lens first: one example's kinked loss beside the mean over many, where they blur.
    figures: ['lens', 'line', 'slice', 'plane', 'input', 'network'],
    hero: 'lens',
    keyControls: ['examples', 'span', 'activation'],
    // Nothing here is a story told in time: every view is of the weights now, so it may train at full speed.
    pace: Infinity,
  },
});
