/**
 * A learned model with the recent transitions it was trained on (a replay ring), and the online
 * training both learners use: each step, one SGD update on the newest transition and `updates − 1` on
 * transitions drawn from the ring. A NaN or ±Inf in the loss or the weights is reported, not hidden.
 */
import type { Rng } from '../rng';
import { firstNonFinite } from '../divergence';
import { MlpModel } from './model';

/** Transitions each model keeps for replay (v, a, v'). */
export const REPLAY_SIZE = 128;

export class ModelSlot {
  readonly model: MlpModel;
  /** (v, a, v') triples, REPLAY_SIZE of them at most. */
  readonly replay = new Float64Array(3 * REPLAY_SIZE);
  /** Transitions stored so far (the ring holds the last REPLAY_SIZE). */
  stored = 0;

  constructor(hidden: number, rng: Rng) {
    this.model = new MlpModel(hidden, rng);
  }

  /** Store a transition and train on it and on `updates − 1` replayed ones. False if training blew up. */
  learn(v: number, a: number, next: number, lr: number, updates: number, rng: Rng): boolean {
    const i = 3 * (this.stored % REPLAY_SIZE);
    this.replay[i] = v;
    this.replay[i + 1] = a;
    this.replay[i + 2] = next;
    this.stored++;
    let ok = Number.isFinite(this.model.sgd(v, a, next, lr));
    const n = Math.min(this.stored, REPLAY_SIZE);
    for (let u = 1; u < updates; u++) {
      const j = 3 * rng.int(n);
      ok = Number.isFinite(this.model.sgd(this.replay[j]!, this.replay[j + 1]!, this.replay[j + 2]!, lr)) && ok;
    }
    return ok && firstNonFinite(this.model.w) < 0;
  }

  /** Weights, then the ring, then the count: one flat array for a checkpoint. */
  state(): Float64Array {
    const out = new Float64Array(this.model.w.length + this.replay.length + 1);
    out.set(this.model.w, 0);
    out.set(this.replay, this.model.w.length);
    out[out.length - 1] = this.stored;
    return out;
  }

  load(s: Float64Array): boolean {
    if (s.length !== this.model.w.length + this.replay.length + 1) return false;
    this.model.w.set(s.subarray(0, this.model.w.length));
    this.replay.set(s.subarray(this.model.w.length, this.model.w.length + this.replay.length));
    this.stored = s[s.length - 1]!;
    return true;
  }
}
