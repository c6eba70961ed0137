import './PolicyPanels.css';
import { useMemo } from 'react';
import { useApp } from '../store/store';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart } from '../charts/LineChart';
import { CriticFitChart } from '../charts/CriticFitChart';
import { useWidth } from '../charts/useWidth';
import { palette, textColors } from '../charts/palette';
import { learnedProxySchema } from '../core/experiments/learned-proxy.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

type Learner = 'reinforce' | 'critic' | 'oracle';
const LEARNERS: Learner[] = ['reinforce', 'critic', 'oracle'];

/** What the learned-proxy snapshot carries (src/core/experiments/learned-proxy.ts, snapshot()). */
interface LearnedProxyFrameData {
  action: 'continuous' | 'discrete';
  relaxation: 'st-gumbel' | 'gumbel-softmax';
  samples: number;
  budget: number;
  done: boolean;
  best: number;
  target: number;
  curveSamples: Float32Array;
  curveReinforce: Float32Array;
  curveCritic: Float32Array;
  curveOracle: Float32Array;
  value: Record<Learner, number>;
  reachedAt: Record<Learner, number | null>;
  stopped: Record<Learner, boolean>;
  policies: Record<Learner, { mu?: number; sigma?: number; density?: Float32Array; probs?: Float32Array }>;
  grid: Float32Array;
  trueCurve: Float32Array;
  criticCurve: Float32Array;
  criticLoss: number | null;
  criticDiverged: { step: number; reason: string } | null;
  recentActions: Float32Array;
  recentRewards: Float32Array;
  bufferSize: number;
}

const COLORS: Record<Learner, string> = { reinforce: palette.vermillion, critic: palette.blue, oracle: palette.grey };
/** The same hues darkened or lightened for text, readable (4.5:1) in both themes. */
const TEXT_COLORS: Record<Learner, string> = { reinforce: textColors.vermillion, critic: textColors.blue, oracle: textColors.grey };

type Values = Record<string, unknown>;
interface Preset {
  label: string;
  help: string;
  values: Values;
}
const DEFAULTS: Values = { action: 'continuous', batch: 2, policyLr: 0.02, noise: 0.3, baseline: true, criticLr: 0.01, criticSteps: 4, criticHidden: 24, threshold: 0.9 };
const PRESETS: Preset[] = [
  {
    label: 'Critic reaches the target first',
    help: 'The default continuous bandit, restarted: the critic learner reaches the target in fewer samples than REINFORCE (on each of the 5 seeds tested); REINFORCE, unbiased, may still end a little higher.',
    values: DEFAULTS,
  },
  { label: 'Very noisy rewards', help: 'One sample per step and reward noise 0.8: REINFORCE needs many more samples, the critic averages the noise away.', values: { ...DEFAULTS, batch: 1, noise: 0.8 } },
  { label: 'Diverging critic', help: 'A critic learning rate of 30: the reward model blows up, its learner stops, the other two carry on.', values: { ...DEFAULTS, criticLr: 30 } },
  { label: 'Discrete arms, straight-through', help: 'Eight arms; the critic learner follows the critic’s slope at the hard one-hot action.', values: { ...DEFAULTS, action: 'discrete', relaxation: 'st-gumbel', tau: 0.5 } },
  { label: 'Discrete arms, relaxed (τ = 2)', help: 'Gumbel-softmax at a high temperature: the critic is asked about blends of arms it never saw.', values: { ...DEFAULTS, action: 'discrete', relaxation: 'gumbel-softmax', tau: 2 } },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  await applyPresetValues(learnedProxySchema, preset.values, current);
  // All three learners start together, so the curves compare equal experience.
  await reset();
}

const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} className="pp-tex" />;

const TEX = {
  reinforce: String.raw`\hat g = (r - b)\,\nabla_\theta \log \pi_\theta(a)`,
  critic: String.raw`a = \mu + \sigma\epsilon:\ \ \hat g = \tfrac{\partial \hat r_\phi}{\partial a}\,\tfrac{\partial a}{\partial \theta}`,
  oracle: String.raw`\hat g = \tfrac{\partial r}{\partial a}\,\tfrac{\partial a}{\partial \theta}`,
};

