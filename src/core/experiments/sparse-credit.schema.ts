/**
 * Parameters of the sparse-credit experiment: the semester (or key-to-door) task, the sizes, the
 * knobs of the mechanisms, and one toggle per credit mechanism (applied live: a learner switched off
 * keeps its weights and pauses; switched on again it carries on).
 */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import { MECHANISMS, type MechanismId } from '../credit/mechanism';
import type { SparseCreditFrame } from './sparse-credit.frame';

export type { LearnerStatus, SparseCreditFrame, SparseCreditRow } from './sparse-credit.frame';
export type { MechanismId } from '../credit/mechanism';

/** Id, title and summary without tfjs, so the page's catalog can list the experiment cheaply. */
export const sparseCreditMeta = {
  id: 'sparse-credit',
  title: 'Sparse credit over long sequences',
  summary:
    'One decision at the start of a semester, thousands of distractions, a grade at the end: how full and truncated BPTT, soft and sparse attention, an abstract model, quizzes and a critic find the decision.',
} as const;

/**
 * The toggles, in the order the panel lists the learners: the mechanisms themselves (credit/mechanism.ts
 * is the one list). The schema below must hold a bool toggle for each, which its `satisfies` checks.
 */
export const MECHANISM_KEYS = MECHANISMS;

const toggle = (label: string, help: string, on = true) => ({ kind: 'bool', label, help, default: on, effect: 'live' }) as const;

export const sparseCreditSchema = {
  task: {
    kind: 'choice',
    label: 'Task',
    options: ['semester', 'key-to-door'],
    optionLabels: { semester: 'Semester', 'key-to-door': 'Key to door' },
    default: 'semester',
    help: 'Semester: pass (+1) or fail (−1) depending only on the first choice. Key-to-door (Hung et al. 2019): take a key or not, walk past apples, and the door pays 1 only with the key.',
    effect: 'live',
  },
  T: {
    kind: 'number',
    label: 'Semester length T',
    min: 10,
    max: 10000,
    step: 1,
    log: true,
    integer: true,
    default: 100,
    help: 'Events from the choice (event 1) to the grade (event T). Every learner keeps its weights when T changes.',
    effect: 'data',
  },
  distractorReward: {
    kind: 'number',
    label: 'Distractor reward',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0,
    help: 'Semester: a random ±a on every distractor day, unrelated to the grade. Key-to-door: a per apple. It adds to the return every learner predicts, so it is noise to see through.',
    effect: 'live',
  },
  batch: {
    kind: 'number',
    label: 'Semesters per step',
    min: 1,
    max: 1024,
    step: 1,
    log: true,
    integer: true,
    default: 4,
    help: 'Episodes each learner lives through per training step. Settings whose step would need more memory than the page allows are refused before anything is allocated.',
    effect: 'live',
  },
  hidden: {
    kind: 'number',
    label: 'RNN hidden units',
    min: 2,
    max: 256,
    step: 1,
    log: true,
    integer: true,
    default: 16,
    help: 'Size of the recurrent network behind full BPTT, truncated BPTT and the quiz learner. Changing it starts every learner afresh from the seed.',
    effect: 'shape',
  },
  window: {
    kind: 'number',
    label: 'Truncation window k',
    min: 1,
    max: 10000,
    step: 1,
    log: true,
    integer: true,
    default: 20,
    help: 'Truncated BPTT backpropagates through the last k events only. With k < T the gradient never reaches the choice.',
    effect: 'live',
  },
  topK: {
    kind: 'number',
    label: 'Sparse attention k',
    min: 1,
    max: 64,
    step: 1,
    log: true,
    integer: true,
    default: 3,
    help: 'Events the sparse learner attends to (and sends gradient to). While training it picks them by score plus Gumbel noise, so a neglected event is still tried now and then.',
    effect: 'live',
  },
  quizzes: {
    kind: 'number',
    label: 'Quizzes m',
    min: 0,
    max: 50,
    step: 1,
    integer: true,
    // 50 by default so the "intermediate rewards" section shows its claim at T = 100: with 50 quizzes
    // the quiz learner learns within 1,200 episodes on all of seeds 1–5 (96, 284, 68, 1108, 84); with 25
    // on 3 of them (320, 536, 296); seed 1 needs 556 with 19, does not learn with 10 (p = 0.86 at the
    // end) and stays at chance with 4 or none, like full BPTT (CLI, 300 steps of 4 episodes).
    default: 50,
    help: 'Quizzes spread evenly through the semester for the quiz learner; each scores like the grade, so it is an intermediate reward. m = 0 is plain full BPTT.',
    effect: 'live',
  },
  learningRate: {
    kind: 'number',
    label: 'Learning rate',
    min: 0.001,
    max: 1,
    step: 0.001,
    log: true,
    default: 0.05,
    help: 'SGD step of every learner’s model (the policy has its own fixed rate). Too high and a learner diverges: its row says so and the others carry on.',
    effect: 'live',
  },
  bptt: toggle('Full BPTT (RNN)', 'An RNN reads every event and backpropagates through all T of them: the gradient reaching event 1 shrinks as T grows.'),
  tbptt: toggle('Truncated BPTT', 'The same RNN, backpropagating through the last k events only.'),
  soft: toggle('Soft attention', 'One query at the end attends over all T events: each gets a share of the weight, and of the gradient.'),
  sparse: toggle('Sparse top-k attention', 'Sparse Attentive Backtracking (Ke et al. 2018): the gradient flows through the k best-scoring events only.'),
  abstract: toggle('Abstract two-step model', 'The semester compressed to “choice → preparedness → grade”; backprop through that.'),
  quiz: toggle('Quizzes (intermediate rewards)', 'The RNN with full BPTT, also predicting m quiz scores along the way.'),
  critic: toggle('Learned critic (TD errors)', 'Actor-critic: a value function learned by TD(0); the TD error after the choice is the choice’s reward.'),
} as const satisfies ParamSchema & Record<MechanismId, { kind: 'bool' }>;

