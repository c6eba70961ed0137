/**
 * Parameters of the gradient-estimators experiment: which problem, where to measure (θ or μ), the
 * problem's knobs, K, τ, the learning rate of the race, and one toggle per estimator.
 */
import { learningRateParam, temperatureParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { GradientVarianceFrame } from './gradient-variance.frame';
import { GAUSSIAN_COSTS } from '../estimators/problems/gaussian-cost-names';

export const PROBLEMS = ['toy', 'units', 'gaussian'] as const;
export type ProblemName = (typeof PROBLEMS)[number];

const toggle = (label: string, help: string, on = true) =>
  ({ kind: 'bool', label, help, default: on, effect: 'shape' }) as const;

export const gradientVarianceSchema = {
  problem: {
    kind: 'choice',
    label: 'Problem',
    options: PROBLEMS,
    optionLabels: { toy: 'Tucker toy E[(b − t)²]', units: 'N units Σ(bᵢ − t)²', gaussian: 'Gaussian unit' },
    default: 'toy',
    help: 'One Bernoulli unit (the REBAR/RELAX toy), N independent units (estimate d/dφ₁), or one Gaussian unit (the continuous contrast). Changing it restarts the race.',
    effect: 'shape',
  },
  n: {
    kind: 'number',
    label: 'Units N',
    min: 1,
    max: 4096,
    step: 1,
    log: true,
    integer: true,
    default: 16,
    help: 'Number of units in the N-unit problem. The true d/dφ₁ does not depend on N; the score function’s variance does. Restarts the race.',
    effect: 'shape',
  },
  theta: {
    kind: 'number',
    label: 'θ (start)',
    min: 0.01,
    max: 0.99,
    step: 0.01,
    default: 0.5,
    help: 'Probability θ = sigmoid(φ) of every unit: the statistics are measured here and the race starts here. Restarts the race.',
    effect: 'shape',
  },
  t: {
    kind: 'number',
    label: 'Target t',
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.45,
    help: 'The cost is (b − t)². At t = 0.45 the optimum θ = 0 is easy to see; at 0.499 the signal is tiny and plain REINFORCE barely moves.',
    effect: 'live',
  },
  k: {
    kind: 'number',
    label: 'Samples K',
    min: 1,
    max: 65536,
    step: 1,
    log: true,
    integer: true,
    default: 2,
    help: 'Samples per gradient estimate (per training step). RLOO needs K ≥ 2. N × K above 2^24 elements is refused: it would not fit in memory.',
    effect: 'live',
  },
  tau: temperatureParam('Relaxation temperature of Concrete and straight-through Gumbel (REBAR starts here, then tunes its own). Lower τ: less bias, more variance. Below 0.01 float32 makes the relaxed gradient zero for almost every sample.', 'live'),
  learningRate: learningRateParam(1, 0.01, 'Adam step size for the race (the REBAR and RELAX papers use 0.01).', 'live'),
  gaussianCost: {
    kind: 'choice',
    label: 'Gaussian cost',
    options: GAUSSIAN_COSTS,
    optionLabels: { quadratic: '(x − k)²', exp: 'exp(−k x²)', cos: 'cos(k x)' },
    default: 'cos',
    help: 'The test costs of Mohamed et al. 2020. Pathwise wins on smooth, slowly varying costs; the score function on rapidly varying ones (cos with large k).',
    effect: 'live',
  },
  gaussianK: {
    kind: 'number',
    label: 'Cost k',
    min: 0.1,
    max: 20,
    step: 0.1,
    log: true,
    default: 1,
    help: 'The k in the Gaussian cost: larger k makes cos(k x) and exp(−k x²) vary faster.',
    effect: 'live',
  },
  mu: {
    kind: 'number',
    label: 'μ (start)',
    min: -3,
    max: 3,
    step: 0.01,
    default: 1,
    help: 'Mean of the Gaussian unit: statistics are measured here and the race (which trains μ) starts here. Restarts the race.',
    effect: 'shape',
  },
  sigma: {
    kind: 'number',
    label: 'σ',
    min: 0.1,
    max: 5,
    step: 0.01,
    log: true,
    default: 1,
    help: 'Standard deviation of the Gaussian unit (held fixed while μ trains).',
    effect: 'live',
  },
  exact: toggle('Exact', 'The exact gradient: zero variance, the reference racer.'),
  sf: toggle('Score function', 'REINFORCE, no baseline (Williams 1992). For the Gaussian unit: its score function.'),
  sfOracle: toggle(
    'SF + exact mean',
    'Score function with the exact E[f] as baseline: an oracle (the mean is not the variance-optimal constant, E[f s²]/E[s²], except at θ = ½).',
    false,
  ),
  sfAverage: toggle('SF + moving average', 'Score function with a running average of f as baseline.'),
  sfOptimal: toggle(
    'SF + optimal baseline',
    'Score function with the variance-optimal constant c* = E[f s²]/E[s²]: estimated online per unit for binary units, exact from the closed form for the Gaussian unit.',
    false,
  ),
  rloo: toggle('RLOO', 'Leave-one-out baseline from the other K − 1 samples (Kool et al. 2019); needs K ≥ 2. For the Gaussian unit: the same baseline on its score function.'),
  st: toggle('Straight-through', 'Hard sample forward, dθ/dφ backward (Bengio et al. 2013). Biased: on the toy it settles at θ = t.'),
  concrete: toggle('Concrete', 'Differentiate through a relaxed sample at temperature τ (Maddison et al., Jang et al. 2017). Biased.'),
  stGumbel: toggle('ST-Gumbel', 'Hard sample forward, relaxed sample backward. Biased.', false),
  rebar: toggle('REBAR', 'Score function with a relaxed control variate, η and τ tuned online (Tucker et al. 2017). Unbiased.', false),
  arm: toggle('ARM', 'Antithetic pair from one uniform (Yin & Zhou 2019). Unbiased, 2 evaluations per sample.', false),
  disarm: toggle('DisARM', 'ARM with the augmentation integrated out (Dong et al. 2020). Unbiased, 2 evaluations per sample.'),
  pathwise: toggle('Pathwise', 'Reparameterisation x = μ + σε, backprop through x. Gaussian unit only: a Bernoulli sample has no path to differentiate.'),
} as const satisfies ParamSchema;

export type GradientVarianceSchema = typeof gradientVarianceSchema;

/**
 * The estimator toggles, in table order. Tables keyed by estimator are Record<EstimatorKey, …>, so an
 * estimator added here without its colour, formula or label does not compile.
 */
export const ESTIMATOR_KEYS = [
  'exact',
  'sf',
  'sfOracle',
  'sfAverage',
  'sfOptimal',
  'rloo',
  'st',
  'concrete',
  'stGumbel',
  'rebar',
  'arm',
  'disarm',
  'pathwise',
] as const satisfies readonly (keyof GradientVarianceSchema)[];
export type EstimatorKey = (typeof ESTIMATOR_KEYS)[number];

/**
 * The estimators that tell the section's story, selected by default (the rest are one click away):
 * exact, REINFORCE, one baseline, RLOO, straight-through, one relaxation, DisARM.
 */
export const STORY_ESTIMATORS = ESTIMATOR_KEYS.filter((k) => gradientVarianceSchema[k].default);

export * from './gradient-variance.frame';

/** Every estimator off: a preset then switches on exactly the ones its story needs. */
const ALL_OFF = Object.fromEntries(ESTIMATOR_KEYS.map((k) => [k, false])) as Record<EstimatorKey, boolean>;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const gradientVarianceContract = defineContract<GradientVarianceFrame>()({
  id: 'gradient-variance',
  title: 'Gradient estimators for stochastic units',
  summary:
    'Bias, variance, SNR and cost of gradient estimators for Bernoulli and Gaussian units, and a training race on the Tucker toy.',
  schema: gradientVarianceSchema,
  presets: [
    {
      label: 'Biased but quiet (t = 0.45)',
      help: 'The REBAR toy: straight-through and the Gumbel relaxations against the score function and REBAR.',
      values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.45, k: 2, tau: 0.5, learningRate: 0.01, exact: true, sf: true, st: true, concrete: true, stGumbel: true, rebar: true },
    },
    {
      label: 't = 0.499',
      help: 'The RELAX setting: the gradient is tiny, so only low-variance unbiased estimators make progress.',
      values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.499, k: 2, learningRate: 0.01, exact: true, sf: true, rloo: true, rebar: true, disarm: true },
    },
    {
      label: 'REINFORCE does not scale (N = 1024)',
      help: '1024 independent units: the other units’ cost drowns unit 1’s signal in the score function. The N sweep beside the figure measures it up to N = 1024.',
      values: { ...ALL_OFF, problem: 'units', n: 1024, theta: 0.5, t: 0.45, k: 2, learningRate: 0.01, exact: true, sf: true, sfOracle: true, rloo: true, arm: true, disarm: true },
    },
    {
      label: 'Gaussian, smooth cost: pathwise wins',
      help: 'A continuous unit, where backprop through the sample works: (x − 2)² from μ = −1.',
      values: { ...ALL_OFF, problem: 'gaussian', mu: -1, sigma: 1, gaussianCost: 'quadratic', gaussianK: 2, k: 2, learningRate: 0.01, sf: true, sfOptimal: true, rloo: true, pathwise: true },
    },
    {
      label: 'Gaussian, cos(8x): score wins',
      help: 'A rapidly varying cost: the pathwise derivative swings by ±8 while the score function only sees f between −1 and 1 (Mohamed et al. 2020).',
      values: { ...ALL_OFF, problem: 'gaussian', mu: 1, sigma: 1, gaussianCost: 'cos', gaussianK: 8, k: 2, learningRate: 0.01, sf: true, sfOptimal: true, rloo: true, pathwise: true },
    },
  ],
  layout: {
    figures: ['strip', 'sweep', 'race', 'raceCost'],
    hero: 'strip',
    keyControls: ['problem', 'n', 'k'],
    pace: Infinity,
  },
});
