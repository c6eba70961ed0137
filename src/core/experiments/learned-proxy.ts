/**
 * Backprop through a learned proxy (issue 7, item 1). Three learners share a bandit and a seed:
 *  - REINFORCE: the score-function gradient from the real (noisy) reward, with a running baseline;
 *  - critic: a small MLP fitted to the rewards seen so far; the policy follows ∂critic/∂action
 *    (pathwise for the Gaussian policy, straight-through Gumbel or Gumbel-softmax for the arms);
 *  - oracle: the same pathwise gradient through the TRUE reward (continuous), or the exact
 *    expected-reward gradient (discrete).
 * One step = `batch` samples for each learner. Plain arithmetic on a few dozen numbers, no tensors.
 * A critic that diverges stops only its own learner; the run carries on. The learner steps are in
 * learned-proxy-learners.ts, the checkpoints in learned-proxy-checkpoint.ts.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { Critic, SampleBuffer } from '../policy/critic';
import { SmallAdam } from '../policy/adam';
import { argmax, expectedReward as armsExpected, softmax } from '../policy/categorical';
import { ACTION_MAX, ACTION_MIN, bestReward, expectedReward, gaussianDensity, reward } from '../policy/gaussian-bandit';
import {
  LEARNERS,
  learnedProxyMeta,
  learnedProxySchema,
  type Learner,
  type LearnedProxyFrame,
  type LearnedProxySchema,
  type LearnerPolicy,
} from './learned-proxy.schema';
import { armMeans, continuousStep, discreteStep, freshLearner, type LearnedProxyParams, type LearnerState, type StepContext } from './learned-proxy-learners';
import { restoreCheckpoint, takeCheckpoint, type LearnedProxyState } from './learned-proxy-checkpoint';

export { LEARNERS, type Learner } from './learned-proxy.schema';
export { armMeans } from './learned-proxy-learners';

type Params = LearnedProxyParams;

/** The critic counts as diverged past this minibatch loss (rewards live in about [−1, 2]). */
export const CRITIC_LOSS_LIMIT = 1e4;
const BUFFER = 512;
const CRITIC_BATCH = 32;
const GRID = 161;
const RECENT = 64;

const HISTORY_NAMES = ['samples', ...LEARNERS, 'criticLoss'] as const;
type HistoryName = (typeof HISTORY_NAMES)[number];

/** Its fields are the state the learner steps (StepContext) and the checkpoints (LearnedProxyState) work on. */
class LearnedProxyRun implements Run<LearnedProxyFrame>, StepContext, LearnedProxyState {
  steps = 0;
  samples = 0;
  learners!: Record<Learner, LearnerState>;
  critic!: Critic;
  buffer!: SampleBuffer;
  fitRng!: Rng;
  criticLoss = NaN;
  criticDiverged: { step: number; loss: number; reason: string } | null = null;
  history!: History<HistoryName>;
  means: Float64Array = new Float64Array(0);
  private best = 1;
  // Scratch.
  p = new Float64Array(0);
  y = new Float64Array(0);
  x = new Float64Array(0);
  dx = new Float64Array(0);
  grad = new Float64Array(0);
  private rows = new Int32Array(CRITIC_BATCH);

  constructor(private readonly seed: number, public values: Params) {
    this.build();
  }

  get discrete(): boolean {
    return this.values.action === 'discrete';
  }

  private build(): void {
    const k = this.values.arms;
    const d = this.discrete ? k : 1;
    this.steps = 0;
    this.samples = 0;
    this.means = this.discrete ? armMeans(k, this.seed) : new Float64Array(0);
    this.best = this.discrete ? Math.max(...this.means) : bestReward();
    const make = (name: Learner) => freshLearner(name, this.seed, k, this.discrete, (theta) => this.expected(theta));
    this.learners = { reinforce: make('reinforce'), critic: make('critic'), oracle: make('oracle') };
    this.critic = new Critic(d, this.values.criticHidden, createRng(deriveSeed(this.seed, 'learned-proxy:critic')), this.discrete ? 1 : 1 / 2);
    this.buffer = new SampleBuffer(d, BUFFER);
    this.fitRng = createRng(deriveSeed(this.seed, 'learned-proxy:fit'));
    this.criticLoss = NaN;
    this.criticDiverged = null;
    this.history = new History(HISTORY_NAMES, 1, 512);
    this.p = new Float64Array(k);
    this.y = new Float64Array(k);
    this.x = new Float64Array(d);
    this.dx = new Float64Array(d);
    this.grad = new Float64Array(this.discrete ? k : 2);
    this.record();
  }

