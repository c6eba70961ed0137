/**
 * A small grid world with a goal and fatal cells (a cliff edge or a pit), the true dynamics and a
 * tabular Q-learner. The safe data and the model learned from them are in learned-model.ts, value
 * iteration and greedy walks in planning.ts. Plain TypeScript arrays: the problem is tabular
 * (48 cells × 4 actions), so tensors would only add dispatch cost. No DOM, no tfjs.
 */
import type { Rng } from '../rng';

export const LAYOUTS = ['cliff', 'pit'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const GROUND = 0;
export const FATAL = 1;
export const GOAL = 2;
export const START = 3;

export const ROWS = 6;
export const COLS = 8;
/** Moves after which an episode is cut off (not a terminal state: nothing is learned from the cut). */
export const MAX_MOVES = 200;
/** Reward of every move that does not fall. */
export const STEP_REWARD = -1;

/** up, right, down, left */
export const ACTIONS = 4;
const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];
export const ACTION_NAMES = ['up', 'right', 'down', 'left'] as const;

export interface World {
  rows: number;
  cols: number;
  /** GROUND, FATAL, GOAL or START per cell, row-major. */
  cells: Uint8Array;
  start: number;
  goal: number;
  /** Probability that a move goes in a uniformly random direction instead of the chosen one. */
  slip: number;
  /** Reward for entering a fatal cell (negative); the episode ends there. */
  fallReward: number;
}

/**
 * cliff: start and goal at the two ends of the bottom row, every cell between them a drop (the classic
 * cliff walk). pit: start and goal at the two ends of a middle row, one pit cell on the straight line.
 */
export function makeWorld(layout: Layout, slip: number, fallPenalty: number): World {
  const cells = new Uint8Array(ROWS * COLS);
  let start: number;
  let goal: number;
  if (layout === 'cliff') {
    start = (ROWS - 1) * COLS;
    goal = ROWS * COLS - 1;
    for (let c = 1; c < COLS - 1; c++) cells[(ROWS - 1) * COLS + c] = FATAL;
  } else {
    const r = 3;
    start = r * COLS;
    goal = r * COLS + COLS - 1;
    cells[r * COLS + 4] = FATAL;
  }
  cells[start] = START;
  cells[goal] = GOAL;
  return { rows: ROWS, cols: COLS, cells, start, goal, slip, fallReward: -Math.abs(fallPenalty) };
}

/** Where a move in direction d from cell s lands; the borders hold the agent in place. */
export function moveFrom(world: World, s: number, d: number): number {
  const r = Math.floor(s / world.cols) + DR[d]!;
  const c = (s % world.cols) + DC[d]!;
  if (r < 0 || r >= world.rows || c < 0 || c >= world.cols) return s;
  return r * world.cols + c;
}

/** True when a move in any direction from s stays on the grid, so its displacement is visible. */
export function isInterior(world: World, s: number): boolean {
  const r = Math.floor(s / world.cols);
  const c = s % world.cols;
  return r > 0 && r < world.rows - 1 && c > 0 && c < world.cols - 1;
}

export interface Outcome {
  next: number;
  reward: number;
  terminal: boolean;
  fatal: boolean;
}

/** The direction a chosen action actually takes: always two draws, so the stream does not depend on slip. */
export function actualDirection(world: World, a: number, rng: Rng): number {
  const u = rng.next();
  const d = rng.int(ACTIONS);
  return u < world.slip ? d : a;
}

export function outcomeOf(world: World, next: number): Outcome {
  const kind = world.cells[next];
  if (kind === FATAL) return { next, reward: world.fallReward, terminal: true, fatal: true };
  return { next, reward: STEP_REWARD, terminal: kind === GOAL, fatal: false };
}

/** One move in the true world. */
export function trueStep(world: World, s: number, a: number, rng: Rng): Outcome {
  return outcomeOf(world, moveFrom(world, s, actualDirection(world, a, rng)));
}

/** Index of the largest of q[s*4 .. s*4+3]; ties go to the lowest action, or to a random one if rng is given. */
export function argmax(q: ArrayLike<number>, s: number, allowed?: ArrayLike<number>, rng?: Rng): number {
  let best = -Infinity;
  let count = 0;
  let pick = -1;
  for (let a = 0; a < ACTIONS; a++) {
    if (allowed && !allowed[a]) continue;
    const v = q[s * ACTIONS + a]!;
    if (v > best + 1e-12) {
      best = v;
      pick = a;
      count = 1;
    } else if (Math.abs(v - best) <= 1e-12) {
      count++;
      if (rng && rng.next() * count < 1) pick = a;
    }
  }
  return pick;
}

export interface EpisodeRecord {
  ret: number;
  moves: number;
  fatal: boolean;
  reachedGoal: boolean;
}

/** Model-free learner: tabular Q-learning with ε-greedy behaviour (Q starts at 0). */
export class QLearner {
  readonly q: Float64Array;
  readonly visits: Float64Array;
  falls = 0;
  moves = 0;

  constructor(readonly world: World) {
    this.q = new Float64Array(world.rows * world.cols * ACTIONS);
    this.visits = new Float64Array(world.rows * world.cols);
  }

  /** One training episode from the start. */
  episode(rng: Rng, epsilon: number, alpha: number, gamma: number): EpisodeRecord {
    const w = this.world;
    let s = w.start;
    let ret = 0;
    this.visits[s]!++;
    for (let t = 0; t < MAX_MOVES; t++) {
      const explore = rng.next() < epsilon;
      const a = explore ? rng.int(ACTIONS) : argmax(this.q, s, undefined, rng);
      const o = trueStep(w, s, a, rng);
      const target = o.reward + (o.terminal ? 0 : gamma * this.q[o.next * ACTIONS + argmax(this.q, o.next)]!);
      const i = s * ACTIONS + a;
      this.q[i] = this.q[i]! + alpha * (target - this.q[i]!);
      ret += o.reward;
      this.moves++;
      this.visits[o.next]!++;
      if (o.terminal) {
        if (o.fatal) this.falls++;
        return { ret, moves: t + 1, fatal: o.fatal, reachedGoal: !o.fatal };
      }
      s = o.next;
    }
    return { ret, moves: MAX_MOVES, fatal: false, reachedGoal: false };
  }

  /** max over actions of Q, per cell (0 at terminal cells, where Q is never updated). */
  values(): Float32Array {
    const n = this.world.rows * this.world.cols;
    const v = new Float32Array(n);
    for (let s = 0; s < n; s++) v[s] = this.q[s * ACTIONS + argmax(this.q, s)]!;
    return v;
  }
}
