/**
 * Parameters of the sparse-credit experiment: the semester (or key-to-door) task, the sizes, the
 * knobs of the mechanisms, and one toggle per credit mechanism (applied live: a learner switched off
 * keeps its weights and pauses; switched on again it carries on).
 */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { SnapshotData } from '../experiment';

/** Id, title and summary without tfjs, so the page's catalog can list the experiment cheaply. */
export const sparseCreditMeta = {
  id: 'sparse-credit',
  title: 'Sparse credit over long sequences',
  summary:
    'One decision at the start of a semester, thousands of distractions, a grade at the end: how full and truncated BPTT, soft and sparse attention, an abstract model, quizzes and a critic find the decision.',
} as const;

/** The toggles, in the order the panel lists the learners. */
export const MECHANISM_KEYS = ['bptt', 'tbptt', 'soft', 'sparse', 'abstract', 'quiz', 'critic'] as const;

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
    default: 4,
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
} as const satisfies ParamSchema;

export type SparseCreditSchema = typeof sparseCreditSchema;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const sparseCreditContract = defineContract<SnapshotData>()({
  ...sparseCreditMeta,
  schema: sparseCreditSchema,
  presets: [],
  layout: {
    figures: ['raster', 'share', 'learning'],
    hero: 'raster',
    keyControls: ['task', 'T', 'topK'],
    pace: 30,
  },
});
