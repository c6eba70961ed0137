/**
 * What the planner learns from: the safe explorer's data (a guided random walk that never falls) and
 * the model fitted to them (one displacement table for the moves, per-cell rewards), which
 * planning.ts plans through. No DOM, no tfjs.
 */
import type { Rng } from '../rng';
import { ACTIONS, FATAL, MAX_MOVES, STEP_REWARD, isInterior, moveFrom, trueStep, type World } from './gridworld';

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
