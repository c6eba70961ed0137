/** Parameters of the BPTT memory experiment: a tanh RNN trained through time under a memory strategy. */
import { hiddenUnitsParam, learningRateParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { HistoryFrame } from '../history';
import { MAX_T, STRATEGIES, STRATEGY_LABELS, type Strategy } from '../replay/strategies';
import type { TimelineFrame } from '../replay/timeline';
import type { FormulaFrame } from '../replay/cost-report';

/** Id, title and summary without tfjs, so the page's catalog can list the experiment cheaply. */
export const bpttMemoryMeta = {
  id: 'bptt-memory',
  title: 'Memory for backprop through time',
  summary:
    'A tanh RNN learns a delayed copy through T steps while a checkpointing schedule decides which hidden states are kept and which are recomputed.',
} as const;

export const bpttMemorySchema = {
  T: {
    kind: 'number',
    label: 'Sequence length T',
    min: 8,
    max: MAX_T,
    step: 1,
    log: true,
    integer: true,
    default: 256,
    help: 'Steps the RNN is unrolled through. Store-all keeps every one of them; the other strategies trade memory for recomputation.',
    effect: 'data',
  },
  strategy: {
    kind: 'choice',
    label: 'Memory strategy',
    options: STRATEGIES,
    optionLabels: STRATEGY_LABELS,
    default: 'sqrt',
    help: 'Which hidden states the forward pass keeps. Every strategy gives the same gradient; they differ in memory and in forward steps.',
    effect: 'live',
  },
  k: {
    kind: 'number',
    label: 'Checkpoint every k',
    min: 1,
    max: MAX_T,
    step: 1,
    log: true,
    integer: true,
    default: 16,
    help: 'Segment length for "checkpoint every k": about T/k + k states, about one extra forward pass. Clamped to T.',
    effect: 'live',
  },
  s: {
    kind: 'number',
    label: 'Checkpoints s (revolve)',
    min: 1,
    max: 256,
    step: 1,
    log: true,
    integer: true,
    default: 4,
    help: 'Stored states for binomial checkpointing, h₀ included. s = 1 recomputes every step from the start: T(T−1)/2 forward steps.',
    effect: 'live',
  },
  budget: {
    kind: 'number',
    label: 'Memory budget',
    min: 1,
    max: MAX_T,
    step: 1,
    log: true,
    integer: true,
    default: MAX_T,
    help: 'Most hidden states that may be stored at once. A strategy that needs more is refused, with the reason.',
    effect: 'live',
  },
  hidden: hiddenUnitsParam('Size of the tanh hidden state. Changing it rebuilds the network.', 'shape'),
  learningRate: learningRateParam(1, 0.01, 'Adam step size.', 'live'),
  delay: {
    kind: 'number',
    label: 'Copy delay d',
    min: 1,
    max: 16,
    step: 1,
    integer: true,
    default: 3,
    help: 'The RNN must output its input from d steps earlier, so credit has to travel at least d steps back.',
    effect: 'data',
  },
} as const satisfies ParamSchema;

export type BpttMemorySchema = typeof bpttMemorySchema;

/** Counts taken while a schedule ran: on the network in the last training step, or walked without it. */
export type BpttMeasured = {
  peakStates: number;
  forwardSteps: number;
  backwardSteps: number;
  forwardEvaluations: number;
  source: 'rnn' | 'dry-run';
};

/** What a bptt-memory frame carries (bptt-memory.ts, snapshot()); the panel reads exactly this. */
export type BpttMemoryFrame = {
  T: number;
  strategy: Strategy;
  strategyLabel: string;
  /** The k and s the plan used (clamped to T), null when the plan was refused. */
  k: number | null;
  s: number | null;
  budget: number;
  batch: number;
  delay: number;
  /** Why no schedule fits these settings, or null. */
  refused: string | null;
  /** Why the schedule is drawn but not trained with, or null. */
  trainingRefused: string | null;
  schedule: TimelineFrame | null;
  measured: BpttMeasured | null;
  formula: FormulaFrame | null;
  /** ‖∂L/∂hₜ‖ for t = 1 … T from the last training step; empty before one. */
  gradNorm: Float32Array;
  loss: number | null;
  lossHistory: HistoryFrame<'loss'>;
  parameterCount: number;
};

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const bpttMemoryContract = defineContract<BpttMemoryFrame>()({
  ...bpttMemoryMeta,
  schema: bpttMemorySchema,
  presets: [],
  layout: {
    figures: ['timeline', 'gradient', 'frontier', 'measured'],
    hero: 'timeline',
    keyControls: ['T', 'strategy', 'budget'],
    pace: Infinity,
  },
});