export type SparseCreditSchema = typeof sparseCreditSchema;

const ALL_ON: Record<MechanismId, boolean> = { bptt: true, tbptt: true, soft: true, sparse: true, abstract: true, quiz: true, critic: true };
const ALL_OFF: Record<MechanismId, boolean> = { bptt: false, tbptt: false, soft: false, sparse: false, abstract: false, quiz: false, critic: false };

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const sparseCreditContract = defineContract<SparseCreditFrame>()({
  ...sparseCreditMeta,
  schema: sparseCreditSchema,
  // No seed: a preset resets, so the learning curves compare the learners from scratch.
  presets: [
    {
      label: 'One decision, a thousand distractions',
      help: 'T = 1,000: every learner on the same semesters. Watch which rows keep a bright first column.',
      values: { ...ALL_ON, task: 'semester', T: 1000, distractorReward: 0, batch: 4, window: 20, topK: 3, quizzes: 4, learningRate: 0.05 },
    },
    {
      label: 'Quizzes help',
      help: 'T = 100: the RNN alone (full BPTT) against the same RNN with 19 quizzes, and truncated BPTT for chance.',
      values: { ...ALL_OFF, bptt: true, tbptt: true, quiz: true, task: 'semester', T: 100, distractorReward: 0, batch: 4, window: 20, quizzes: 19, learningRate: 0.05 },
    },
    {
      label: 'Key to door, with apples',
      help: 'The TVT task (Hung et al. 2019): the key at the start, apples worth 0.1 on the way, the door pays 1 only with the key.',
      values: { ...ALL_ON, task: 'key-to-door', T: 300, distractorReward: 0.1, batch: 4, window: 20, topK: 3, quizzes: 4, learningRate: 0.05 },
    },
  ],
  layout: {
    figures: ['raster', 'share', 'learning'],
    hero: 'raster',
    keyControls: ['task', 'T', 'topK'],
    // At the defaults (T = 100, 4 semesters a step) soft attention learns to study after ~230 steps and sparse
    // top-k after ~550 (seed 1): 8 and 18 s at 30 steps/s, watchable; at 120 both are over in 5 s.
    pace: 30,
  },
});
