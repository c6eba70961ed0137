/** Parameters of the learned-proxy experiment: REINFORCE, backprop through a learned critic, and the oracle. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { SnapshotData } from '../experiment';

export const learnedProxyMeta = {
  id: 'learned-proxy',
  title: 'Backprop through a learned proxy of the reward',
  summary:
    'A bandit policy learns from the real reward by REINFORCE, by backprop through a learned reward model (a critic), and by backprop through the true reward, side by side.',
} as const;

export const ACTION_KINDS = ['continuous', 'discrete'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const RELAXATIONS = ['st-gumbel', 'gumbel-softmax'] as const;
export type Relaxation = (typeof RELAXATIONS)[number];

export const learnedProxySchema = {
  action: {
    kind: 'choice',
    label: 'Actions',
    options: ACTION_KINDS,
    optionLabels: { continuous: 'Continuous (Gaussian policy)', discrete: 'Discrete (K arms)' },
    default: 'continuous',
    help: 'A 1-D action drawn from a Gaussian with learned mean and spread, or one of K arms drawn from a softmax. Changing it starts afresh.',
    effect: 'shape',
  },
  arms: {
    kind: 'number',
    label: 'Arms K (discrete)',
    min: 2,
    max: 32,
    step: 1,
    integer: true,
    default: 8,
    help: 'Number of arms of the discrete bandit. Changing it starts afresh.',
    effect: 'shape',
  },
  relaxation: {
    kind: 'choice',
    label: 'Through the critic (discrete)',
    options: RELAXATIONS,
    optionLabels: { 'st-gumbel': 'Straight-through Gumbel', 'gumbel-softmax': 'Gumbel-softmax (relaxed)' },
    default: 'st-gumbel',
    help: 'How a discrete action is differentiated: the critic’s slope at the hard one-hot sample (straight-through), or the critic evaluated at the relaxed sample itself.',
    effect: 'live',
  },
  tau: {
    kind: 'number',
    label: 'Relaxation temperature τ',
    min: 0.1,
    max: 5,
    step: 0.01,
    log: true,
    default: 0.5,
    help: 'Temperature of the Gumbel-softmax relaxation: low is close to one-hot but steep, high is smooth but far from any real action.',
    effect: 'live',
  },
  batch: {
    kind: 'number',
    label: 'Samples per step',
    min: 1,
    max: 64,
    step: 1,
    integer: true,
    default: 2,
    help: 'Actions each learner tries (and rewards it sees) per step. The curves are drawn against samples, so learners are compared at equal experience.',
    effect: 'live',
  },
  policyLr: {
    kind: 'number',
    label: 'Policy learning rate',
    min: 0.001,
    max: 0.5,
    step: 0.001,
    log: true,
    default: 0.02,
    help: 'Adam step size of all three policies (the same for each, so only the gradient differs).',
    effect: 'live',
  },
  noise: {
    kind: 'number',
    label: 'Reward noise σ_r',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.3,
    help: 'Standard deviation of the noise added to each observed reward.',
    effect: 'live',
  },
  baseline: {
    kind: 'bool',
    label: 'REINFORCE baseline',
    default: true,
    help: 'Subtract a running average of the reward from each reward in REINFORCE (lowers its variance, keeps it unbiased).',
    effect: 'live',
  },
  criticLr: {
    kind: 'number',
    label: 'Critic learning rate',
    min: 0.0001,
    max: 100,
    step: 0.0001,
    log: true,
    default: 0.01,
    help: 'Adam step size of the reward model. Far too large and the critic diverges: the panel says so and stops that learner only.',
    effect: 'live',
  },
  criticSteps: {
    kind: 'number',
    label: 'Critic fits per step',
    min: 1,
    max: 32,
    step: 1,
    integer: true,
    default: 4,
    help: 'Minibatch updates of the critic on the samples seen so far, per policy step.',
    effect: 'live',
  },
  criticHidden: {
    kind: 'number',
    label: 'Critic hidden units',
    min: 4,
    max: 64,
    step: 1,
    integer: true,
    default: 24,
    help: 'Width of the critic’s one tanh hidden layer. Changing it starts afresh.',
    effect: 'shape',
  },
  budget: {
    kind: 'number',
    label: 'Samples per learner (budget)',
    min: 200,
    max: 20000,
    step: 100,
    integer: true,
    default: 3000,
    help: 'Training stops once each learner has tried this many actions, so the curves stay comparable. Raise it to continue.',
    effect: 'live',
  },
  threshold: {
    kind: 'number',
    label: 'Target (share of best reward)',
    min: 0.5,
    max: 0.99,
    step: 0.01,
    default: 0.9,
    help: 'A learner “reaches the target” the first time its expected reward is at least this share of the best possible.',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type LearnedProxySchema = typeof learnedProxySchema;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const learnedProxyContract = defineContract<SnapshotData>()({
  ...learnedProxyMeta,
  schema: learnedProxySchema,
  presets: [],
  layout: {
    figures: ['reward', 'critic', 'gradients'],
    hero: 'reward',
    keyControls: ['action', 'batch', 'noise'],
    pace: 30,
  },
});
