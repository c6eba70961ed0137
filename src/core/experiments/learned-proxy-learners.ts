/**
 * The learner steps of the learned-proxy experiment (learned-proxy.ts drives them): one step of each
 * learner on `batch` samples, for the Gaussian policy over a 1-D action and for the softmax over K
 * arms. REINFORCE weights the score by the real reward; the critic learner follows the fitted
 * critic's slope at its actions (pathwise, straight-through Gumbel or Gumbel-softmax); the oracle
 * follows the true reward's slope (continuous) or the exact expected-reward gradient (discrete).
 */
import type { ParamValues } from '../../params/kinds';
import type { Critic, SampleBuffer } from '../policy/critic';
import { SmallAdam } from '../policy/adam';
import type { Rng } from '../rng';
import { createRng, deriveSeed } from '../rng';
import { argmax, expectedReward as armsExpected, gumbel, sampleArm, softmax } from '../policy/categorical';
import { ACTION_MAX, ACTION_MIN, reward, rewardSlope } from '../policy/gaussian-bandit';
import type { Learner, LearnedProxySchema } from './learned-proxy.schema';

export type LearnedProxyParams = ParamValues<LearnedProxySchema>;

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

export interface LearnerState {
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

/** A learner at the initial policy (μ = 0, σ = 1, or uniform over the arms), with its own random stream. */
export function freshLearner(name: Learner, seed: number, size: number, discrete: boolean, expected: (theta: Float64Array) => number): LearnerState {
  const theta = discrete ? new Float64Array(size) : Float64Array.from([0, 0]);
  return {
    theta,
    opt: new SmallAdam(theta.length),
    rng: createRng(deriveSeed(seed, `learned-proxy:${name}`)),
    baseline: 0,
    reachedAt: null,
    value: expected(theta),
    stopped: false,
  };
}

/** What a learner step reads and writes besides its own state: the settings, the bandit, the critic, scratch. */
export interface StepContext {
  readonly values: LearnedProxyParams;
  readonly means: Float64Array;
  readonly critic: Critic;
  readonly buffer: SampleBuffer;
  /** Scratch: probabilities and relaxed samples (K), an action and its critic slope (d), a gradient. */
  readonly p: Float64Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  readonly dx: Float64Array;
  readonly grad: Float64Array;
  /** `criticSteps` minibatch fits on the buffer; false when the critic diverged (its learner then stops). */
  fitCritic(): boolean;
}

function observe(ctx: StepContext, rng: Rng, mean: number): number {
  return mean + ctx.values.noise * rng.normal();
}

/** One step of a learner of the Gaussian policy a = μ + σε. */
export function continuousStep(ctx: StepContext, name: Learner, s: LearnerState): void {
  const { batch, policyLr } = ctx.values;
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
      const r = observe(ctx, s.rng, reward(acts[b]!));
      sum += r;
      const adv = r - (ctx.values.baseline ? s.baseline : 0);
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
      ctx.x[0] = acts[b]!;
      ctx.buffer.add(ctx.x, observe(ctx, s.rng, reward(acts[b]!)));
    }
    if (!ctx.fitCritic()) return;
    for (let b = 0; b < batch; b++) {
      ctx.x[0] = acts[b]!;
      ctx.critic.inputGradient(ctx.x, ctx.dx);
      gMu += ctx.dx[0]!;
      gLog += ctx.dx[0]! * eps[b]! * sigma;
    }
  }
  ctx.grad[0] = gMu / batch;
  ctx.grad[1] = gLog / batch;
  if (!Number.isFinite(ctx.grad[0]) || !Number.isFinite(ctx.grad[1])) {
    s.stopped = true;
    return;
  }
  s.opt.ascend(s.theta, ctx.grad, policyLr);
  s.theta[0] = Math.min(ACTION_MAX, Math.max(ACTION_MIN, s.theta[0]!));
  s.theta[1] = Math.min(LOG_SIGMA_MAX, Math.max(LOG_SIGMA_MIN, s.theta[1]!));
}

/** One step of a learner of the softmax policy over K arms. */
export function discreteStep(ctx: StepContext, name: Learner, s: LearnerState): void {
  const { batch, policyLr, tau, relaxation } = ctx.values;
  const k = ctx.values.arms;
  const p = softmax(s.theta, 1, ctx.p);
  const g = ctx.grad.fill(0);
  if (name === 'oracle') {
    const j = armsExpected(p, ctx.means);
    for (let i = 0; i < k; i++) g[i] = p[i]! * (ctx.means[i]! - j);
  } else if (name === 'reinforce') {
    let sum = 0;
    for (let b = 0; b < batch; b++) {
      const arm = sampleArm(p, s.rng);
      const r = observe(ctx, s.rng, ctx.means[arm]!);
      sum += r;
      const adv = r - (ctx.values.baseline ? s.baseline : 0);
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
      ys.push(Float64Array.from(softmax(noisy, tau, ctx.y)));
      ctx.x.fill(0);
      ctx.x[arm] = 1;
      ctx.buffer.add(ctx.x, observe(ctx, s.rng, ctx.means[arm]!));
    }
    if (!ctx.fitCritic()) return;
    for (let b = 0; b < batch; b++) {
      const y = ys[b]!;
      if (relaxation === 'st-gumbel') {
        ctx.x.fill(0);
        ctx.x[hard[b]!] = 1;
      } else {
        ctx.x.set(y);
      }
      ctx.critic.inputGradient(ctx.x, ctx.dx);
      // Through y = softmax((θ + G)/τ): ∂/∂θ_j = y_j (d_j − Σ_i d_i y_i) / τ.
      let dy = 0;
      for (let i = 0; i < k; i++) dy += ctx.dx[i]! * y[i]!;
      for (let i = 0; i < k; i++) g[i] = g[i]! + (y[i]! * (ctx.dx[i]! - dy)) / tau / batch;
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
