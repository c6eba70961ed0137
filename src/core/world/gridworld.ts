/**
 * A small grid world with a goal and fatal cells (a cliff edge or a pit), the true dynamics, a safe
 * exploration walk, a tabular Q-learner and a model learned from safe data that is planned through by
 * value iteration. Plain TypeScript arrays: the problem is tabular (48 cells × 4 actions), so tensors
 * would only add dispatch cost. No DOM, no tfjs.
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

export interface Transition {
  s: number;
  a: number;
  next: number;
  reward: number;
  terminal: boolean;
}

/**
 * The safe explorer: a random walk that only picks moves whose intended cell is not fatal, on a tether
 * held by a guide: when a slip would carry it into a fatal cell the guide holds it where it was, and
 * that move is not recorded. So the data hold no fall, by construction.
 */
export class SafeExplorer {
  readonly data: Transition[] = [];
  readonly visits: Float64Array;
  /** Slips toward a fatal cell that the guide caught (not in the data). */
  caught = 0;

  constructor(readonly world: World) {
    this.visits = new Float64Array(world.rows * world.cols);
  }

  /** Walk one episode from the start, recording at most `limit` transitions in all. */
  episode(rng: Rng, limit: number): number {
    const w = this.world;
    let s = w.start;
    let added = 0;
    if (this.data.length < limit) this.visits[s]!++;
    for (let t = 0; t < MAX_MOVES && this.data.length < limit; t++) {
      const allowed: number[] = [];
      for (let a = 0; a < ACTIONS; a++) if (w.cells[moveFrom(w, s, a)] !== FATAL) allowed.push(a);
      const a = allowed[rng.int(allowed.length)]!;
      const o = trueStep(w, s, a, rng);
      if (o.fatal) {
        this.caught++;
        continue;
      }
      this.data.push({ s, a, next: o.next, reward: o.reward, terminal: o.terminal });
      this.visits[o.next]!++;
      added++;
      if (o.terminal) break;
      s = o.next;
    }
    return added;
  }
}

/**
 * The model learned from safe transitions, and value iteration through it.
 *  - Dynamics: where an action moves you is assumed the same in every cell (one displacement table of
 *    4 actions × 4 directions, counted from moves made away from the borders, where every direction is
 *    visible); the borders themselves are known geometry (the agent sees the walls).
 *  - Rewards and episode ends: learned per cell from what entering it gave in the data. A cell never
 *    entered is assumed to be like the average ground seen so far.
 *  - Told: when `told` is on, the fatal cells carry the described rule "entering ends the episode with
 *    the fall penalty", which no transition in the data contains.
 */
export class LearnedModel {
  readonly displacement = new Float64Array(ACTIONS * ACTIONS);
  readonly rewardSum: Float64Array;
  readonly entered: Float64Array;
  readonly endsHere: Uint8Array;
  private groundSum = 0;
  private groundCount = 0;
  used = 0;

  constructor(readonly world: World) {
    const n = world.rows * world.cols;
    this.rewardSum = new Float64Array(n);
    this.entered = new Float64Array(n);
    this.endsHere = new Uint8Array(n);
  }

  /** Add transitions data[used..upTo). */
  absorb(data: readonly Transition[], upTo: number): boolean {
    const w = this.world;
    const end = Math.min(upTo, data.length);
    const changed = end > this.used;
    for (; this.used < end; this.used++) {
      const t = data[this.used]!;
      if (isInterior(w, t.s)) {
        const dr = Math.floor(t.next / w.cols) - Math.floor(t.s / w.cols);
        const dc = (t.next % w.cols) - (t.s % w.cols);
        const d = dr === -1 ? 0 : dc === 1 ? 1 : dr === 1 ? 2 : 3;
        this.displacement[t.a * ACTIONS + d]!++;
      }
      this.rewardSum[t.next]! += t.reward;
      this.entered[t.next]!++;
      if (t.terminal) this.endsHere[t.next] = 1;
      else {
        this.groundSum += t.reward;
        this.groundCount++;
      }
    }
    return changed;
  }

  /** P(direction | action), row-major [action, direction]; a row of zeros for an action never seen. */
  probabilities(): Float32Array {
    const p = new Float32Array(ACTIONS * ACTIONS);
    for (let a = 0; a < ACTIONS; a++) {
      let total = 0;
      for (let d = 0; d < ACTIONS; d++) total += this.displacement[a * ACTIONS + d]!;
      if (total > 0) for (let d = 0; d < ACTIONS; d++) p[a * ACTIONS + d] = this.displacement[a * ACTIONS + d]! / total;
    }
    return p;
  }

