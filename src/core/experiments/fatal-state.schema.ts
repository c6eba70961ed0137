/** Parameters of the "never experienced" experiment: a planner on a learned model against Q-learning, beside a cliff. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import { LAYOUTS } from '../world/gridworld';

/** Id, title and summary without tfjs, so the page's catalog can list the experiment cheaply. */
export const fatalStateMeta = {
  id: 'fatal-state',
  title: 'Never experienced: a fatal state',
  summary:
    'A grid world with a cliff: a planner on a model learned from safe data (and told what a fall means) never falls, while Q-learning has to fall to learn.',
} as const;

export const fatalStateSchema = {
  layout: {
    kind: 'choice',
    label: 'World',
    options: LAYOUTS,
    optionLabels: { cliff: 'Cliff edge (6 × 8)', pit: 'One pit on the straight line (6 × 8)' },
    default: 'cliff',
    help: 'Where the fatal cells are. Changing it starts both learners afresh.',
    effect: 'shape',
  },
  epsilon: {
    kind: 'number',
    label: 'Exploration ε (Q-learning)',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.1,
    help: 'Chance that Q-learning takes a random move instead of its best one. Values outside 0–1 are not probabilities and are clamped.',
    effect: 'live',
  },
  alpha: {
    kind: 'number',
    label: 'Learning rate α (Q-learning)',
    min: 0.01,
    max: 1,
    step: 0.01,
    default: 0.5,
    help: 'Share of each TD error added to Q. Above 1 an update overshoots its own target, so larger values are clamped to 1.',
    effect: 'live',
  },
  gamma: {
    kind: 'number',
    label: 'Discount γ',
    min: 0.5,
    max: 0.99,
    step: 0.01,
    default: 0.95,
    help: 'Worth of a reward one move later, for both learners. Capped at 0.99: at 1 an endless walk costs without limit and value iteration would not settle.',
    effect: 'live',
  },
  safeData: {
    kind: 'number',
    label: 'Safe data set (moves)',
    min: 10,
    max: 5000,
    step: 1,
    log: true,
    integer: true,
    default: 500,
    help: 'How many moves of the safe explorer the model may learn from. One explorer walk is added per episode until the data set is this big; lowering it keeps only the first moves.',
    effect: 'live',
  },
  told: {
    kind: 'bool',
    label: 'Planner is told what a fall means',
    default: true,
    help: 'The described rule "entering a fatal cell ends the episode with the fall penalty". Off: the planner treats cells it never entered as ordinary ground.',
    effect: 'live',
  },
  slip: {
    kind: 'number',
    label: 'Slip probability',
    min: 0,
    max: 0.3,
    step: 0.01,
    default: 0,
    help: 'Chance that a move goes in a random direction instead. Above 0.3 the world is mostly noise, so it is clamped. Changing it starts afresh.',
    effect: 'shape',
  },
  fallPenalty: {
    kind: 'number',
    label: 'Fall penalty',
    min: 1,
    max: 1000,
    step: 1,
    log: true,
    integer: true,
    default: 100,
    help: 'Reward −penalty for entering a fatal cell (every other move costs 1). Changing it starts afresh.',
    effect: 'shape',
  },
} as const satisfies ParamSchema;

export type FatalStateSchema = typeof fatalStateSchema;

/** What the fatal-state snapshot carries (src/core/experiments/fatal-state.ts, snapshot()). */
export interface FatalStateFrameData extends FatalStateEvaluation {
  rows: number;
  cols: number;
  /** 0 ground, 1 fatal, 2 goal, 3 start, row-major. */
  cells: Uint8Array;
  episodes: number;
  told: boolean;
  slip: number;
  /** Planner: value per cell on its learned model, its greedy path from the start, the data's visits per cell. */
  plannerValues: Float32Array;
  plannerPath: Int32Array;
  dataVisits: Float32Array;
  dataSize: number;
  dataTarget: number;
  dataFalls: number;
  guideCaught: number;
  goalInData: boolean;
  /** Learned P(direction | action), [4 actions × 4 directions: up, right, down, left]. */
  moveModel: Float32Array;
  plannerSweeps: number;
  /** Planner's own greedy episodes in the true world, one per training episode. */
  plannerFalls: number;
  /** Q-learning: max-Q per cell, greedy path, visits during training, falls during training. */
  qValues: Float32Array;
  qPath: Int32Array;
  qVisits: Float32Array;
  qFalls: number;
  qMoves: number;
  /** Per recorded episode: returns and cumulative falls. */
  curveEpisodes: Float32Array;
  qReturn: Float32Array;
  plannerReturn: Float32Array;
  qFallsCurve: Float32Array;
  plannerFallsCurve: Float32Array;
}

/** 100 greedy evaluation episodes from random start cells, for each learner as it is now. */
export interface FatalStateEvaluation {
  evalEpisodes: number;
  evalPlannerFalls: number;
  evalPlannerGoals: number;
  evalQFalls: number;
  evalQGoals: number;
}

/** The schema's defaults, spelled out for the presets. */
const PRESET_BASE = { layout: 'cliff', epsilon: 0.1, alpha: 0.5, gamma: 0.95, safeData: 500, told: true, slip: 0, fallPenalty: 100 } as const;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const fatalStateContract = defineContract<FatalStateFrameData>()({
  ...fatalStateMeta,
  schema: fatalStateSchema,
  // Every preset is the defaults plus its own changes, so it always gives the same picture. They apply
  // live: a setting that only changes what the planner is told or how Q-learning explores keeps both
  // learners' episodes (a new world starts afresh, as any change of it does).
  presets: [
    { label: 'Cliff, planner told about falls', help: 'The defaults: a cliff edge, deterministic moves, ε = 0.1.', values: PRESET_BASE, live: true },
    { label: 'Planner not told', help: 'The planner has only its data, which hold no fall: it walks off the edge.', values: { ...PRESET_BASE, told: false }, live: true },
    { label: 'Slippery ground', help: 'One move in ten goes a random way: the planner keeps a row away from the edge; Q-learning learns the same only after falls.', values: { ...PRESET_BASE, slip: 0.1, safeData: 2000 }, live: true },
    { label: 'Little safe data', help: 'Only 20 moves of safe data: the model has not seen the goal or every move yet.', values: { ...PRESET_BASE, safeData: 20 }, live: true },
    { label: 'Cautious Q-learning (ε = 0.01)', help: 'Fewer random moves means fewer falls, but Q-learning still falls before it knows the edge.', values: { ...PRESET_BASE, epsilon: 0.01 }, live: true },
    { label: 'One pit', help: 'A single fatal cell on the straight line from start to goal.', values: { ...PRESET_BASE, layout: 'pit' }, live: true },
  ],
  layout: {
    figures: ['falls', 'planner', 'qlearning', 'returns'],
    hero: 'falls',
    keyControls: ['told', 'safeData', 'layout'],
    // One step is one episode of each learner, and the two grids redraw each frame. Q-learning finds
    // its path within the first hundred or so episodes and then keeps falling at ε = 0.1; at 30
    // episodes/s a reader sees the first falls one by one and the counter climb against the planner's
    // 0 (at "max" the page runs millions of episodes and shows only the end).
    pace: 30,
  },
});
