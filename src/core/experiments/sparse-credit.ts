/**
 * Sparse credit over long sequences (REFERENCES §5, seed §4–6). Every switched-on learner lives
 * through the same semesters: it samples its choice from its own policy σ(φ), its credit mechanism
 * (a model with its own weights) learns from what happened and says how much the choice mattered, and
 * φ moves by that much. One step is one batch of semesters for every learner. Plain arithmetic on
 * small arrays, no tensors: at these sizes a JIT loop beats a kernel launch, and the memory the
 * learners hold is exactly the arrays counted by the budget.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed, type Rng } from '../rng';
import { History } from '../history';
import { MECHANISMS, type Mechanism, type MechanismId, type TrainContext } from '../credit/mechanism';
import { binCredit, logBins, quizTimes, sampleBatch, SKIP, type Task } from '../credit/semester';
import { RnnMechanism } from '../credit/rnn';
import { AttentionMechanism } from '../credit/attention';
import { CriticMechanism } from '../credit/critic';
import { AbstractMechanism } from '../credit/abstract-model';
import { formatBytes, MEMORY_BUDGET_BYTES, stepBytes, stepWork, WORK_CAP, type Sizes } from '../credit/budget';
import { sparseCreditContract, sparseCreditSchema, type SparseCreditFrame, type SparseCreditRow, type SparseCreditSchema } from './sparse-credit.schema';
import { creditSummary, CreditSweep, SWEEP_T } from './sparse-credit-sweep';

export { logLogSlope, SWEEP_T } from './sparse-credit-sweep';

type Params = ParamValues<SparseCreditSchema>;

/** Step size of every policy logit φ (on d E[return] / d φ). */
export const POLICY_RATE = 4;
/** The policy counts as having learned once it studies with this probability. */
export const LEARNED = 0.9;
/** |φ| stays below this, so even a learned policy skips now and then (p ≤ 0.95): without the odd
 * failure, a learner could no longer tell what studying is worth. */
export const PHI_MAX = 3;
/** Columns of the credit heatmap (geometric bins over events). */
const HEAT_BINS = 96;

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

interface Learner {
  id: MechanismId;
  mech: Mechanism;
  phi: number;
  policyRng: Rng;
  noiseRng: Rng;
  steps: number;
  episodes: number;
  curve: History<'episodes' | 'p'>;
  learnedAt: number | null;
  loss: number | null;
  credit: Float32Array | null;
  diverged: { step: number; reason: string } | null;
}

function makeMechanism(id: MechanismId, seed: number, hidden: number): Mechanism {
  const s = deriveSeed(seed, `mechanism:${id}`);
  switch (id) {
    case 'bptt':
    case 'tbptt':
    case 'quiz':
      return new RnnMechanism(id, hidden, s);
    case 'soft':
    case 'sparse':
      return new AttentionMechanism(id, s);
    case 'critic':
      return new CriticMechanism();
    case 'abstract':
      return new AbstractMechanism(s);
  }
}

export class SparseCreditRun implements Run<SparseCreditFrame> {
  private learners = new Map<MechanismId, Learner>();
  private semesterRng!: Rng;
  private steps = 0;
  private sweep = new CreditSweep();

  constructor(private readonly seed: number, private values: Params) {
    this.build();
  }

  private build(): void {
    this.learners.clear();
    for (const id of MECHANISMS) {
      this.learners.set(id, {
        id,
        mech: makeMechanism(id, this.seed, this.values.hidden),
        phi: 0,
        policyRng: createRng(deriveSeed(this.seed, `policy:${id}`)),
        noiseRng: createRng(deriveSeed(this.seed, `noise:${id}`)),
        steps: 0,
        episodes: 0,
        curve: new History(['episodes', 'p'], 1, 256),
        learnedAt: null,
        loss: null,
        credit: null,
        diverged: null,
      });
    }
    this.semesterRng = createRng(deriveSeed(this.seed, 'semesters'));
    this.steps = 0;
    this.sweep.reset(this.steps);
  }

  params() {
    return { ...this.values };
  }

  private sizes(T = this.values.T, B = this.values.batch): Sizes {
    const v = this.values;
    return { T, B, H: v.hidden, topK: v.topK, quizzes: v.quizzes, window: v.window };
  }

