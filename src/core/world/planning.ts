/**
 * Planning on the learned model (value iteration, warm-started) and greedy walks on a Q table: the
 * planner's path drawn in the panel, its episodes in the true world, and the evaluation's start cells.
 * No DOM, no tfjs.
 */
import type { Rng } from '../rng';
import { ACTIONS, GROUND, MAX_MOVES, START, argmax, moveFrom, trueStep, type EpisodeRecord, type World } from './gridworld';
import { knownActions, type LearnedModel } from './learned-model';

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