  expected(theta: Float64Array): number {
    if (this.discrete) return armsExpected(softmax(theta, 1, this.p), this.means);
    return expectedReward(theta[0]!, Math.exp(theta[1]!));
  }

  params() {
    return { ...this.values };
  }

  /** criticSteps minibatch fits; false (and the critic learner stopped) when the critic diverged. */
  fitCritic(): boolean {
    const { criticSteps, criticLr } = this.values;
    const n = Math.min(CRITIC_BATCH, this.buffer.length);
    const rows = this.rows.subarray(0, n);
    let loss = NaN;
    for (let i = 0; i < criticSteps; i++) {
      this.buffer.draw(this.fitRng, n, rows);
      const fit = this.critic.fit(this.buffer.xs, this.buffer.ys, rows, criticLr);
      loss = fit.loss;
      const bad = !fit.finite || !(fit.loss <= CRITIC_LOSS_LIMIT);
      if (bad) {
        this.criticDiverged = { step: this.steps + 1, loss: fit.loss, reason: this.criticReason(fit.loss) };
        this.learners.critic.stopped = true;
        this.criticLoss = NaN;
        return false;
      }
    }
    this.criticLoss = loss;
    return true;
  }

  criticReason(loss: number): string {
    const { criticLr } = this.values;
    return Number.isFinite(loss)
      ? `the critic’s squared error reached ${loss.toExponential(2)} (limit ${CRITIC_LOSS_LIMIT.toExponential(0)}) at learning rate ${criticLr}; its learner stopped, the other two carry on. Lower the critic learning rate to start it again.`
      : `the critic’s loss or weights stopped being finite numbers at learning rate ${criticLr}; its learner stopped, the other two carry on. Lower the critic learning rate to start it again.`;
  }

  /** Steps left before every learner has used its budget of samples. */
  private remaining(): number {
    return Math.max(0, Math.ceil((this.values.budget - this.samples) / this.values.batch));
  }

  async step(count: number): Promise<StepResult> {
    return { taken: this.advance(Math.min(count, this.remaining())), diverged: null };
  }

  /** Take `count` steps regardless of the budget (the bench times this). */
  private advance(count: number): number {
    for (let c = 0; c < count; c++) {
      for (const name of LEARNERS) {
        const s = this.learners[name];
        if (s.stopped) continue;
        if (this.discrete) discreteStep(this, name, s);
        else continuousStep(this, name, s);
      }
      this.steps++;
      this.samples += this.values.batch;
      this.record();
    }
    return count;
  }

  private record(): void {
    const target = this.values.threshold * this.best;
    for (const name of LEARNERS) {
      const s = this.learners[name];
      s.value = this.expected(s.theta);
      if (s.reachedAt === null && s.value >= target && this.steps > 0) s.reachedAt = this.samples;
    }
    this.history.push(this.steps, [
      this.samples,
      this.learners.reinforce.value,
      this.learners.critic.value,
      this.learners.oracle.value,
      Number.isFinite(this.criticLoss) ? this.criticLoss : NaN,
    ]);
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(learnedProxySchema, this.values, partial);
    this.values = values;
    // The arm count only shapes the discrete bandit.
    const rebuiltBy = this.discrete || changed.includes('action') ? result.rebuiltBy : result.rebuiltBy.filter((k) => k !== 'arms');
    if (rebuiltBy.length > 0) this.build();
    else if (this.criticDiverged && changed.includes('criticLr')) this.restartCritic();
    if (changed.includes('threshold')) {
      // Re-read the record against the new target.
      for (const name of LEARNERS) this.learners[name].reachedAt = this.reachedFromHistory(name);
    }
    return { ...result, rebuilt: rebuiltBy.length > 0, rebuiltBy };
  }

  /** After a divergence, a new critic learning rate restarts the critic learner from the initial policy. */
  private restartCritic(): void {
    const k = this.values.arms;
    const d = this.discrete ? k : 1;
    const s = this.learners.critic;
    s.theta = this.discrete ? new Float64Array(k) : Float64Array.from([0, 0]);
    s.opt = new SmallAdam(s.theta.length);
    s.stopped = false;
    s.reachedAt = null;
    this.critic = new Critic(d, this.values.criticHidden, createRng(deriveSeed(this.seed, 'learned-proxy:critic')), this.discrete ? 1 : 1 / 2);
    this.criticDiverged = null;
  }