  /** Reward the model expects for entering cell c, and whether the episode ends there. */
  expected(c: number, told: boolean): { reward: number; terminal: boolean } {
    if (told && this.world.cells[c] === FATAL) return { reward: this.world.fallReward, terminal: true };
    if (this.entered[c]! > 0) return { reward: this.rewardSum[c]! / this.entered[c]!, terminal: this.endsHere[c] === 1 };
    return { reward: this.groundCount > 0 ? this.groundSum / this.groundCount : STEP_REWARD, terminal: false };
  }

  /** Cells the model believes end the episode (their value is 0 by definition). */
  terminalCells(told: boolean): Uint8Array {
    const n = this.world.rows * this.world.cols;
    const out = new Uint8Array(n);
    for (let c = 0; c < n; c++) out[c] = this.expected(c, told).terminal ? 1 : 0;
    return out;
  }
}

/** Actions the model has data for (1) or not (0). */
export function knownActions(p: Float32Array): Uint8Array {
  const known = new Uint8Array(ACTIONS);
  for (let a = 0; a < ACTIONS; a++) {
    let t = 0;
    for (let d = 0; d < ACTIONS; d++) t += p[a * ACTIONS + d]!;
    known[a] = t > 0 ? 1 : 0;
  }
  return known;
}

/**
 * Value iteration on the learned model, warm-started from `v` (updated in place). Returns Q [cells × 4]
 * (−Infinity for actions the model knows nothing about) and the sweeps it took.
 */
export function valueIteration(
  model: LearnedModel,
  told: boolean,
  gamma: number,
  v: Float64Array,
  tolerance = 1e-7,
  maxSweeps = 5000,
): { q: Float64Array; sweeps: number; residual: number } {
  const w = model.world;
  const n = w.rows * w.cols;
  const p = model.probabilities();
  const known = knownActions(p);
  const reward = new Float64Array(n);
  const terminal = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const e = model.expected(c, told);
    reward[c] = e.reward;
    terminal[c] = e.terminal ? 1 : 0;
  }
  const next = new Int32Array(n * ACTIONS);
  for (let s = 0; s < n; s++) for (let d = 0; d < ACTIONS; d++) next[s * ACTIONS + d] = moveFrom(w, s, d);
  const q = new Float64Array(n * ACTIONS);
  for (let c = 0; c < n; c++) if (terminal[c]) v[c] = 0;
  let sweeps = 0;
  let residual = Infinity;
  const anyKnown = known.some((k) => k === 1);
  while (sweeps < maxSweeps && anyKnown) {
    residual = 0;
    for (let s = 0; s < n; s++) {
      if (terminal[s]) continue;
      let best = -Infinity;
      for (let a = 0; a < ACTIONS; a++) {
        let total = 0;
        if (known[a]) {
          for (let d = 0; d < ACTIONS; d++) {
            const pr = p[a * ACTIONS + d]!;
            if (pr === 0) continue;
            const s2 = next[s * ACTIONS + d]!;
            total += pr * (reward[s2]! + (terminal[s2] ? 0 : gamma * v[s2]!));
          }
        } else total = -Infinity;
        q[s * ACTIONS + a] = total;
        if (total > best) best = total;
      }
      residual = Math.max(residual, Math.abs(best - v[s]!));
      v[s] = best;
    }
    sweeps++;
    if (residual < tolerance) break;
  }
  if (!anyKnown) residual = 0;
  return { q, sweeps, residual };
}

/** A greedy path on Q from `from`, following intended moves, until a terminal cell, a repeat or `limit` cells. */
export function greedyPath(world: World, q: ArrayLike<number>, terminal: (c: number) => boolean, from: number, limit = 60): Int32Array {
  const path = [from];
  const seen = new Set([from]);
  let s = from;
  while (path.length < limit && !terminal(s)) {
    const a = argmax(q, s);
    if (a < 0 || !Number.isFinite(q[s * ACTIONS + a]!)) break;
    s = moveFrom(world, s, a);
    path.push(s);
    if (seen.has(s)) break;
    seen.add(s);
  }
  return Int32Array.from(path);
}

/** A greedy episode on Q in the true world (slips included), from `from`. */
export function greedyEpisode(world: World, q: ArrayLike<number>, from: number, rng: Rng): EpisodeRecord {
  let s = from;
  let ret = 0;
  for (let t = 0; t < MAX_MOVES; t++) {
    const a = argmax(q, s);
    if (a < 0) return { ret, moves: t, fatal: false, reachedGoal: false };
    const o = trueStep(world, s, a, rng);
    ret += o.reward;
    if (o.terminal) return { ret, moves: t + 1, fatal: o.fatal, reachedGoal: !o.fatal };
    s = o.next;
  }
  return { ret, moves: MAX_MOVES, fatal: false, reachedGoal: false };
}

/** Cells an evaluation episode may start from: every ground or start cell. */
export function startCells(world: World): number[] {
  const out: number[] = [];
  for (let c = 0; c < world.cells.length; c++) if (world.cells[c] === GROUND || world.cells[c] === START) out.push(c);
  return out;
}
