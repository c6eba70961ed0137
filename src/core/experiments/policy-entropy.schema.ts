/** Parameters of the policy-entropy experiment: a softmax policy on K noisy arms, with an entropy bonus. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { SnapshotData } from '../experiment';

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
  batch: {
    kind: 'number',
    label: 'Samples per step',
    min: 1,
    max: 64,
    step: 1,
    integer: true,
    default: 1,
    help: 'Arms pulled per step; the score-function gradient averages over them.',
    effect: 'live',
  },
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

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const policyEntropyContract = defineContract<SnapshotData>()({
  ...policyEntropyMeta,
  schema: policyEntropySchema,
  presets: [],
  layout: {
    figures: ['policy', 'entropy', 'gradientSize'],
    hero: 'policy',
    keyControls: ['beta', 'temperature', 'arms'],
    pace: 30,
  },
});