  private reachedFromHistory(name: Learner): number | null {
    const snap = this.history.toSnapshot();
    const xs = snap.samples;
    const ys = snap[name];
    const target = this.values.threshold * this.best;
    for (let i = 1; i < xs.length; i++) if (ys[i]! >= target) return xs[i]!;
    return null;
  }

  async snapshot(): Promise<Snapshot<LearnedProxyFrame>> {
    const k = this.values.arms;
    const h = this.history.toSnapshot();
    const grid = this.discrete ? Float32Array.from({ length: k }, (_, i) => i) : Float32Array.from({ length: GRID }, (_, i) => ACTION_MIN + ((ACTION_MAX - ACTION_MIN) * i) / (GRID - 1));
    const trueCurve = this.discrete ? Float32Array.from(this.means) : grid.map((a) => reward(a));
    const alive = this.criticDiverged === null;
    const criticCurve = new Float32Array(alive ? grid.length : 0);
    if (alive) {
      for (let i = 0; i < grid.length; i++) {
        if (this.discrete) {
          this.x.fill(0);
          this.x[i] = 1;
        } else this.x[0] = grid[i]!;
        criticCurve[i] = this.critic.predict(this.x);
      }
    }
    const recent = this.buffer.recent(RECENT);
    const recentActions = this.discrete ? Float32Array.from({ length: recent.r.length }, (_, i) => argmax(recent.x.subarray(i * k, (i + 1) * k))) : recent.x;
    const policyOf = (s: LearnerState): LearnerPolicy =>
      this.discrete
        ? { probs: Float32Array.from(softmax(s.theta, 1, this.p)) }
        : {
            mu: s.theta[0]!,
            sigma: Math.exp(s.theta[1]!),
            density: grid.map((a) => gaussianDensity(a, s.theta[0]!, Math.exp(s.theta[1]!))),
          };
    const perLearner = <T>(f: (s: LearnerState) => T) => ({ reinforce: f(this.learners.reinforce), critic: f(this.learners.critic), oracle: f(this.learners.oracle) });
    return {
      experimentId: learnedProxyMeta.id,
      step: this.steps,
      diverged: null,
      data: {
        action: this.values.action,
        relaxation: this.values.relaxation,
        samples: this.samples,
        budget: this.values.budget,
        done: this.remaining() === 0,
        best: this.best,
        target: this.values.threshold * this.best,
        curveSamples: h.samples,
        curveReinforce: h.reinforce,
        curveCritic: h.critic,
        curveOracle: h.oracle,
        curveCriticLoss: h.criticLoss,
        value: perLearner((s) => s.value),
        reachedAt: perLearner((s) => s.reachedAt),
        stopped: perLearner((s) => s.stopped),
        policies: perLearner(policyOf),
        grid,
        trueCurve,
        criticCurve,
        criticLoss: Number.isFinite(this.criticLoss) ? this.criticLoss : null,
        criticDiverged: this.criticDiverged ? { step: this.criticDiverged.step, reason: this.criticDiverged.reason } : null,
        recentActions,
        recentRewards: recent.r,
        bufferSize: this.buffer.length,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = { step: this.steps, samples: this.samples, best: this.best, criticLoss: this.criticLoss };
    for (const name of LEARNERS) {
      out[`${name}Value`] = this.learners[name].value;
      out[`${name}ReachedAt`] = this.learners[name].reachedAt ?? NaN;
    }
    out.criticDiverged = this.criticDiverged ? 1 : 0;
    return out;
  }

  /** See learned-proxy-checkpoint.ts. */
  async checkpoint(): Promise<RunCheckpoint> {
    return takeCheckpoint(this);
  }

  restore(c: RunCheckpoint): void {
    restoreCheckpoint(this, c);
  }

  /** For the bench: 100 steps of all three learners at the current settings. */
  readonly probes = {
    train100: async () => {
      this.advance(100);
      return { steps: 100, samplesPerLearner: 100 * this.values.batch, criticFits: 100 * this.values.criticSteps };
    },
  };

  dispose(): void {}
}

export const learnedProxyExperiment: Experiment<LearnedProxySchema, LearnedProxyFrame> = implement(
  { ...learnedProxyMeta, schema: learnedProxySchema },
  (seed, values) => new LearnedProxyRun(seed, values),
);
