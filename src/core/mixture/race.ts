/**
 * The race: one data set, one minibatch stream and one learner per id, all from one seed. Every
 * mixture learner starts from the same initial weights, so they differ only in how they assign
 * credit. A minibatch is drawn every step whoever is switched on, so switching a learner off or on
 * never changes what the others see.
 */
import { createRng, deriveSeed, type Rng } from '../rng';
import { LEARNER_IDS, type LearnerId } from '../experiments/mixture-density.schema';
import { Learner, type LearnerSettings } from './learner';
import { sampleTask, TASKS, type Dataset, type TaskId } from './tasks';

/** Points of the held-out test set (same task and noise, its own stream). */
export const TEST_SIZE = 300;

export interface RaceSettings extends LearnerSettings {
  task: TaskId;
  size: number;
  noise: number;
  init: number;
  batch: number;
}

export class MixtureRace {
  data!: Dataset;
  test!: Dataset;
  readonly learners: Learner[];
  readonly batchRng: Rng;
  steps = 0;
  private idx = new Int32Array(0);

  constructor(
    readonly seed: number,
    set: RaceSettings,
  ) {
    const D = TASKS[set.task].D;
    const centre = TASKS[set.task].centre;
    const mixInit = Learner.initial(true, set.K, D, set.H, set.init, centre, createRng(deriveSeed(seed, 'mixture:init')));
    const singleInit = Learner.initial(false, 1, D, set.H, set.init, centre, createRng(deriveSeed(seed, 'mixture:init-single')));
    this.learners = LEARNER_IDS.map(
      (id) => new Learner(id, set.K, D, set.H, id === 'single' ? singleInit : mixInit, createRng(deriveSeed(seed, `mixture:noise:${id}`))),
    );
    this.batchRng = createRng(deriveSeed(seed, 'mixture:batches'));
    this.regenerate(set);
  }

  /** Draw the training and test sets again (size or noise changed); the weights stay. */
  regenerate(set: RaceSettings): void {
    this.data = sampleTask(set.task, set.size, set.noise, createRng(deriveSeed(this.seed, 'mixture:data')));
    this.test = sampleTask(set.task, TEST_SIZE, set.noise, createRng(deriveSeed(this.seed, 'mixture:test')));
  }

  learner(id: LearnerId): Learner {
    return this.learners[LEARNER_IDS.indexOf(id)]!;
  }

  /** One step: a minibatch for everyone, a training step for each switched-on learner. */
  step(enabled: (id: LearnerId) => boolean, set: RaceSettings): void {
    if (this.idx.length !== set.batch) this.idx = new Int32Array(set.batch);
    for (let b = 0; b < set.batch; b++) this.idx[b] = this.batchRng.int(this.data.n);
    for (const l of this.learners) if (enabled(l.id)) l.train(this.data, this.idx, set);
    this.steps++;
  }
}
