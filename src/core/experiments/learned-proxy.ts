/**
 * Backprop through a learned proxy (issue 7, item 1). Three learners share a bandit and a seed:
 *  - REINFORCE: the score-function gradient from the real (noisy) reward, with a running baseline;
 *  - critic: a small MLP fitted to the rewards seen so far; the policy follows ∂critic/∂action
 *    (pathwise for the Gaussian policy, straight-through Gumbel or Gumbel-softmax for the arms);
 *  - oracle: the same pathwise gradient through the TRUE reward (continuous), or the exact
 *    expected-reward gradient (discrete).
 * One step = `batch` samples for each learner. Plain arithmetic on a few dozen numbers, no tensors.
 * A critic that diverges stops only its own learner; the run carries on.
 */
import type { Experiment, Run, RunCheckpoint, SetParamsResult, Snapshot, StepResult } from '../experiment';
import { resolveValues, sameValue, validatePartial, type ParamValues } from '../../params/kinds';
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { Critic, SampleBuffer } from '../policy/critic';
import { SmallAdam } from '../policy/adam';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { argmax, expectedReward as armsExpected, gumbel, sampleArm, softmax } from '../policy/categorical';
import { ACTION_MAX, ACTION_MIN, bestReward, expectedReward, gaussianDensity, reward, rewardSlope } from '../policy/gaussian-bandit';
import { learnedProxyMeta, learnedProxySchema, type LearnedProxySchema, type Relaxation } from './learned-proxy.schema';

type Params = ParamValues<LearnedProxySchema>;

export const LEARNERS = ['reinforce', 'critic', 'oracle'] as const;
export type Learner = (typeof LEARNERS)[number];

/** The critic counts as diverged past this minibatch loss (rewards live in about [−1, 2]). */
export const CRITIC_LOSS_LIMIT = 1e4;
const BUFFER = 512;
const CRITIC_BATCH = 32;
const GRID = 161;
const RECENT = 64;
const LOG_SIGMA_MIN = Math.log(0.05);
const LOG_SIGMA_MAX = Math.log(2);
const LOGIT_LIMIT = 30;
const BASELINE_RATE = 0.1;

/** The discrete bandit's arm means: one best arm at 1, the rest spread below 0.75. */
export function armMeans(k: number, seed: number): Float64Array {
  const rng = createRng(deriveSeed(seed, 'learned-proxy:arms'));
  const means = Float64Array.from({ length: k }, () => 0.05 + 0.7 * rng.next());
  means[rng.int(k)] = 1;
  return means;
}

interface LearnerState {
  /** Continuous: [μ, log σ]. Discrete: K logits. */
  theta: Float64Array;
  opt: SmallAdam;
  rng: Rng;
  baseline: number;
  reachedAt: number | null;
  /** Latest expected reward. */
  value: number;
  stopped: boolean;
}

class LearnedProxyRun implements Run {
  private values: Params;
  private steps = 0;
  private samples = 0;
  private learners!: Record<Learner, LearnerState>;
  private critic!: Critic;
  private buffer!: SampleBuffer;
  private fitRng!: Rng;
  private criticLoss = NaN;
  private criticDiverged: { step: number; loss: number; reason: string } | null = null;
  private history!: History;
  private means: Float64Array = new Float64Array(0);
  private best = 1;
  // Scratch.
  private p = new Float64Array(0);
  private y = new Float64Array(0);
  private x = new Float64Array(0);
  private dx = new Float64Array(0);
  private grad = new Float64Array(0);
  private rows = new Int32Array(CRITIC_BATCH);

  constructor(
    private readonly seed: number,
    params: Params,
  ) {
    this.values = params;
    this.build();
  }

  private get discrete(): boolean {
    return this.values.action === 'discrete';
  }

  private build(): void {
    const k = this.values.arms;
    const d = this.discrete ? k : 1;
    this.steps = 0;
    this.samples = 0;
    this.means = this.discrete ? armMeans(k, this.seed) : new Float64Array(0);
    this.best = this.discrete ? Math.max(...this.means) : bestReward();
    const init = () => (this.discrete ? new Float64Array(k) : Float64Array.from([0, 0]));
    const make = (name: Learner): LearnerState => {
      const theta = init();
      return {
        theta,
        opt: new SmallAdam(theta.length),
        rng: createRng(deriveSeed(this.seed, `learned-proxy:${name}`)),
        baseline: 0,
        reachedAt: null,
        value: this.expected(theta),
        stopped: false,
      };
    };
    this.learners = { reinforce: make('reinforce'), critic: make('critic'), oracle: make('oracle') };
    this.critic = new Critic(d, this.values.criticHidden, createRng(deriveSeed(this.seed, 'learned-proxy:critic')), this.discrete ? 1 : 1 / 2);
    this.buffer = new SampleBuffer(d, BUFFER);
    this.fitRng = createRng(deriveSeed(this.seed, 'learned-proxy:fit'));
    this.criticLoss = NaN;
    this.criticDiverged = null;
    this.history = new History(['samples', ...LEARNERS, 'criticLoss'], 1, 512);
    this.p = new Float64Array(k);
    this.y = new Float64Array(k);
    this.x = new Float64Array(d);
    this.dx = new Float64Array(d);
    this.grad = new Float64Array(this.discrete ? k : 2);
    this.record();
  }

