/**
 * The seed sweep: the whole race trained again from SWEEP_SEEDS other seeds at the current settings,
 * SWEEP_STEPS steps each, a few steps per snapshot (the run reports pendingWork until it is done), and
 * for each learner: how many runs stopped on NaN or variance collapse, how many ended with an unused
 * component, how many covered (almost) every mode, and the mean number of modes covered where there
 * are three.
 */
import { deriveSeed } from '../rng';
import { LEARNER_IDS, type MixtureSweepRow } from '../experiments/mixture-density.schema';
import { coverage, meanNll, MixtureReader, residualSigma } from './evaluate';
import { MixtureRace, type RaceSettings } from './race';

export const SWEEP_SEEDS = 10;
export const SWEEP_STEPS = 1500;
/** A run "covers every mode" when it covers at least this share of the judged (input, mode) pairs. */
export const ALL_MODES_SHARE = 0.9;

interface Tally {
  runs: number;
  nan: number;
  variance: number;
  dead: number;
  allModes: number;
  modes: number[];
  nll: number[];
}

export class SeedSweep {
  private index = 0;
  private race: MixtureRace | null = null;
  private tallies = LEARNER_IDS.map((): Tally => ({ runs: 0, nan: 0, variance: 0, dead: 0, allModes: 0, modes: [], nll: [] }));

  constructor(
    private readonly seed: number,
    private readonly set: RaceSettings,
    /** Fewer seeds or steps only in tests; the panel always uses the defaults. */
    readonly seeds = SWEEP_SEEDS,
    readonly steps = SWEEP_STEPS,
  ) {}

  get done(): number {
    return this.index;
  }

  finished(): boolean {
    return this.index >= this.seeds;
  }

  /** Seed of sweep run i (independent of the live run's streams). */
  static seedOf(seed: number, i: number): number {
    return deriveSeed(seed, `mixture:sweep:${i}`);
  }

  /** Take up to `steps` race steps of the current sweep run; score it when it reaches this.steps. */
  advance(steps: number): void {
    if (this.finished()) return;
    this.race ??= new MixtureRace(SeedSweep.seedOf(this.seed, this.index), this.set);
    const race = this.race;
    const n = Math.min(steps, this.steps - race.steps);
    for (let i = 0; i < n; i++) race.step(() => true, this.set);
    if (race.steps < this.steps) return;
    race.learners.forEach((l, i) => {
      const t = this.tallies[i]!;
      t.runs++;
      if (l.stop?.kind === 'nan') t.nan++;
      else if (l.stop?.kind === 'variance') t.variance++;
      if (l.stop?.kind === 'nan') return;
      const reader = new MixtureReader(l, l.mixture ? 0 : residualSigma(l, race.data));
      const c = coverage(reader, this.set.task, this.set.floor);
      if (l.mixture && c.dead > 0) t.dead++;
      if (c.fraction >= ALL_MODES_SHARE) t.allModes++;
      if (Number.isFinite(c.modesAtThree)) t.modes.push(c.modesAtThree);
      const nll = meanNll(reader, race.test, this.set.floor);
      if (Number.isFinite(nll)) t.nll.push(nll);
    });
    this.race = null;
    this.index++;
  }

  rows(): MixtureSweepRow[] {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    return LEARNER_IDS.map((id, i) => {
      const t = this.tallies[i]!;
      return { id, runs: t.runs, nan: t.nan, variance: t.variance, dead: t.dead, allModes: t.allModes, meanModes: mean(t.modes), meanTestNll: mean(t.nll) };
    });
  }
}
