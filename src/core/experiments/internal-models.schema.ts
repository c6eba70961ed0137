/**
 * Parameters of the internal-models experiment (brainstorm §6): a point mass whose response to a push
 * changes regime in blocks; one learned model against a collection of models with a selector (MOSAIC),
 * each planning by backprop through its model, and the true dynamics as the reference.
 * tfjs-free: the page imports this for its controls and the frame type.
 */
import type { ParamProblem, ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';

export const internalModelsMeta = {
  id: 'internal-models',
  title: 'Several internal models, each used where it predicts well',
  summary:
    'A point mass whose response to a push switches between regimes: one learned model against a collection of models with a selector, both planning by backprop through their model, and the true dynamics as reference.',
} as const;

export const SCHEDULES = ['blocks', 'manual'] as const;
export const REGIME_OPTIONS = ['normal', 'reversed', 'sluggish', 'slippery'] as const;
export const REGIME_SET_OPTIONS = ['all', 'normal-reversed', 'no-slippery'] as const;
/** The selector keeps window × models squared errors; this many at most (the refusal's reason). */
export const MAX_ERROR_SLOTS = 1200;
export const MAX_MODELS = 8;

export const internalModelsSchema = {
  schedule: {
    kind: 'choice',
    label: 'Regime changes',
    options: SCHEDULES,
    optionLabels: { blocks: 'In blocks (random next regime)', manual: 'When I switch it' },
    default: 'blocks',
    help: 'Blocks: after every block of steps the world picks another regime at random (from the seed). Manual: the regime below holds until you change it.',
    effect: 'live',
  },
  block: {
    kind: 'number',
    label: 'Block length (steps)',
    min: 50,
    max: 5000,
    step: 10,
    log: true,
    default: 400,
    help: 'Steps between two regime changes in block mode.',
    effect: 'live',
  },
  regime: {
    kind: 'choice',
    label: 'Regime (manual)',
    options: REGIME_OPTIONS,
    optionLabels: { normal: 'Normal', reversed: 'Reversed (pushes go the other way)', sluggish: 'Sluggish (a push does little)', slippery: 'Slippery (little friction, little grip)' },
    default: 'normal',
    help: 'In manual mode, the regime in force; changing it switches the world at the next step.',
    effect: 'live',
  },
  regimes: {
    kind: 'choice',
    label: 'Regimes in play',
    options: REGIME_SET_OPTIONS,
    optionLabels: { all: 'All four', 'normal-reversed': 'Normal and reversed', 'no-slippery': 'Normal, reversed, sluggish' },
    // Normal and reversed by default: every switch changes what a push does, so the single model's
    // relearning shows at every return (with all four, sluggish and slippery differ from normal too
    // little for it to show in the recovery: median 0 steps for both learners on seeds 1 and 3).
    default: 'normal-reversed',
    help: 'Which regimes the block schedule draws from.',
    effect: 'live',
  },
  noise: {
    kind: 'number',
    label: 'Process noise σ',
    min: 0,
    max: 0.02,
    step: 0.0005,
    default: 0.002,
    help: 'Standard deviation of the random kick added to the velocity each step (a full push adds 0.05).',
    effect: 'live',
  },
  explore: {
    kind: 'number',
    label: 'Exploration noise',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.3,
    help: 'Standard deviation of the noise added to every planned push (the same draws for all three learners): without it, the models see too little to tell regimes apart.',
    effect: 'live',
  },
  horizon: {
    kind: 'number',
    label: 'Planning horizon H',
    min: 1,
    max: 30,
    step: 1,
    integer: true,
    default: 8,
    help: 'Steps the controller rolls its model forward, holding the push, to score it.',
    effect: 'live',
  },
  effort: {
    kind: 'number',
    label: 'Effort cost λ',
    min: 0.001,
    max: 1,
    step: 0.001,
    log: true,
    default: 0.01,
    help: 'Weight of a² in the planned cost: higher makes gentler pushes.',
    effect: 'live',
  },
  lr: {
    kind: 'number',
    label: 'Learning rate',
    min: 0.001,
    max: 10,
    step: 0.001,
    log: true,
    default: 0.05,
    help: 'Plain SGD step of every model. Far too high and a model’s weights blow up: that learner stops, with a message, and the others go on.',
    effect: 'live',
  },
  updates: {
    kind: 'number',
    label: 'Updates per step',
    min: 1,
    max: 16,
    step: 1,
    integer: true,
    default: 4,
    help: 'SGD updates each trained model takes per step: one on the newest transition, the rest on its recent ones (replay of the last 128).',
    effect: 'live',
  },
  hidden: {
    kind: 'number',
    label: 'Hidden units per model',
    min: 2,
    max: 32,
    step: 1,
    integer: true,
    default: 12,
    help: 'Width of each model’s tanh layer (each also has a linear skip). Changing it starts afresh.',
    effect: 'shape',
  },
  window: {
    kind: 'number',
    label: 'Selector window (steps)',
    min: 2,
    max: 400,
    step: 1,
    integer: true,
    log: true,
    default: 12,
    help: 'The selector compares the models’ squared prediction errors over this many recent steps. The window × the model cap must fit in 1,200 numbers.',
    effect: 'live',
  },
  threshold: {
    kind: 'number',
    label: 'Predicts well below (RMS)',
    min: 0.02,
    max: 2,
    step: 0.01,
    log: true,
    default: 0.12,
    help: 'Windowed RMS prediction error, in units of a full push’s effect, under which a model counts as predicting well. When none does for two windows, a new model is made.',
    effect: 'live',
  },
  maxModels: {
    kind: 'number',
    label: 'Most models',
    min: 1,
    max: MAX_MODELS,
    step: 1,
    integer: true,
    default: 6,
    help: 'Cap on the collection’s size. With the cap reached and no model predicting well, the best one is retrained.',
    effect: 'live',
  },
  budget: {
    kind: 'number',
    label: 'Steps (budget)',
    min: 200,
    max: 100000,
    step: 100,
    integer: true,
    log: true,
    default: 6000,
    help: 'Training stops after this many steps so the timeline keeps its scale. Raise it to continue.',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type InternalModelsSchema = typeof internalModelsSchema;

/**
 * The joint limit the schema's per-key ranges cannot say: window × most models ≤ MAX_ERROR_SLOTS.
 * Returns the window to use and, when it had to shrink, the problem naming why (the model cap the
 * user set is kept; the window gives way).
 */
export function fitWindow(window: number, maxModels: number): { window: number; problem?: ParamProblem } {
  const most = Math.floor(MAX_ERROR_SLOTS / Math.max(1, maxModels));
  if (window <= most) return { window };
  return {
    window: most,
    problem: {
      key: 'window',
      given: String(window),
      used: String(most),
      reason: `a window of ${window} steps for ${maxModels} models needs ${window * maxModels} stored errors, more than the ${MAX_ERROR_SLOTS} the selector keeps; reduced to ${most}`,
    },
  };
}

/** What the internal-models snapshot carries (src/core/experiments/internal-models.ts, snapshot()). */
export interface InternalModelsFrame {
  /** Steps taken; the timeline's x runs 0 … steps. */
  steps: number;
  budget: number;
  done: boolean;
  /** Timeline columns: the true regime and the model in charge (255: none) at each column's step. */
  timelineRegime: Uint8Array;
  timelineCharge: Uint8Array;
  /** Step each timeline column shows. */
  timelineSteps: Float32Array;
  /** Mean cost per timeline column of each learner (single, collection, reference). */
  costSingle: Float32Array;
  costCollection: Float32Array;
  costReference: Float32Array;
  /** Regime switches: steps, new regime, 1 when seen before, recovery steps (NaN while running). */
  switchSteps: Float32Array;
  switchRegimes: Uint8Array;
  switchRevisit: Uint8Array;
  recoverySingle: Float32Array;
  recoveryCollection: Float32Array;
  /** The collection now: models made, the one in charge, each model's windowed RMS error and majority regime (−1: none). */
  models: number;
  inCharge: number;
  probation: number;
  modelErrors: Float32Array;
  modelRegimes: Int32Array;
  regime: number;
  target: number;
  /** Positions of the three masses. */
  positions: Float32Array;
  /** Selector agreement with the true regime on revisits after the settling window (NaN before any). */
  matchRate: number;
  matchEligible: number;
  /** Median recovery on revisits and on first visits: [single, collection, blocks counted]. */
  recoveryRevisit: Float32Array;
  recoveryFirst: Float32Array;
  /** Per learner (single, collection, reference): null, or why it stopped and at which step. */
  stopped: (string | null)[];
  stoppedAt: Float32Array;
  /** The last setting the run refused or reduced, and why (null when none). */
  refusal: string | null;
  /** History (recorded every few steps): windowed RMS error of each model slot (NaN before it exists). */
  historySteps: Float32Array;
  historyModelErrors: Float32Array[];
  /** Held-out RMS error per regime: of the single model, and of the collection's best model for it. */
  historyHeldSingle: Float32Array[];
  historyHeldCollection: Float32Array[];
}

/** The defaults the presets start from, spelled out so each preset tells the same story. */
const PRESET_BASE = { schedule: 'blocks', block: 400, regimes: 'all', threshold: 0.12, window: 12, maxModels: 6, explore: 0.3, lr: 0.05 } as const;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const internalModelsContract = defineContract<InternalModelsFrame>()({
  ...internalModelsMeta,
  schema: internalModelsSchema,
  // Each preset starts the world afresh, so its first switches are watched from step 0.
  presets: [
    { label: 'Four regimes, one model each', help: 'All four regimes in blocks of 400 steps: the collection makes one model per regime and hands control back to it on every return.', values: PRESET_BASE },
    { label: 'Normal and reversed', help: 'The clearest contrast: every switch reverses what a push does. The single model must relearn each time; the collection switches model.', values: { ...PRESET_BASE, regimes: 'normal-reversed' } },
    { label: 'Too lax a threshold', help: 'Any model "predicts well" below 0.6: the collection stays at one model and behaves like the single learner.', values: { ...PRESET_BASE, threshold: 0.6 } },
    { label: 'Too strict a threshold', help: 'Below 0.05 the noise alone looks like a bad prediction: new models keep being made until the cap.', values: { ...PRESET_BASE, threshold: 0.05 } },
    { label: 'Short blocks', help: 'Blocks of 80 steps: the single model never settles; the collection still switches within a window.', values: { ...PRESET_BASE, block: 80 } },
  ],
  layout: {
    figures: ['timeline', 'errors', 'forgetting'],
    hero: 'timeline',
    keyControls: ['regimes', 'threshold', 'window'],
    pace: 120,
  },
});