  private enabled(): MechanismId[] {
    return MECHANISMS.filter((id) => this.values[id]);
  }

  /** Bytes the switched-on learners would allocate per step; a reason when over the budget. */
  memory(): { bytes: number; refused: string | null } {
    const s = this.sizes();
    const bytes = this.enabled().reduce((n, id) => n + stepBytes(id, s), 0);
    const refused =
      bytes > MEMORY_BUDGET_BYTES
        ? `One step at T = ${s.T.toLocaleString('en')} with ${s.B} semesters per step and ${s.H} hidden units would hold about ` +
          `${formatBytes(bytes)} (mostly the RNNs' stored hidden states, B × T × H numbers each), over the ` +
          `${formatBytes(MEMORY_BUDGET_BYTES)} this page allows. Lower T, the semesters per step or the hidden units. Nothing was allocated.`
        : null;
    return { bytes, refused };
  }

  /** Why a learner sits out at these sizes (its step would hold the worker too long), or null. */
  private pausedReason(id: MechanismId): string | null {
    const work = stepWork(id, this.sizes());
    if (work <= WORK_CAP) return null;
    return (
      `paused: one step would take about ${(work / 1e6).toFixed(0)} M multiply-adds (over the ${WORK_CAP / 1e6} M a step may spend ` +
      'without freezing the page); lower T, the hidden units or the semesters per step'
    );
  }

  private context(learner: Learner): TrainContext {
    const v = this.values;
    return { task: v.task as Task, learningRate: v.learningRate, window: v.window, topK: v.topK, quizzes: v.quizzes, rng: learner.noiseRng };
  }

  async step(count: number): Promise<StepResult> {
    if (count <= 0 || this.memory().refused) return { taken: 0, diverged: null };
    const v = this.values;
    const active = this.enabled().filter((id) => !this.pausedReason(id));
    for (let i = 0; i < count; i++) {
      const batch = sampleBatch(this.semesterRng, v.task as Task, v.T, v.batch, v.distractorReward);
      for (const id of active) this.trainLearner(this.learners.get(id)!, batch);
      this.steps++;
    }
    return { taken: count, diverged: null };
  }

  private trainLearner(l: Learner, batch: ReturnType<typeof sampleBatch>): void {
    if (l.diverged) return;
    const p = sigmoid(l.phi);
    const actions = new Uint8Array(batch.B);
    for (let b = 0; b < batch.B; b++) actions[b] = l.policyRng.next() < p ? 1 : 0;
    const r = l.mech.train(batch, actions, p, this.context(l));
    l.steps++;
    if (!Number.isFinite(r.loss) || !Number.isFinite(r.policyGrad) || !l.mech.finite()) {
      l.diverged = { step: l.steps, reason: this.divergedReason(l.steps) };
      l.loss = null;
      return;
    }
    l.phi = Math.max(-PHI_MAX, Math.min(PHI_MAX, l.phi + POLICY_RATE * r.policyGrad));
    l.episodes += batch.B;
    l.loss = r.loss;
    l.credit = r.credit;
    const pNow = sigmoid(l.phi);
    l.curve.push(l.steps, [l.episodes, pNow]);
    if (l.learnedAt === null && pNow >= LEARNED) l.learnedAt = l.episodes;
  }

  private divergedReason(step: number): string {
    return `its model became non-finite at its step ${step} (learning rate ${this.values.learningRate}); the other learners carry on. Lower the learning rate and reset.`;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(sparseCreditSchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) this.build();
    else if (changed.some((k) => ['task', 'distractorReward', 'window', 'topK', 'quizzes', 'hidden', ...MECHANISMS].includes(k))) this.sweep.reset(this.steps);
    if (changed.includes('T')) for (const l of this.learners.values()) l.credit = null;
    return result;
  }

  /**
   * Credit of every event of a fresh semester of length T under a learner's current weights: the
   * semester of the seed's student, who did not study (did not take the key) and failed.
   */
  creditAt(id: MechanismId, T: number): { credit: Float32Array; first: number } | null {
    const l = this.learners.get(id)!;
    if (l.diverged) return null;
    if ((id === 'bptt' || id === 'tbptt' || id === 'quiz') && stepWork(id, this.sizes(T, 1)) > WORK_CAP) return null;
    const v = this.values;
    const batch = sampleBatch(createRng(deriveSeed(this.seed, `sweep:${T}`)), v.task as Task, T, 1, v.distractorReward);
    batch.tokens[0] = SKIP;
    return l.mech.probe(batch.tokens, batch.rewards, { ...this.context(l), rng: createRng(1) });
  }

