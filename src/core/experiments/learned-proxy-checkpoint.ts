/**
 * Checkpoints of the learned-proxy run: everything a restarted worker needs to carry on exactly. Each
 * learner's policy, Adam moments, baseline, record and random stream; the critic's weights and
 * moments, its sample buffer and minibatch stream; the counters and the curves. Float64 state travels
 * bit for bit (float64-words.ts).
 */
import type { RunCheckpoint } from '../experiment';
import type { History } from '../history';
import type { Critic, SampleBuffer } from '../policy/critic';
import type { Rng } from '../rng';
import { float64ToWords, wordsToFloat64 } from '../float64-words';
import { LEARNERS, type Learner } from './learned-proxy.schema';
import type { LearnedProxyParams, LearnerState } from './learned-proxy-learners';

/** The run's state as the checkpoint sees it (LearnedProxyRun in learned-proxy.ts). */
export interface LearnedProxyState {
  readonly values: LearnedProxyParams;
  readonly discrete: boolean;
  steps: number;
  samples: number;
  learners: Record<Learner, LearnerState>;
  critic: Critic;
  buffer: SampleBuffer;
  fitRng: Rng;
  criticLoss: number;
  criticDiverged: { step: number; loss: number; reason: string } | null;
  history: History;
  expected(theta: Float64Array): number;
  /** The alert's sentence for a critic that diverged with this loss. */
  criticReason(loss: number): string;
}

export function takeCheckpoint(run: LearnedProxyState): RunCheckpoint {
  const h = run.history.toSnapshot();
  const arrays: Record<string, Float32Array> = {
    critic: float64ToWords(run.critic.state()),
    buffer: float64ToWords(run.buffer.state()),
    historySteps: h.steps,
  };
  for (const name of run.history.names) arrays[`history.${name}`] = h[name]!;
  const [fitA, fitSpare] = run.fitRng.getState();
  const numbers: Record<string, number> = {
    discrete: run.discrete ? 1 : 0,
    arms: run.values.arms,
    criticHidden: run.values.criticHidden,
    samples: run.samples,
    criticLoss: run.criticLoss,
    criticDivergedStep: run.criticDiverged ? run.criticDiverged.step : -1,
    criticDivergedLoss: run.criticDiverged ? run.criticDiverged.loss : NaN,
    fitRng: fitA!,
    fitRngSpare: fitSpare!,
  };
  for (const name of LEARNERS) {
    const s = run.learners[name];
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
  return { step: run.steps, arrays, numbers };
}

/**
 * Continue from a checkpoint of a run with the same seed and settings. One taken with another action
 * kind, arm count or critic width (other array sizes) is ignored; missing entries keep their current
 * values.
 */
export function restoreCheckpoint(run: LearnedProxyState, c: RunCheckpoint): void {
  const numbers = c.numbers ?? {};
  const arrays = c.arrays ?? {};
  const num = (key: string, fallback: number) => (typeof numbers[key] === 'number' ? numbers[key] : fallback);
  if (num('discrete', run.discrete ? 1 : 0) !== (run.discrete ? 1 : 0)) return;
  if (run.discrete && num('arms', run.values.arms) !== run.values.arms) return;
  if (num('criticHidden', run.values.criticHidden) !== run.values.criticHidden) return;
  // Unpack everything first: a piece of the wrong size leaves the run untouched.
  const unpack = (key: string, size: number): Float64Array | null | false => {
    if (!arrays[key]) return null;
    const v = wordsToFloat64(arrays[key]);
    return v && v.length === size ? v : false;
  };
  const k = run.learners.reinforce.theta.length;
  const critic = unpack('critic', run.critic.state().length);
  const buffer = unpack('buffer', run.buffer.state().length);
  const thetas = LEARNERS.map((name) => unpack(`theta:${name}`, k));
  const opts = LEARNERS.map((name) => unpack(`opt:${name}`, 1 + 2 * k));
  if ([critic, buffer, ...thetas, ...opts].some((v) => v === false)) return;
  if (critic) run.critic.setState(critic);
  if (buffer) run.buffer.setState(buffer);
  run.steps = typeof c.step === 'number' ? c.step : run.steps;
  run.samples = num('samples', run.steps * run.values.batch);
  run.criticLoss = num('criticLoss', NaN);
  const divergedAt = num('criticDivergedStep', -1);
  const divergedLoss = num('criticDivergedLoss', NaN);
  run.criticDiverged = divergedAt >= 0 ? { step: divergedAt, loss: divergedLoss, reason: run.criticReason(divergedLoss) } : null;
  run.fitRng.setState([num('fitRng', NaN), num('fitRngSpare', NaN)]);
  LEARNERS.forEach((name, i) => {
    const s = run.learners[name];
    const theta = thetas[i];
    if (theta) s.theta.set(theta);
    const opt = opts[i];
    if (opt) s.opt.setState(opt);
    s.rng.setState([num(`rng:${name}`, NaN), num(`rngSpare:${name}`, NaN)]);
    s.baseline = num(`baseline:${name}`, s.baseline);
    const at = num(`reachedAt:${name}`, -1);
    s.reachedAt = at >= 0 ? at : null;
    s.value = num(`value:${name}`, run.expected(s.theta));
    s.stopped = num(`stopped:${name}`, 0) === 1;
  });
  if (arrays.historySteps) run.history.load(arrays.historySteps, run.history.names.map((name) => arrays[`history.${name}`] ?? []));
}
