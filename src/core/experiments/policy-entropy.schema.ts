/** Parameters of the policy-entropy experiment: a softmax policy on K noisy arms, with an entropy bonus. */
import { samplesPerStepParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';

export const policyEntropyMeta = {
  id: 'policy-entropy',
  title: 'Entropy and the score-function signal',
  summary:
    'A softmax policy over K noisy arms learns by the score-function gradient, with an entropy bonus and a temperature: a concentrated policy hears almost nothing.',
} as const;

/** Limits the schema enforces, named so the tests and the panel quote the same numbers. */
export const TEMPERATURE_MIN = 0.05;
export const TEMPERATURE_MAX = 20;
export const BONUS_MAX = 2;

export const policyEntropySchema = {
  arms: {
    kind: 'number',
    label: 'Arms K',
    min: 2,
    max: 50,
    step: 1,
    integer: true,
    default: 10,
    help: 'Number of arms. One is best (mean reward 1), one is a decoy (0.8), the rest pay less. Changing it starts afresh.',
    effect: 'shape',
  },
  beta: {
    kind: 'number',
    label: 'Entropy bonus β',
    min: 0,
    max: BONUS_MAX,
    step: 0.005,
    default: 0,
    help: 'Weight of the policy’s entropy added to the expected reward it climbs. 0: no bonus. Capped at 2, where the bonus already outweighs any reward difference and the policy stays near uniform.',
    effect: 'live',
  },
  temperature: {
    kind: 'number',
    label: 'Softmax temperature T',
    min: TEMPERATURE_MIN,
    max: TEMPERATURE_MAX,
    step: 0.01,
    log: true,
    default: 1,
    help: 'p = softmax(θ / T). Low: small changes of the logits make the policy nearly greedy. High: the policy stays near uniform. Limited to 0.05–20 so the logits stay in a safe range.',
    effect: 'live',
  },
  lr: {
    kind: 'number',
    label: 'Learning rate',
    min: 0.001,
    max: 5,
    step: 0.001,
    log: true,
    default: 0.5,
    help: 'Plain gradient-ascent step on the logits (no Adam, so the gradient’s size is what moves the policy).',
    effect: 'live',
  },
  batch: samplesPerStepParam(1, 'Arms pulled per step; the score-function gradient averages over them.', 'live'),
  noise: {
    kind: 'number',
    label: 'Reward noise σ_r',
    min: 0,
    max: 2,
    step: 0.01,
    default: 0.5,
    help: 'Standard deviation of the noise on each pull’s reward.',
    effect: 'live',
  },
  budget: {
    kind: 'number',
    label: 'Steps (budget)',
    min: 100,
    max: 100000,
    step: 100,
    integer: true,
    default: 3000,
    help: 'Training stops after this many steps so the curves keep their scale. Raise it to continue.',
    effect: 'live',
  },
  baseline: {
    kind: 'bool',
    label: 'Baseline',
    default: true,
    help: 'Subtract a running average of the reward (lower variance, same expected gradient).',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type PolicyEntropySchema = typeof policyEntropySchema;

/** What the policy-entropy snapshot carries (policy-entropy.ts, snapshot()). */
export interface PolicyEntropyFrame {
  arms: number;
  /** The policy p = softmax(θ/T), the arms' true means, and how often each arm was pulled. */
  probs: Float32Array;
  means: Float32Array;
  counts: Float32Array;
  /** The best arm, the decoy (mean 0.8) and the policy's favourite now. */
  best: number;
  decoy: number;
  top: number;
  pBest: number;
  entropy: number;
  /** log K: the entropy of the uniform policy. */
  maxEntropy: number;
  expectedReward: number;
  /** Norms of the last sampled score-function gradient and of the exact expected-reward gradient. */
  gradNorm: number | null;
  exactNorm: number | null;
  /** The first step at which the best arm held at least half the probability, or null. */
  foundAt: number | null;
  budget: number;
  /** The budget of steps is used: training stopped by design. */
  done: boolean;
  beta: number;
  temperature: number;
  historySteps: Float32Array;
  historyEntropy: Float32Array;
  historyGradNorm: Float32Array;
  historyExactNorm: Float32Array;
  historyReward: Float32Array;
  historyPBest: Float32Array;
}

/** The defaults the presets start from, spelled out so each preset always tells the same story. */
const PRESET_BASE = { arms: 10, beta: 0, temperature: 1, lr: 0.5, batch: 1, noise: 0.5, budget: 3000, baseline: true } as const;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const policyEntropyContract = defineContract<PolicyEntropyFrame>()({
  ...policyEntropyMeta,
  schema: policyEntropySchema,
  // Each preset tells the story of seed 1's arms (best arm 6, decoy arm 1), from a fresh start.
  presets: [
    { label: 'No entropy: stuck on a bad arm', help: 'β = 0, seed 1: an early lucky streak of the decoy arm takes all the probability, and nothing pulls it back.', values: PRESET_BASE, seed: 1 },
    { label: 'Entropy bonus finds the best arm', help: 'The same run with β = 0.1: the policy keeps trying the other arms long enough to find the best one.', values: { ...PRESET_BASE, beta: 0.1 }, seed: 1 },
    { label: 'Too much entropy', help: 'β = 0.6: the bonus outweighs the reward differences and the policy stays spread.', values: { ...PRESET_BASE, beta: 0.6 }, seed: 1 },
    { label: 'Cold softmax (T = 0.1)', help: 'A low temperature turns each logit step into a big jump in probability: the policy commits within a few pulls.', values: { ...PRESET_BASE, temperature: 0.1 }, seed: 1 },
  ],
  layout: {
    figures: ['policy', 'entropy', 'gradientSize'],
    hero: 'policy',
    keyControls: ['beta', 'temperature', 'arms'],
    // At the defaults the policy commits within about 300 steps (seed 1: entropy 2.3 → 0.17 nats by
    // step 300) and the budget is 3,000 steps: at 30 steps/s the commitment takes 10 s to watch and
    // the whole run 100 s, so a reader arriving sees the bars move, not a finished run.
    pace: 30,
  },
});