  pendingWork(): boolean {
    return this.sweep.pending() && !this.memory().refused;
  }

  readonly probes: Record<string, () => Promise<Record<string, number>>> = {
    'step:soft': () => this.probeStep('soft'),
    'step:sparse': () => this.probeStep('sparse'),
    'step:bptt': () => this.probeStep('bptt'),
    creditSweep: async () => this.creditSummary(),
  };

  /** Bench: one training step of a learner at T = 10,000 on a copy of its weights (the run is untouched). */
  private async probeStep(id: MechanismId): Promise<Record<string, number>> {
    const T = 10000;
    const l = this.learners.get(id)!;
    const saved = l.mech.save();
    const batch = sampleBatch(createRng(deriveSeed(this.seed, 'probe')), this.values.task as Task, T, this.values.batch, 0);
    const actions = new Uint8Array(batch.B).fill(1);
    l.mech.train(batch, actions, 0.5, { ...this.context(l), rng: createRng(2) });
    l.mech.load(saved);
    const s = this.sizes(T);
    return { T, B: s.B, stepBytes: stepBytes(id, s), squareBytes: T * T * 4 };
  }

  /** Credit to the choice at every T of the ladder, log-log slopes and policies (tests and the bench's probe). */
  creditSummary(): Record<string, number> {
    return creditSummary((id, T) => this.creditAt(id, T), (id) => sigmoid(this.learners.get(id)!.phi));
  }

