/** Parameters of the learned-proxy experiment: REINFORCE, backprop through a learned critic, and the oracle. */
import { samplesPerStepParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';

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
  batch: samplesPerStepParam(2, 'Actions each learner tries (and rewards it sees) per step. The curves are drawn against samples, so learners are compared at equal experience.', 'live'),
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

/** The three learners, in the order the panel lists them. */
export const LEARNERS = ['reinforce', 'critic', 'oracle'] as const;
export type Learner = (typeof LEARNERS)[number];

/** A learner's policy as drawn: a Gaussian over the 1-D action, or a softmax over the arms. */
export type LearnerPolicy = { mu: number; sigma: number; density: Float32Array } | { probs: Float32Array };

/** What the learned-proxy snapshot carries (learned-proxy.ts, snapshot()): curves against samples, the critic's fit. */
export interface LearnedProxyFrame {
  action: ActionKind;
  relaxation: Relaxation;
  /** Actions each learner has tried so far (the x axis of every curve). */
  samples: number;
  budget: number;
  /** Every learner has used its budget: training stopped by design. */
  done: boolean;
  /** The best expected reward any policy can reach, and the target share of it. */
  best: number;
  target: number;
  curveSamples: Float32Array;
  curveReinforce: Float32Array;
  curveCritic: Float32Array;
  curveOracle: Float32Array;
  curveCriticLoss: Float32Array;
  value: Record<Learner, number>;
  /** Samples at which each learner first reached the target, or null. */
  reachedAt: Record<Learner, number | null>;
  stopped: Record<Learner, boolean>;
  policies: Record<Learner, LearnerPolicy>;
  /** Actions (continuous: 161 points over the action range; discrete: the arm indices). */
  grid: Float32Array;
  trueCurve: Float32Array;
  /** The critic's prediction on the grid; empty once it diverged. */
  criticCurve: Float32Array;
  criticLoss: number | null;
  criticDiverged: { step: number; reason: string } | null;
  recentActions: Float32Array;
  recentRewards: Float32Array;
  bufferSize: number;
}

/** The default continuous bandit, spelled out so every preset starts from the same settings. */
const PRESET_BASE = { action: 'continuous', batch: 2, policyLr: 0.02, noise: 0.3, baseline: true, criticLr: 0.01, criticSteps: 4, criticHidden: 24, threshold: 0.9 } as const;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const learnedProxyContract = defineContract<LearnedProxyFrame>()({
  ...learnedProxyMeta,
  schema: learnedProxySchema,
  // No seed: each restarts the current seed, so all three learners start together on equal experience.
  presets: [
    {
      label: 'Critic reaches the target first',
      help: 'The default continuous bandit, restarted: the critic learner reaches the target in fewer samples than REINFORCE (on each of the 5 seeds tested); REINFORCE, unbiased, may still end a little higher.',
      values: PRESET_BASE,
    },
    { label: 'Very noisy rewards', help: 'One sample per step and reward noise 0.8: REINFORCE needs many more samples, the critic averages the noise away.', values: { ...PRESET_BASE, batch: 1, noise: 0.8 } },
    { label: 'Diverging critic', help: 'A critic learning rate of 30: the reward model blows up, its learner stops, the other two carry on.', values: { ...PRESET_BASE, criticLr: 30 } },
    { label: 'Discrete arms, straight-through', help: 'Eight arms; the critic learner follows the critic’s slope at the hard one-hot action.', values: { ...PRESET_BASE, action: 'discrete', relaxation: 'st-gumbel', tau: 0.5 } },
    { label: 'Discrete arms, relaxed (τ = 2)', help: 'Gumbel-softmax at a high temperature: the critic is asked about blends of arms it never saw.', values: { ...PRESET_BASE, action: 'discrete', relaxation: 'gumbel-softmax', tau: 2 } },
  ],
  layout: {
    figures: ['reward', 'critic', 'gradients'],
    hero: 'reward',
    keyControls: ['action', 'batch', 'noise'],
    // The race is 1,500 steps at the defaults; the critic reaches the target near step 120 and
    // REINFORCE near 150. At 30 steps/s those crossings come 4–5 s apart from the start and the
    // whole budget lasts 50 s: the race is seen, not its result only.
    pace: 30,
  },
});