const DISCRETE_IRRELEVANT: string[] = [];
const CONTINUOUS_IRRELEVANT = ['arms', 'relaxation', 'tau'];

/**
 * Panel for backprop through a learned proxy: three policies on the same bandit (REINFORCE, backprop
 * through a learned critic, backprop through the true reward), their learning curves against samples,
 * and the critic's fit over the action space.
 */
export function LearnedProxyPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'learned-proxy' ? (frame.snapshot.data as unknown as LearnedProxyFrameData) : null;
  const discrete = (data?.action ?? params.action) === 'discrete';
  const hide = useMemo(() => new Set([...hidden, ...(discrete ? DISCRETE_IRRELEVANT : CONTINUOUS_IRRELEVANT)]), [hidden, discrete]);
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(300, Math.max(220, chartW * 0.6)));
  const criticName = discrete ? (data?.relaxation === 'gumbel-softmax' ? 'critic, Gumbel-softmax' : 'critic, straight-through Gumbel') : 'critic, backprop through the model';
  const names: Record<Learner, string> = {
    reinforce: 'REINFORCE (real reward)',
    critic: criticName,
    oracle: discrete ? 'oracle (exact gradient)' : 'oracle (backprop through true reward)',
  };

  const curves = data
    ? [
        ...LEARNERS.map((l) => ({
          name: names[l],
          color: COLORS[l],
          x: data.curveSamples,
          y: l === 'reinforce' ? data.curveReinforce : l === 'critic' ? data.curveCritic : data.curveOracle,
          dashed: l === 'oracle',
        })),
        {
          name: `target (${fmt(Number(params.threshold))} of the best)`,
          color: palette.green,
          x: Float32Array.from([0, Math.max(1, data.samples)]),
          y: Float32Array.from([data.target, data.target]),
          dashed: true,
          faint: true,
        },
      ]
    : [];
  const critic = data?.policies.critic;
  const density = discrete ? (critic?.probs ?? new Float32Array(0)) : (critic?.density ?? new Float32Array(0));
  const reached = (l: Learner) => (data?.reachedAt[l] == null ? 'not yet' : `${fmtInt(data.reachedAt[l]!)} samples`);

  return (
    <section className="panel" aria-labelledby="lp-title" data-testid="panel-learned-proxy">
      <header className="panel-head">
        <h2 id="lp-title">Backprop through a learned proxy of the reward</h2>
        <p>
          The reward of a bandit arrives as a number, not as a differentiable function, so backprop has nothing to go
          through. Three learners face the same bandit from the same seed: one uses the reward only as a weight on the
          log-probability of what it did (REINFORCE); one fits a small network to the rewards it has seen and
          backpropagates through that network instead of the world; and an oracle is handed the true reward’s slope.
        </p>
      </header>
      {data?.criticDiverged && (
        <div className="alert alert-error" role="alert" data-testid="critic-diverged">
          <strong>The critic diverged at step {fmtInt(data.criticDiverged.step)}.</strong> {data.criticDiverged.reason}{' '}
          <button type="button" onClick={() => void setParam('criticLr', 0.01)}>
            Set the critic learning rate to 0.01
          </button>
        </div>
      )}
      <PresetBar prefix="pp" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Learned-proxy settings">
          <ParamGroup schema={learnedProxySchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hide} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              <dl className="readouts" aria-live="off">
                <div><dt>samples per learner</dt><dd data-testid="lp-samples">{fmtInt(data.samples)}</dd></div>
                {LEARNERS.map((l) => (
                  <div key={l}>
                    <dt>{names[l]}</dt>
                    <dd data-testid={`lp-value-${l}`}>
                      E[r] {fmt(data.value[l])}, target {l === 'critic' && data.stopped.critic ? 'stopped' : reached(l)}
                    </dd>
                  </div>
                ))}
                <div><dt>critic squared error</dt><dd data-testid="lp-critic-loss">{data.criticDiverged ? 'diverged' : fmt(data.criticLoss)}</dd></div>
              </dl>
              {data.done && (
                <p className="hint" role="status" data-testid="lp-done">
                  Each learner has used its budget of {fmtInt(data.budget)} samples, so training has stopped. Raise the
                  budget to continue, or press Reset to watch the race again.{' '}
                  <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch the race again at 120 steps/s</WatchAgain>
                </p>
              )}
              <div className="figure-row">
                <div className="pp-figure">
                  <h3>Expected reward against samples</h3>
                  <LineChart
                    width={chartW}
                    height={chartH}
                    xLabel="samples (actions tried by each learner)"
                    yLabel="expected true reward E[r]"
                    description={
                      `Learning curves after ${data.samples} samples each: ` +
                      LEARNERS.map((l) => `${names[l]} ${fmt(data.value[l])}${data.reachedAt[l] == null ? '' : `, reached the target at ${data.reachedAt[l]} samples`}`).join('; ') +
                      `. Target ${fmt(data.target)}, best possible ${fmt(data.best)}.`
                    }
                    series={curves}
                  />
                </div>
                <div className="pp-figure">
                  <h3>{discrete ? 'The critic’s estimate of each arm' : 'The critic’s fit over the action space'}</h3>
                  <CriticFitChart
                    grid={data.grid}
                    trueCurve={data.trueCurve}
                    criticCurve={data.criticCurve}
                    density={density}
                    sampleActions={data.recentActions}
                    sampleRewards={data.recentRewards}
                    discrete={discrete}
                    width={chartW}
                    height={chartH}
                    description={
                      (data.criticDiverged
                        ? 'The critic diverged and is not drawn. '
                        : `The critic, fitted on ${data.bufferSize} samples with squared error ${fmt(data.criticLoss)}, against the true mean reward. `) +
                      (discrete
                        ? `The critic learner’s policy puts ${fmt(Math.max(...Array.from(density)))} on its favourite arm.`
                        : `The critic learner’s policy: mean ${fmt(critic?.mu)}, spread ${fmt(critic?.sigma)}.`)
                    }
                  />
                </div>
              </div>
              <div className="figure-row">
                <div className="pp-text">
                  <h3>Three gradients</h3>
                  <p>
                    <strong style={{ color: TEXT_COLORS.reinforce }}>REINFORCE</strong> <Tex tex={TEX.reinforce} />: unbiased,
                    and it needs nothing but the reward, but each sample says only “more of this” or “less of this”, so
                    the noise of the reward and of the action both land in the gradient. The baseline b (a running mean
                    of the reward) removes part of that noise.
                  </p>
                  <p>
                    <strong style={{ color: TEXT_COLORS.critic }}>Through the critic</strong> <Tex tex={TEX.critic} />: the
                    critic r̂ is refitted after every step on all samples so far, so old experience keeps counting, and
                    its slope tells the policy which way to move, not just whether the last try was good. So it reaches
                    the target in fewer samples. The price is bias: where the critic is wrong, so is the gradient, and
                    outside the data it is a guess, so given long enough REINFORCE can end higher.
                  </p>
                  <p>
                    <strong>Oracle</strong> <Tex tex={TEX.oracle} />
                    {discrete
                      ? ': for arms there is no slope of the world, so the oracle uses the exact gradient of the expected reward, computed from the true arm means.'
                      : ': the same chain rule through the true reward. It only sees the slope where the actions land, so on a flat stretch it learns slowly; a fitted critic is smoother than the world and can point further.'}
                  </p>
                </div>
                <div className="pp-text">
                  <h3>{discrete ? 'Why discrete actions break it' : 'What to try'}</h3>
                  {discrete ? (
                    <p>
                      An arm is a one-hot vector, and the policy cannot be moved by an infinitesimal amount towards another
                      arm. Straight-through Gumbel takes the critic’s slope at the arm actually played and passes it back
                      through a softmax relaxation of the choice; Gumbel-softmax asks the critic about the relaxed blend
                      itself, which is a point the critic has never been trained on: at a high τ its answer there can be
                      anything.
                    </p>
                  ) : (
                    <p>
                      Raise the reward noise or drop to one sample per step and watch REINFORCE slow down while the
                      critic averages the noise over its whole buffer. Give the critic a huge learning rate and it blows
                      up: only its own learner stops, and the panel says why.
                    </p>
                  )}
                  <p>
                    The learner’s real experience is the orange dots; the critic learner moves wherever the dashed
                    critic curve climbs, whether or not the grey true curve does.
                  </p>
                </div>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