  private expected(theta: Float64Array): number {
    if (this.discrete) return armsExpected(softmax(theta, 1, this.p), this.means);
    return expectedReward(theta[0]!, Math.exp(theta[1]!));
  }

  params() {
    return { ...this.values };
  }

  private observe(rng: Rng, mean: number): number {
    return mean + this.values.noise * rng.normal();
  }

  // ---- continuous ------------------------------------------------------------------------------

  private continuousStep(name: Learner, s: LearnerState): void {
    const { batch, policyLr } = this.values;
    const mu = s.theta[0]!;
    const sigma = Math.exp(s.theta[1]!);
    let gMu = 0;
    let gLog = 0;
    const eps = new Float64Array(batch);
    const acts = new Float64Array(batch);
    for (let b = 0; b < batch; b++) {
      eps[b] = s.rng.normal();
      acts[b] = mu + sigma * eps[b]!;
    }
    if (name === 'reinforce') {
      let sum = 0;
      for (let b = 0; b < batch; b++) {
        const r = this.observe(s.rng, reward(acts[b]!));
        sum += r;
        const adv = r - (this.values.baseline ? s.baseline : 0);
        gMu += (adv * eps[b]!) / sigma;
        gLog += adv * (eps[b]! * eps[b]! - 1);
      }
      s.baseline += BASELINE_RATE * (sum / batch - s.baseline);
    } else if (name === 'oracle') {
      for (let b = 0; b < batch; b++) {
        const slope = rewardSlope(acts[b]!);
        gMu += slope;
        gLog += slope * eps[b]! * sigma;
      }
    } else {
      for (let b = 0; b < batch; b++) {
        this.x[0] = acts[b]!;
        this.buffer.add(this.x, this.observe(s.rng, reward(acts[b]!)));
      }
      if (!this.fitCritic()) return;
      for (let b = 0; b < batch; b++) {
        this.x[0] = acts[b]!;
        this.critic.inputGradient(this.x, this.dx);
        gMu += this.dx[0]!;
        gLog += this.dx[0]! * eps[b]! * sigma;
      }
    }
    this.grad[0] = gMu / batch;
    this.grad[1] = gLog / batch;
    if (!Number.isFinite(this.grad[0]) || !Number.isFinite(this.grad[1])) {
      s.stopped = true;
      return;
    }
    s.opt.ascend(s.theta, this.grad, policyLr);
    s.theta[0] = Math.min(ACTION_MAX, Math.max(ACTION_MIN, s.theta[0]!));
    s.theta[1] = Math.min(LOG_SIGMA_MAX, Math.max(LOG_SIGMA_MIN, s.theta[1]!));
  }

  // ---- discrete --------------------------------------------------------------------------------

