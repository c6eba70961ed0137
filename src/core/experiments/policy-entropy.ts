/**
 * Entropy (issue 7, item 2): a softmax policy p = softmax(θ/T) over K arms with noisy rewards, trained
 * by the score-function gradient (r − b)∇log p(k) plus β∇H. Records the entropy, the size of the
 * sampled score-function gradient and of the exact expected-reward gradient at every step: both
 * shrink as p concentrates, whichever arm it concentrates on. Plain arithmetic on K numbers.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { History } from '../history';
import { createRng, deriveSeed, type Rng } from '../rng';
import { argmax, entropy, entropyGradient, expectedReward, sampleArm, softmax } from '../policy/categorical';
import { policyEntropyMeta, policyEntropySchema, type PolicyEntropyFrame, type PolicyEntropySchema } from './policy-entropy.schema';
import { float64ToWords, wordsToFloat64 } from '../float64-words';

type Params = ParamValues<PolicyEntropySchema>;

/** |θ| is kept below this, so θ/T stays finite at the lowest temperature. */
export const LOGIT_LIMIT = 50;
const BASELINE_RATE = 0.05;
/** The policy "has found" the best arm while that arm holds at least this probability. */
export const FOUND_PROBABILITY = 0.5;

/** Arm means: the best arm pays 1, a decoy 0.8, the others 0–0.6, placed by the seed. */
export function entropyArmMeans(k: number, seed: number): { means: Float64Array; best: number; decoy: number } {
  const rng = createRng(deriveSeed(seed, 'policy-entropy:arms'));
  const means = Float64Array.from({ length: k }, () => 0.6 * rng.next());
  const best = rng.int(k);
  let decoy = rng.int(k - 1);
  if (decoy >= best) decoy++;
  means[best] = 1;
  means[decoy] = 0.8;
  return { means, best, decoy };
}

/** Why a run stops when θ or its gradient stops being finite (also the reason a restored diverged run shows). */
const DIVERGED_REASON = 'the policy’s logits or gradient stopped being finite numbers.';

const HISTORY_NAMES = ['entropy', 'gradNorm', 'exactNorm', 'reward', 'pBest'] as const;

class PolicyEntropyRun implements Run<PolicyEntropyFrame> {
  private steps = 0;
  private theta = new Float64Array(0);
  private p = new Float64Array(0);
  private g = new Float64Array(0);
  private hGrad = new Float64Array(0);
  private means: Float64Array = new Float64Array(0);
  private best = 0;
  private decoy = 0;
  private rng!: Rng;
  private baseline = 0;
  private counts = new Float64Array(0);
  private lastGradNorm = NaN;
  private lastExactNorm = NaN;
  private foundAt: number | null = null;
  private history!: History<(typeof HISTORY_NAMES)[number]>;
  private divergence: { step: number; reason: string } | null = null;

  constructor(private readonly seed: number, private values: Params) {
    this.build();
  }

  private build(): void {
    const k = this.values.arms;
    const arms = entropyArmMeans(k, this.seed);
    this.means = arms.means;
    this.best = arms.best;
    this.decoy = arms.decoy;
    this.theta = new Float64Array(k);
    this.p = new Float64Array(k);
    this.g = new Float64Array(k);
    this.hGrad = new Float64Array(k);
    this.counts = new Float64Array(k);
    this.rng = createRng(deriveSeed(this.seed, 'policy-entropy:pulls'));
    this.baseline = 0;
    this.steps = 0;
    this.foundAt = null;
    this.divergence = null;
    this.lastGradNorm = NaN;
    this.lastExactNorm = NaN;
    this.history = new History(HISTORY_NAMES, 1, 512);
  }

  params() {
    return { ...this.values };
  }

  /** ‖∇_θ Σ p_k m_k‖ for p = softmax(θ/T): p_k(m_k − p·m)/T. */
  private exactNorm(p: Float64Array): number {
    const j = expectedReward(p, this.means);
    let s = 0;
    for (let k = 0; k < p.length; k++) s += (p[k]! * (this.means[k]! - j)) ** 2;
    return Math.sqrt(s) / this.values.temperature;
  }

  async step(count: number): Promise<StepResult> {
    if (this.divergence) return { taken: 0, diverged: { ...this.divergence } };
    return this.advance(Math.min(count, Math.max(0, this.values.budget - this.steps)));
  }

  /** Take `count` steps regardless of the budget (the bench times this). */
  private advance(count: number): StepResult {
    const { batch, beta, lr, noise, temperature: T } = this.values;
    const k = this.values.arms;
    for (let c = 0; c < count; c++) {
      const p = softmax(this.theta, T, this.p);
      const g = this.g.fill(0);
      let sum = 0;
      for (let b = 0; b < batch; b++) {
        const arm = sampleArm(p, this.rng);
        this.counts[arm] = this.counts[arm]! + 1;
        const r = this.means[arm]! + noise * this.rng.normal();
        sum += r;
        const adv = r - (this.values.baseline ? this.baseline : 0);
        // ∇_θ log p(arm) = (e_arm − p) / T.
        for (let i = 0; i < k; i++) g[i] = g[i]! + (adv * ((i === arm ? 1 : 0) - p[i]!)) / T / batch;
      }
      this.baseline += BASELINE_RATE * (sum / batch - this.baseline);
      let norm = 0;
      for (let i = 0; i < k; i++) norm += g[i]! * g[i]!;
      this.lastGradNorm = Math.sqrt(norm);
      this.lastExactNorm = this.exactNorm(p);
      const h = entropy(p);
      entropyGradient(p, T, this.hGrad);
      for (let i = 0; i < k; i++) {
        const next = this.theta[i]! + lr * (g[i]! + beta * this.hGrad[i]!);
        this.theta[i] = Math.min(LOGIT_LIMIT, Math.max(-LOGIT_LIMIT, next));
      }
      if (!Number.isFinite(this.lastGradNorm) || this.theta.some((v) => !Number.isFinite(v))) {
        this.divergence = { step: this.steps + 1, reason: DIVERGED_REASON };
        return { taken: c, diverged: { ...this.divergence } };
      }
      this.steps++;
      const pNow = softmax(this.theta, T, this.p);
      if (this.foundAt === null && pNow[this.best]! >= FOUND_PROBABILITY) this.foundAt = this.steps;
      this.history.push(this.steps, [h, this.lastGradNorm, this.lastExactNorm, expectedReward(pNow, this.means), pNow[this.best]!]);
    }
    return { taken: count, diverged: null };
  }

