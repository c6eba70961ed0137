/**
 * The world of the internal-models experiment: a point mass on a line, pushed by an action a ∈ [−1, 1]
 * towards a target that jumps every TARGET_EVERY steps. How the mass answers the push depends on the
 * regime, and the regime changes in blocks (or when the user says):
 *
 *   v' = ρ_r v + β_r a + σ ε,   x' = x + v'
 *
 * Every learner lives in its own copy of the mass but meets the same stream: the same regimes, targets,
 * process noise ε and exploration noise, step by step (one seed, four labelled rng streams).
 */
import { createRng, deriveSeed, type Rng } from '../rng';

export const REGIMES = ['normal', 'reversed', 'sluggish', 'slippery'] as const;
export type RegimeName = (typeof REGIMES)[number];

/** ρ: how much velocity survives a step; β: velocity added by a full push. */
export const REGIME_DYNAMICS: Readonly<Record<RegimeName, { rho: number; beta: number }>> = {
  normal: { rho: 0.8, beta: 0.05 },
  reversed: { rho: 0.8, beta: -0.05 },
  sluggish: { rho: 0.8, beta: 0.015 },
  slippery: { rho: 0.98, beta: 0.03 },
};

/** The regime sets the user may race over. */
export const REGIME_SETS = {
  all: [0, 1, 2, 3],
  'normal-reversed': [0, 1],
  'no-slippery': [0, 1, 2],
} as const satisfies Record<string, readonly number[]>;
export type RegimeSet = keyof typeof REGIME_SETS;

/** The target jumps to a fresh place in [−TARGET_RANGE, TARGET_RANGE] this often. */
export const TARGET_EVERY = 50;
export const TARGET_RANGE = 0.8;
/** Velocity change of a full push in the normal regime: the models predict in units of it. */
export const DV_UNIT = 0.05;
/** Typical speed, to scale the models' velocity input to about ±1. */
export const V_SCALE = 0.25;

/** The true next velocity without noise. */
export function trueNext(regime: number, v: number, a: number): number {
  const d = REGIME_DYNAMICS[REGIMES[regime]!];
  return d.rho * v + d.beta * a;
}

/** One step of the shared stream: what every learner's world copy sees at this step. */
export interface WorldTick {
  regime: number;
  target: number;
  /** Standard normal process noise (scaled by σ when applied). */
  eps: number;
  /** Standard normal exploration noise (scaled by the exploration setting when applied). */
  xi: number;
  /** True when the regime changed at this step. */
  switched: boolean;
}

/** The stream of regimes, targets and noise. Deterministic given the seed and the user's actions. */
export class WorldStream {
  regime = 0;
  target = 0;
  /** Steps since the regime last changed. */
  sinceSwitch = 0;
  /** Steps taken. */
  t = 0;
  readonly schedule: Rng;
  readonly targets: Rng;
  readonly noise: Rng;
  readonly explore: Rng;

  constructor(seed: number) {
    this.schedule = createRng(deriveSeed(seed, 'internal-models:schedule'));
    this.targets = createRng(deriveSeed(seed, 'internal-models:targets'));
    this.noise = createRng(deriveSeed(seed, 'internal-models:noise'));
    this.explore = createRng(deriveSeed(seed, 'internal-models:explore'));
  }

  /**
   * Advance one step. In block mode the regime changes after `block` steps to another allowed one
   * (drawn from the schedule stream); in manual mode it becomes `manual` as soon as that differs.
   */
  tick(mode: 'blocks' | 'manual', block: number, allowed: readonly number[], manual: number): WorldTick {
    let switched = false;
    if (mode === 'manual') {
      if (manual !== this.regime) {
        this.regime = manual;
        switched = this.t > 0;
      }
    } else if (mode === 'blocks' && this.t > 0 && (this.sinceSwitch >= block || !allowed.includes(this.regime))) {
      const others = allowed.filter((r) => r !== this.regime);
      if (others.length > 0) {
        this.regime = others[this.schedule.int(others.length)]!;
        switched = true;
      }
    }
    if (switched) this.sinceSwitch = 0;
    if (this.t % TARGET_EVERY === 0) this.target = (2 * this.targets.next() - 1) * TARGET_RANGE;
    const tick = { regime: this.regime, target: this.target, eps: this.noise.normal(), xi: this.explore.normal(), switched };
    this.t++;
    this.sinceSwitch++;
    return tick;
  }

  /** State for a checkpoint: counters and the four generators. */
  state(): number[] {
    return [this.regime, this.target, this.sinceSwitch, this.t, ...this.schedule.getState(), ...this.targets.getState(), ...this.noise.getState(), ...this.explore.getState()];
  }

  load(s: ArrayLike<number>): boolean {
    if (s.length !== 12 || !Array.from(s).slice(0, 4).every(Number.isFinite)) return false;
    this.regime = s[0]!;
    this.target = s[1]!;
    this.sinceSwitch = s[2]!;
    this.t = s[3]!;
    this.schedule.setState([s[4]!, s[5]!]);
    this.targets.setState([s[6]!, s[7]!]);
    this.noise.setState([s[8]!, s[9]!]);
    this.explore.setState([s[10]!, s[11]!]);
    return true;
  }
}

/**
 * Held-out transitions of each regime (noise-free), fixed by the seed: the interference figure scores
 * every model on them. The same inputs (v, a interleaved) for every regime, and per regime the true
 * next velocities.
 */
export function heldOutSets(seed: number, count: number): { inputs: Float64Array; nexts: Float64Array[] } {
  const rng = createRng(deriveSeed(seed, 'internal-models:held-out'));
  const inputs = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    inputs[2 * i] = (2 * rng.next() - 1) * V_SCALE;
    inputs[2 * i + 1] = 2 * rng.next() - 1;
  }
  return { inputs, nexts: REGIMES.map((_, r) => Float64Array.from({ length: count }, (_, i) => trueNext(r, inputs[2 * i]!, inputs[2 * i + 1]!))) };
}