  private discreteStep(name: Learner, s: LearnerState): void {
    const { batch, policyLr, tau, relaxation } = this.values;
    const k = this.values.arms;
    const p = softmax(s.theta, 1, this.p);
    const g = this.grad.fill(0);
    if (name === 'oracle') {
      const j = armsExpected(p, this.means);
      for (let i = 0; i < k; i++) g[i] = p[i]! * (this.means[i]! - j);
    } else if (name === 'reinforce') {
      let sum = 0;
      for (let b = 0; b < batch; b++) {
        const arm = sampleArm(p, s.rng);
        const r = this.observe(s.rng, this.means[arm]!);
        sum += r;
        const adv = r - (this.values.baseline ? s.baseline : 0);
        for (let i = 0; i < k; i++) g[i] = g[i]! + (adv * ((i === arm ? 1 : 0) - p[i]!)) / batch;
      }
      s.baseline += BASELINE_RATE * (sum / batch - s.baseline);
    } else {
      const noisy = new Float64Array(k);
      const hard: number[] = [];
      const ys: Float64Array[] = [];
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < k; i++) noisy[i] = s.theta[i]! + gumbel(s.rng);
        const arm = argmax(noisy);
        hard.push(arm);
        ys.push(Float64Array.from(softmax(noisy, tau, this.y)));
        this.x.fill(0);
        this.x[arm] = 1;
        this.buffer.add(this.x, this.observe(s.rng, this.means[arm]!));
      }
      if (!this.fitCritic()) return;
      for (let b = 0; b < batch; b++) {
        const y = ys[b]!;
        if ((relaxation as Relaxation) === 'st-gumbel') {
          this.x.fill(0);
          this.x[hard[b]!] = 1;
        } else {
          this.x.set(y);
        }
        this.critic.inputGradient(this.x, this.dx);
        // Through y = softmax((θ + G)/τ): ∂/∂θ_j = y_j (d_j − Σ_i d_i y_i) / τ.
        let dy = 0;
        for (let i = 0; i < k; i++) dy += this.dx[i]! * y[i]!;
        for (let i = 0; i < k; i++) g[i] = g[i]! + (y[i]! * (this.dx[i]! - dy)) / tau / batch;
      }
    }
    for (let i = 0; i < k; i++) {
      if (!Number.isFinite(g[i]!)) {
        s.stopped = true;
        return;
      }
    }
    s.opt.ascend(s.theta, g, policyLr);
    for (let i = 0; i < k; i++) s.theta[i] = Math.min(LOGIT_LIMIT, Math.max(-LOGIT_LIMIT, s.theta[i]!));
  }

  /** criticSteps minibatch fits; false (and the critic learner stopped) when the critic diverged. */
  private fitCritic(): boolean {
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

  private criticReason(loss: number): string {
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
        if (this.discrete) this.discreteStep(name, s);
        else this.continuousStep(name, s);
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
    const { values, problems } = validatePartial(learnedProxySchema, partial);
    const changed = Object.keys(values).filter((k) => !sameValue(values[k], (this.values as Record<string, unknown>)[k]));
    this.values = { ...this.values, ...values } as Params;
    let rebuiltBy = changed.filter((k) => learnedProxySchema[k as keyof LearnedProxySchema].effect === 'shape');
    // The arm count only shapes the discrete bandit.
    if (!this.discrete && !changed.includes('action')) rebuiltBy = rebuiltBy.filter((k) => k !== 'arms');
    if (rebuiltBy.length > 0) this.build();
    else if (this.criticDiverged && changed.includes('criticLr')) this.restartCritic();
    if (changed.includes('threshold')) {
      // Re-read the record against the new target.
      for (const name of LEARNERS) this.learners[name].reachedAt = this.reachedFromHistory(name);
    }
    return { applied: values, problems, rebuilt: rebuiltBy.length > 0, rebuiltBy };
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
    const xs = snap.samples as Float32Array;
    const ys = snap[name] as Float32Array;
    const target = this.values.threshold * this.best;
    for (let i = 1; i < xs.length; i++) if (ys[i]! >= target) return xs[i]!;
    return null;
  }

  async snapshot(): Promise<Snapshot> {
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
    const policies: { [key: string]: { [key: string]: number | Float32Array } } = {};
    for (const name of LEARNERS) {
      const s = this.learners[name];
      policies[name] = this.discrete
        ? { probs: Float32Array.from(softmax(s.theta, 1, this.p)) }
        : {
            mu: s.theta[0]!,
            sigma: Math.exp(s.theta[1]!),
            density: grid.map((a) => gaussianDensity(a, s.theta[0]!, Math.exp(s.theta[1]!))),
          };
    }
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
        curveSamples: h.samples as Float32Array,
        curveReinforce: h.reinforce as Float32Array,
        curveCritic: h.critic as Float32Array,
        curveOracle: h.oracle as Float32Array,
        curveCriticLoss: h.criticLoss as Float32Array,
        value: Object.fromEntries(LEARNERS.map((n) => [n, this.learners[n].value])),
        reachedAt: Object.fromEntries(LEARNERS.map((n) => [n, this.learners[n].reachedAt])),
        stopped: Object.fromEntries(LEARNERS.map((n) => [n, this.learners[n].stopped])),
        policies,
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

  /**
   * Everything a restarted worker needs to carry on exactly: each learner's policy, Adam moments,
   * baseline, record and random stream; the critic's weights and moments, its sample buffer and
   * minibatch stream; the counters and the curves. Float64 state travels bit for bit (float64-words.ts).
   */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot() as Record<string, Float32Array>;
    const arrays: Record<string, Float32Array> = {
      critic: float64ToWords(this.critic.state()),
      buffer: float64ToWords(this.buffer.state()),
      historySteps: h.steps!,
    };
    for (const name of this.history.names) arrays[`history.${name}`] = h[name]!;
    const [fitA, fitSpare] = this.fitRng.getState();
    const numbers: Record<string, number> = {
      discrete: this.discrete ? 1 : 0,
      arms: this.values.arms,
      criticHidden: this.values.criticHidden,
      samples: this.samples,
      criticLoss: this.criticLoss,
      criticDivergedStep: this.criticDiverged ? this.criticDiverged.step : -1,
      criticDivergedLoss: this.criticDiverged ? this.criticDiverged.loss : NaN,
      fitRng: fitA!,
      fitRngSpare: fitSpare!,
    };
    for (const name of LEARNERS) {
      const s = this.learners[name];
      arrays[`theta:${name}`] = float64ToWords(s.theta);
      arrays[`opt:${name}`] = float64ToWords(s.opt.state());
      const [a, spare] = s.rng.getState();
      numbers[`rng:${name}`] = a!;
      numbers[`rngSpare:${name}`] = spare!;
      numbers[`baseline:${name}`] = s.baseline;
      numbers[`reachedAt:${name}`] = s.reachedAt ?? -1;
      numbers[`value:${name}`] = s.value;
      numbers[`stopped:${name}`] = s.stopped ? 1 : 0;
    }
    return { step: this.steps, arrays, numbers };
  }

  /**
   * Continue from a checkpoint of a run with the same seed and settings. One taken with another
   * action kind, arm count or critic width (other array sizes) is ignored; missing entries keep
   * their current values.
   */
  restore(c: RunCheckpoint): void {
    const numbers = c.numbers ?? {};
    const arrays = c.arrays ?? {};
    const num = (key: string, fallback: number) => (typeof numbers[key] === 'number' ? numbers[key] : fallback);
    if (num('discrete', this.discrete ? 1 : 0) !== (this.discrete ? 1 : 0)) return;
    if (this.discrete && num('arms', this.values.arms) !== this.values.arms) return;
    if (num('criticHidden', this.values.criticHidden) !== this.values.criticHidden) return;
    // Unpack everything first: a piece of the wrong size leaves the run untouched.
    const unpack = (key: string, size: number): Float64Array | null | false => {
      if (!arrays[key]) return null;
      const v = wordsToFloat64(arrays[key]);
      return v && v.length === size ? v : false;
    };
    const k = this.learners.reinforce.theta.length;
    const critic = unpack('critic', this.critic.state().length);
    const buffer = unpack('buffer', this.buffer.state().length);
    const thetas = LEARNERS.map((name) => unpack(`theta:${name}`, k));
    const opts = LEARNERS.map((name) => unpack(`opt:${name}`, 1 + 2 * k));
    if ([critic, buffer, ...thetas, ...opts].some((v) => v === false)) return;
    if (critic) this.critic.setState(critic);
    if (buffer) this.buffer.setState(buffer);
    this.steps = typeof c.step === 'number' ? c.step : this.steps;
    this.samples = num('samples', this.steps * this.values.batch);
    this.criticLoss = num('criticLoss', NaN);
    const divergedAt = num('criticDivergedStep', -1);
    const divergedLoss = num('criticDivergedLoss', NaN);
    this.criticDiverged = divergedAt >= 0 ? { step: divergedAt, loss: divergedLoss, reason: this.criticReason(divergedLoss) } : null;
    this.fitRng.setState([num('fitRng', NaN), num('fitRngSpare', NaN)]);
    LEARNERS.forEach((name, i) => {
      const s = this.learners[name];
      const theta = thetas[i];
      if (theta) s.theta.set(theta);
      const opt = opts[i];
      if (opt) s.opt.setState(opt);
      s.rng.setState([num(`rng:${name}`, NaN), num(`rngSpare:${name}`, NaN)]);
      s.baseline = num(`baseline:${name}`, s.baseline);
      const at = num(`reachedAt:${name}`, -1);
      s.reachedAt = at >= 0 ? at : null;
      s.value = num(`value:${name}`, this.expected(s.theta));
      s.stopped = num(`stopped:${name}`, 0) === 1;
    });
    if (arrays.historySteps) this.history.load(arrays.historySteps, this.history.names.map((name) => arrays[`history.${name}`] ?? []));
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

export const learnedProxyExperiment: Experiment<LearnedProxySchema> = {
  ...learnedProxyMeta,
  schema: learnedProxySchema,
  create(seed, params) {
    const { values } = resolveValues(learnedProxySchema, params);
    return new LearnedProxyRun(seed, values);
  },
};