  async snapshot(): Promise<Snapshot<SparseCreditFrame>> {
    const v = this.values;
    const mem = this.memory();
    if (!mem.refused) this.sweep.advance(this.steps, this.enabled(), (id, T) => this.creditAt(id, T));
    const edges = logBins(v.T, HEAT_BINS);
    const rows = MECHANISMS.map((id): SparseCreditRow => {
      const l = this.learners.get(id)!;
      const curve = l.curve.toSnapshot();
      const paused = this.pausedReason(id);
      const credit = l.credit && l.credit.length === v.T ? l.credit : null;
      const sweep = this.sweep.of(id);
      return {
        id,
        enabled: v[id],
        status: !v[id] ? 'off' : l.diverged ? 'diverged' : paused ? 'paused' : 'training',
        message: l.diverged ? `Diverged: ${l.diverged.reason}` : paused ?? '',
        p: sigmoid(l.phi),
        episodes: l.episodes,
        learnedAt: l.learnedAt,
        loss: l.loss,
        creditFirst: credit ? credit[0]! : null,
        creditBins: credit ? binCredit(credit, edges) : new Float32Array(0),
        curveEpisodes: curve.episodes,
        curveP: curve.p,
        sweepShare: sweep.share,
        sweepFirst: sweep.first,
      };
    });
    return {
      experimentId: sparseCreditContract.id,
      step: this.steps,
      diverged: null,
      data: {
        T: v.T,
        task: v.task as Task,
        batch: v.batch,
        window: v.window,
        topK: v.topK,
        quizzes: v.quizzes,
        quizTimes: Int32Array.from(quizTimes(v.T, v.quizzes)),
        refused: mem.refused,
        memoryBytes: mem.bytes,
        budgetBytes: MEMORY_BUDGET_BYTES,
        binEdges: edges,
        sweepT: Float32Array.from(SWEEP_T),
        sweepDone: this.sweep.done,
        rows,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = { step: this.steps, T: this.values.T };
    for (const l of this.learners.values()) {
      out[`${l.id}P`] = sigmoid(l.phi);
      out[`${l.id}Episodes`] = l.episodes;
      out[`${l.id}LearnedAt`] = l.learnedAt ?? NaN;
      out[`${l.id}CreditFirst`] = l.credit ? l.credit[0]! : NaN;
      out[`${l.id}Diverged`] = l.diverged ? 1 : 0;
    }
    return out;
  }

  /**
   * Everything a restarted worker needs to carry on exactly: every learner's model weights, policy
   * logit, counters, last loss and credit, divergence, curve and random streams, the semester stream,
   * and the sweep in progress.
   */
  async checkpoint(): Promise<RunCheckpoint> {
    const arrays: Record<string, Float32Array> = {};
    const numbers: Record<string, number> = { steps: this.steps, hidden: this.values.hidden };
    const rng = (name: string, r: Rng) => {
      const [a, spare] = r.getState();
      numbers[`rng:${name}`] = a!;
      numbers[`rngSpare:${name}`] = spare!;
    };
    rng('semesters', this.semesterRng);
    for (const l of this.learners.values()) {
      arrays[l.id] = l.mech.save();
      numbers[`size:${l.id}`] = arrays[l.id]!.length;
      numbers[`phi:${l.id}`] = l.phi;
      numbers[`episodes:${l.id}`] = l.episodes;
      numbers[`steps:${l.id}`] = l.steps;
      numbers[`learnedAt:${l.id}`] = l.learnedAt ?? -1;
      numbers[`loss:${l.id}`] = l.loss ?? NaN;
      numbers[`divergedAt:${l.id}`] = l.diverged ? l.diverged.step : -1;
      if (l.credit) arrays[`credit:${l.id}`] = Float32Array.from(l.credit);
      const curve = l.curve.toSnapshot();
      arrays[`curve.steps:${l.id}`] = curve.steps;
      for (const name of l.curve.names) arrays[`curve.${name}:${l.id}`] = curve[name];
      rng(`policy:${l.id}`, l.policyRng);
      rng(`noise:${l.id}`, l.noiseRng);
    }
    this.sweep.save(arrays, numbers);
    return { step: this.steps, arrays, numbers };
  }

  /**
   * Continue from a checkpoint of a run with the same seed and settings. One taken at another number
   * of hidden units (other model sizes) is ignored; missing entries keep their fresh values.
   */
  restore(c: RunCheckpoint): void {
    const num = (key: string, fallback: number) => {
      const v = c.numbers?.[key];
      return typeof v === 'number' ? v : fallback;
    };
    const arrays = c.arrays ?? {};
    if (num('hidden', this.values.hidden) !== this.values.hidden) return;
    for (const l of this.learners.values()) {
      const a = arrays[l.id];
      const size = l.mech.save().length;
      if ((a && a.length !== size) || num(`size:${l.id}`, size) !== size) return;
    }
    const rng = (name: string, r: Rng) => r.setState([num(`rng:${name}`, NaN), num(`rngSpare:${name}`, NaN)]);
    this.steps = typeof c.step === 'number' ? c.step : num('steps', 0);
    rng('semesters', this.semesterRng);
    for (const l of this.learners.values()) {
      const a = arrays[l.id];
      if (a) l.mech.load(a);
      l.phi = num(`phi:${l.id}`, 0);
      l.episodes = num(`episodes:${l.id}`, 0);
      l.steps = num(`steps:${l.id}`, 0);
      const at = num(`learnedAt:${l.id}`, -1);
      l.learnedAt = at >= 0 ? at : null;
      const loss = num(`loss:${l.id}`, NaN);
      l.loss = Number.isNaN(loss) ? null : loss;
      const divergedAt = num(`divergedAt:${l.id}`, -1);
      l.diverged = divergedAt >= 0 ? { step: divergedAt, reason: this.divergedReason(divergedAt) } : null;
      const credit = arrays[`credit:${l.id}`];
      l.credit = credit ? Float32Array.from(credit) : null;
      l.curve.load(
        arrays[`curve.steps:${l.id}`] ?? [],
        l.curve.names.map((name) => arrays[`curve.${name}:${l.id}`] ?? []),
      );
      rng(`policy:${l.id}`, l.policyRng);
      rng(`noise:${l.id}`, l.noiseRng);
    }
    this.sweep.load(arrays, c.numbers ?? {}, this.steps);
  }

  dispose(): void {}
}

export const sparseCreditExperiment: Experiment<SparseCreditSchema, SparseCreditFrame> = implement(
  sparseCreditContract,
  (seed, values) => new SparseCreditRun(seed, values),
);