  /**
   * The logits, the reward baseline, the pull counts, the pull stream's state, the counters and the
   * curves. θ and the counts travel bit for bit (float64ToWords), so a restored run continues exactly.
   */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot() as Record<string, Float32Array>;
    const [rngA, rngSpare] = this.rng.getState();
    return {
      step: this.steps,
      arrays: {
        theta: float64ToWords(this.theta),
        counts: float64ToWords(this.counts),
        historySteps: h.steps!,
        ...Object.fromEntries(this.history.names.map((name) => [`history.${name}`, h[name]!])),
      },
      numbers: {
        arms: this.theta.length,
        baseline: this.baseline,
        lastGradNorm: this.lastGradNorm,
        lastExactNorm: this.lastExactNorm,
        foundAt: this.foundAt ?? -1,
        divergedAt: this.divergence ? this.divergence.step : -1,
        'rng.a': rngA!,
        'rng.spare': rngSpare!,
      },
    };
  }

  /**
   * Resume a checkpoint of a policy over this many arms. One over another number of arms, or one
   * missing θ, the counts or a counter, is ignored: nothing changes.
   */
  restore(c: RunCheckpoint): void {
    const k = this.theta.length;
    const num = c.numbers ?? {};
    const arr = c.arrays ?? {};
    if (num.arms !== k || !Number.isInteger(c.step) || c.step < 0) return;
    const theta = wordsToFloat64(arr.theta, k);
    const counts = wordsToFloat64(arr.counts, k);
    const baseline = num.baseline;
    if (!theta || !counts || baseline === undefined || !Number.isFinite(baseline)) return;
    this.theta = theta;
    this.counts = counts;
    this.baseline = baseline;
    this.steps = c.step;
    this.lastGradNorm = num.lastGradNorm ?? NaN;
    this.lastExactNorm = num.lastExactNorm ?? NaN;
    const foundAt = num.foundAt ?? -1;
    this.foundAt = foundAt >= 0 ? foundAt : null;
    const divergedAt = num.divergedAt ?? -1;
    this.divergence = divergedAt >= 0 ? { step: divergedAt, reason: DIVERGED_REASON } : null;
    this.rng.setState([num['rng.a'] ?? NaN, num['rng.spare'] ?? NaN]);
    this.history.load(arr.historySteps ?? [], this.history.names.map((name) => arr[`history.${name}`] ?? []));
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, result } = applyPartial(policyEntropySchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) this.build();
    return result;
  }

  async snapshot(): Promise<Snapshot<PolicyEntropyFrame>> {
    const p = softmax(this.theta, this.values.temperature, this.p);
    const h = this.history.toSnapshot();
    const top = argmax(p);
    return {
      experimentId: policyEntropyMeta.id,
      step: this.steps,
      diverged: this.divergence ? { ...this.divergence } : null,
      data: {
        arms: this.values.arms,
        probs: Float32Array.from(p),
        means: Float32Array.from(this.means),
        counts: Float32Array.from(this.counts),
        best: this.best,
        decoy: this.decoy,
        top,
        pBest: p[this.best]!,
        entropy: entropy(p),
        maxEntropy: Math.log(this.values.arms),
        expectedReward: expectedReward(p, this.means),
        gradNorm: Number.isFinite(this.lastGradNorm) ? this.lastGradNorm : null,
        exactNorm: Number.isFinite(this.lastExactNorm) ? this.lastExactNorm : null,
        foundAt: this.foundAt,
        budget: this.values.budget,
        done: this.steps >= this.values.budget,
        beta: this.values.beta,
        temperature: this.values.temperature,
        historySteps: h.steps,
        historyEntropy: h.entropy,
        historyGradNorm: h.gradNorm,
        historyExactNorm: h.exactNorm,
        historyReward: h.reward,
        historyPBest: h.pBest,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const p = softmax(this.theta, this.values.temperature, this.p);
    return {
      step: this.steps,
      entropy: entropy(p),
      pBest: p[this.best]!,
      top: argmax(p),
      best: this.best,
      expectedReward: expectedReward(p, this.means),
      foundAt: this.foundAt ?? NaN,
      gradNorm: this.lastGradNorm,
      exactNorm: this.lastExactNorm,
    };
  }

  /** For the bench: 10,000 steps at the current settings. */
  readonly probes = {
    train10000: async () => {
      this.advance(10000);
      return { steps: 10000, pulls: 10000 * this.values.batch };
    },
  };

  dispose(): void {}
}

export const policyEntropyExperiment: Experiment<PolicyEntropySchema, PolicyEntropyFrame> = implement(
  { ...policyEntropyMeta, schema: policyEntropySchema },
  (seed, values) => new PolicyEntropyRun(seed, values),
);
