/**
 * Parameters of the mixture-density experiment (issue 15 A, brainstorm §1): a task with several
 * answers per input, the mixture's size and the knobs that make backprop on it fail (components,
 * learning rate, variance floor, initialisation), and one toggle per learner (applied live: a learner
 * switched off keeps its weights and pauses). Also the frame type the panel reads. No tfjs here.
 */
import { hiddenUnitsParam, learningRateParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';

export const mixtureDensityMeta = {
  id: 'mixture-density',
  title: 'Conditional Gaussian mixtures',
  summary:
    'Predict an answer with several possible values: a single Gaussian averages them, a mixture density network trained by backprop, winner-takes-all, a sampled component (score function, Gumbel-softmax) and EM race from one seed.',
} as const;

/** The learners, in the order the panel lists them. */
export const LEARNER_IDS = ['single', 'mdn', 'wta', 'ewta', 'score', 'gumbel', 'em'] as const;
export type LearnerId = (typeof LEARNER_IDS)[number];

export const LEARNER_NAMES: Record<LearnerId, string> = {
  single: 'single Gaussian',
  mdn: 'MDN (soft credit)',
  wta: 'winner-takes-all',
  ewta: 'relaxed WTA (ε annealed)',
  score: 'sampled k: score function',
  gumbel: 'sampled k: Gumbel-softmax',
  em: 'EM (fixed responsibilities)',
};

/** At most this many components: see the help of `components`. */
export const MAX_COMPONENTS = 32;

const toggle = (label: string, help: string) => ({ kind: 'bool', label, help, default: true, effect: 'live' }) as const;

export const mixtureDensitySchema = {
  task: {
    kind: 'choice',
    label: 'Task',
    options: ['inverse', 'arms'],
    optionLabels: { inverse: 'Inverse problem (1-D answer)', arms: 'Three arms (2-D answer)' },
    default: 'inverse',
    help: 'Inverse: y ~ U(0, 1), x = y + 0.3 sin 2πy + noise; predict y from x (up to three answers). Arms: predict a 2-D point from x; it lies on one of three arms turning with x. Changing it starts afresh.',
    effect: 'shape',
  },
  size: {
    kind: 'number',
    label: 'Training points',
    min: 100,
    max: 20000,
    step: 100,
    log: true,
    integer: true,
    default: 1000,
    help: 'Size of the training set, drawn from the seed. The learners keep their weights when it changes.',
    effect: 'data',
  },
  noise: {
    kind: 'number',
    label: 'Noise σ',
    min: 0.01,
    max: 0.3,
    step: 0.005,
    default: 0.05,
    help: 'Inverse: Gaussian noise added to x. Arms: to each coordinate of the answer. The learners keep their weights.',
    effect: 'data',
  },
  components: {
    kind: 'number',
    label: 'Components K',
    min: 1,
    max: MAX_COMPONENTS,
    step: 1,
    integer: true,
    default: 3,
    help: 'Gaussians in each learner’s mixture. At most 32: every frame draws 64 × 64 × K densities per learner and the seed sweep trains 7 learners × 10 seeds, which past 32 no longer fits the 30 frames a second the panel must keep. Changing it starts afresh.',
    effect: 'shape',
  },
  hidden: hiddenUnitsParam('tanh units of every learner’s one hidden layer. Changing it starts afresh.', 'shape'),
  init: {
    kind: 'number',
    label: 'Initialisation scale',
    min: 0.05,
    max: 5,
    step: 0.01,
    log: true,
    default: 1,
    help: 'Spread of the initial weights. Small: the components start almost identical and must break their symmetry by noise alone. Large: saturated units and far-flung components. Changing it starts afresh.',
    effect: 'shape',
  },
  lr: learningRateParam(0.3, 0.01, 'Adam step of every learner. Too high and a learner’s σ collapses or its weights turn NaN: that learner stops with a message, the others carry on.', 'live'),
  floor: {
    kind: 'number',
    label: 'Variance floor',
    min: 0,
    max: 0.2,
    step: 0.001,
    default: 0.01,
    help: 'σ = floor + exp(s). At 0 nothing stops a component from shrinking onto a few points, where its likelihood grows without bound (variance collapse).',
    effect: 'live',
  },
  batch: {
    kind: 'number',
    label: 'Minibatch',
    min: 1,
    max: 256,
    step: 1,
    log: true,
    integer: true,
    default: 32,
    help: 'Points per step; every learner sees the same minibatch.',
    effect: 'live',
  },
  epsilon: {
    kind: 'number',
    label: 'Relaxed WTA ε (start)',
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0.2,
    help: 'Relaxed winner-takes-all: the winner gets 1 − ε of the credit, the others ε/(K − 1); ε falls to 0 over the learner’s first 2,000 steps.',
    effect: 'live',
  },
  tau: {
    kind: 'number',
    label: 'Gumbel-softmax τ',
    min: 0.05,
    max: 5,
    step: 0.01,
    log: true,
    default: 0.5,
    help: 'Temperature of the relaxed choice: low is nearly one-hot (high-variance gradient), high blends the components (biased).',
    effect: 'live',
  },
  slice: {
    kind: 'number',
    label: 'Arms: input x shown',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.5,
    help: 'The three-arms heatmaps show p(y | x) over the plane of answers at this x, with the training points whose x is within 0.05.',
    effect: 'live',
  },
  single: toggle('Single Gaussian', 'Least squares on the mean: it learns the conditional mean, the average of the answers.'),
  mdn: toggle('MDN (soft credit)', 'Backprop on −log Σ π_k N_k(y): every component gets credit in proportion to its responsibility.'),
  wta: toggle('Winner-takes-all', 'Hard credit: only the component whose mean is nearest to y learns from it.'),
  ewta: toggle('Relaxed WTA', 'The winner gets 1 − ε, the others share ε; ε annealed to 0 (Rupprecht et al. 2017, Makansi et al. 2019).'),
  score: toggle('Sampled k: score function', 'The component drawn from π(x) as a discrete latent; the choice learns by (f − b)∇log π_k with a moving-average baseline.'),
  gumbel: toggle('Sampled k: Gumbel-softmax', 'The drawn component relaxed to soft weights z = softmax((log π + g)/τ); gradients flow through z.'),
  em: toggle('EM (reference)', 'Responsibilities computed once per minibatch and held fixed as targets for 5 gradient steps: no gradient through the choice.'),
} as const satisfies ParamSchema;

export type MixtureDensitySchema = typeof mixtureDensitySchema;

/** One learner's row of the frame. */
export interface MixtureLearnerRow {
  id: LearnerId;
  enabled: boolean;
  status: 'off' | 'training' | 'stopped';
  /** Why the learner stopped (NaN or variance collapse), else ''. */
  message: string;
  stopKind: 'nan' | 'variance' | null;
  steps: number;
  /** Mean NLL of the last minibatch (the single Gaussian: half its squared error). */
  loss: number | null;
  testNll: number | null;
  /** p(y | x) on the G × G grid, row 0 at the top. */
  heat: Float32Array;
  /** Components across x: [nX, K, D] means, [nX, K] weights and σ (K = 1 for the single Gaussian). */
  means: Float32Array;
  weights: Float32Array;
  sigmas: Float32Array;
  components: number;
  coverage: number | null;
  modesAtThree: number | null;
  dead: number;
}

export interface MixtureSweepRow {
  id: LearnerId;
  runs: number;
  nan: number;
  variance: number;
  /** Runs that ended with at least one unused component. */
  dead: number;
  /** Runs covering at least 90% of the judged modes. */
  allModes: number;
  /** Mean over runs of the modes covered at three-mode inputs. */
  meanModes: number | null;
  meanTestNll: number | null;
}

/** The snapshot's payload (src/core/experiments/mixture-density.ts, snapshot()). */
export interface MixtureDensityFrame {
  task: 'inverse' | 'arms';
  D: 1 | 2;
  K: number;
  grid: number;
  xRange: [number, number];
  yRange: [number, number];
  slice: number;
  /** Training points drawn on the heatmaps: inverse, a sample of all; arms, those near the slice. */
  dataX: Float32Array;
  dataY: Float32Array;
  /** Inverse: the noise-free curve (x(y), y); arms: the three true answers at the slice, as (y₁, y₂). */
  truthX: Float32Array;
  truthY: Float32Array;
  componentXs: Float32Array;
  rows: MixtureLearnerRow[];
  historySteps: Float32Array;
  /** Test NLL per learner over steps, in LEARNER_IDS order (NaN while off or stopped). */
  historyNll: Float32Array[];
  sweepSeeds: number;
  sweepSteps: number;
  sweepDone: number;
  sweep: MixtureSweepRow[];
}

/** The defaults the presets start from, every learner on, spelled out so each preset tells the same story. */
const PRESET_BASE = {
  single: true, mdn: true, wta: true, ewta: true, score: true, gumbel: true, em: true,
  task: 'inverse', size: 1000, noise: 0.05, components: 3, hidden: 24, init: 1, lr: 0.01, floor: 0.01, batch: 32, epsilon: 0.2, tau: 0.5,
} as const;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const mixtureDensityContract = defineContract<MixtureDensityFrame>()({
  ...mixtureDensityMeta,
  schema: mixtureDensitySchema,
  // Each preset starts the race afresh: the learners are compared from the same start.
  presets: [
    { label: 'The inverse problem', help: 'Bishop’s inverse problem with every learner, K = 3, the defaults.', values: PRESET_BASE },
    { label: 'Three arms (2-D answers)', help: 'Predict a point of the plane from x; at every x it lies on one of three arms.', values: { ...PRESET_BASE, task: 'arms' } },
    {
      label: 'Variance collapse (floor 0)',
      help: 'No variance floor, learning rate 0.1, K = 5: components shrink onto a few points and their learners stop, one by one.',
      values: { ...PRESET_BASE, floor: 0, lr: 0.1, components: 5 },
    },
    { label: 'Too many components (K = 10)', help: 'K = 10 for three answers: watch which learners leave components unused.', values: { ...PRESET_BASE, components: 10 } },
  ],
  layout: {
    figures: ['density', 'components', 'nll', 'sweep'],
    hero: 'density',
    keyControls: ['task', 'components', 'floor'],
    pace: 120,
  },
});
