import './PolicyPanels.css';
import { useMemo } from 'react';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { setParam } from '../store/actions';
import { LineChart } from '../charts/LineChart';
import { CriticFitChart } from '../charts/CriticFitChart';
import { palette, textColors } from '../charts/palette';
import { LEARNERS, type Learner, type LearnedProxyFrame } from '../core/experiments/learned-proxy.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { PanelShell, type Box, type FigureMap } from './common/PanelShell';

const COLORS: Record<Learner, string> = { reinforce: palette.vermillion, critic: palette.blue, oracle: palette.grey };
/** The same hues darkened or lightened for text, readable (4.5:1) in both themes. */
const TEXT_COLORS: Record<Learner, string> = { reinforce: textColors.vermillion, critic: textColors.blue, oracle: textColors.grey };

const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} className="pp-tex" />;

const TEX = {
  reinforce: String.raw`\hat g = (r - b)\,\nabla_\theta \log \pi_\theta(a)`,
  critic: String.raw`a = \mu + \sigma\epsilon:\ \ \hat g = \tfrac{\partial \hat r_\phi}{\partial a}\,\tfrac{\partial a}{\partial \theta}`,
  oracle: String.raw`\hat g = \tfrac{\partial r}{\partial a}\,\tfrac{\partial a}{\partial \theta}`,
};

/** Pixels kept free right of a line chart for half its last tick label (the chart's own margin is 12). */
const TICK_ROOM = 20;

/** Settings that only the discrete bandit uses, hidden while the actions are continuous. */
const CONTINUOUS_IRRELEVANT = ['arms', 'relaxation', 'tau'];

/** Height left for a line chart whose legend (HTML, under the svg) wraps to more lines on a narrow box. */
function chartHeight(box: Box, legendItems: number): number {
  const perLine = box.width < 420 ? 1 : box.width < 760 ? 2 : 4;
  return Math.max(170, box.height - 24 * Math.ceil(legendItems / perLine) - 8);
}

function learnerNames(data: LearnedProxyFrame): Record<Learner, string> {
  const discrete = data.action === 'discrete';
  return {
    reinforce: 'REINFORCE (real reward)',
    critic: discrete ? (data.relaxation === 'gumbel-softmax' ? 'critic, Gumbel-softmax' : 'critic, straight-through Gumbel') : 'critic, backprop through the model',
    oracle: discrete ? 'oracle (exact gradient)' : 'oracle (backprop through true reward)',
  };
}

const reachedText = (data: LearnedProxyFrame, l: Learner) => (data.reachedAt[l] == null ? 'not yet' : `${fmtInt(data.reachedAt[l])} samples`);

/** The answer the curves give: who reached the target first, and where each ended (they are not the same question). */
function verdictOf(data: LearnedProxyFrame): string {
  const r = data.reachedAt.reinforce;
  const c = data.reachedAt.critic;
  const ends = `Expected reward now: critic ${fmt(data.value.critic)}, REINFORCE ${fmt(data.value.reinforce)} (best ${fmt(data.best)}).`;
  if (data.stopped.critic) return `Critic first to the target? No: the critic diverged and its learner stopped. ${ends}`;
  if (c === null && r === null) return `Critic first to the target? Not yet: neither has reached ${fmt(data.target)} after ${fmtInt(data.samples)} samples each.`;
  if (c !== null && (r === null || c < r))
    return `Critic first to the target? Yes: at ${fmtInt(c)} samples, REINFORCE ${r === null ? 'not yet' : `at ${fmtInt(r)}`}. ${ends}`;
  if (c !== null && r !== null && c === r) return `Critic first to the target? A tie: both at ${fmtInt(c)} samples. ${ends}`;
  return `Critic first to the target? No: REINFORCE got there at ${fmtInt(r!)} samples, the critic ${c === null ? 'not yet' : `at ${fmtInt(c)}`}. ${ends}`;
}

function figuresOf(data: LearnedProxyFrame, threshold: number): FigureMap<'learned-proxy'> {
  const discrete = data.action === 'discrete';
  const names = learnerNames(data);
  const curve = { reinforce: data.curveReinforce, critic: data.curveCritic, oracle: data.curveOracle };
  const series = [
    ...LEARNERS.map((l) => ({ name: names[l], color: COLORS[l], x: data.curveSamples, y: curve[l], dashed: l === 'oracle' })),
    {
      name: `target (${fmt(threshold)} of the best)`,
      color: palette.green,
      x: Float32Array.from([0, Math.max(1, data.samples)]),
      y: Float32Array.from([data.target, data.target]),
      dashed: true,
      faint: true,
    },
  ];
  const critic = data.policies.critic;
  const density = 'probs' in critic ? critic.probs : critic.density;
  return {
    reward: {
      title: 'Expected reward against samples',
      // The last x tick ("3,000") is centred on the axis end: drawn narrower, it has room to show whole.
      render: (box) => (
        <div className="pp-chart">
          <LineChart
            width={box.width - TICK_ROOM}
            height={chartHeight(box, series.length)}
            xLabel="samples per learner"
            yLabel="expected reward E[r]"
            description={
              `Learning curves after ${data.samples} samples each: ` +
              LEARNERS.map((l) => `${names[l]} ${fmt(data.value[l])}${data.reachedAt[l] == null ? '' : `, reached the target at ${data.reachedAt[l]} samples`}`).join('; ') +
              `. Target ${fmt(data.target)}, best possible ${fmt(data.best)}.`
            }
            series={series}
          />
        </div>
      ),
      caption: `Each learner has tried ${fmtInt(data.samples)} of its ${fmtInt(data.budget)} actions. The target line is ${fmt(threshold)} of the best expected reward.`,
    },
    critic: {
      title: discrete ? 'The critic’s estimate of each arm' : 'The critic’s fit over the action space',
      render: (box) => (
        <CriticFitChart
          grid={data.grid}
          trueCurve={data.trueCurve}
          criticCurve={data.criticCurve}
          density={density}
          sampleActions={data.recentActions}
          sampleRewards={data.recentRewards}
          discrete={discrete}
          width={box.width}
          height={Math.max(180, box.height - 48)}
          description={
            (data.criticDiverged
              ? 'The critic diverged and is not drawn. '
              : `The critic, fitted on ${data.bufferSize} samples with squared error ${fmt(data.criticLoss)}, against the true mean reward. `) +
            ('probs' in critic
              ? `The critic learner’s policy puts ${fmt(Math.max(...Array.from(critic.probs)))} on its favourite arm.`
              : `The critic learner’s policy: mean ${fmt(critic.mu)}, spread ${fmt(critic.sigma)}.`)
          }
        />
      ),
      caption: 'The learner’s real experience is the orange dots; the critic learner moves wherever the dashed critic curve climbs, whether or not the grey true curve does.',
    },
    gradients: {
      title: 'Three gradients',
      render: () => (
        <div className="pp-text">
          <p>
            <strong style={{ color: TEXT_COLORS.reinforce }}>REINFORCE</strong> <Tex tex={TEX.reinforce} />: unbiased, and it
            needs nothing but the reward, but each sample says only “more of this” or “less of this”, so the noise of the
            reward and of the action both land in the gradient. The baseline b (a running mean of the reward) removes part
            of that noise.
          </p>
          <p>
            <strong style={{ color: TEXT_COLORS.critic }}>Through the critic</strong> <Tex tex={TEX.critic} />: the critic r̂
            is refitted after every step on all samples so far, so old experience keeps counting, and its slope tells the
            policy which way to move, not just whether the last try was good. So it reaches the target in fewer samples.
            The price is bias: where the critic is wrong, so is the gradient, and outside the data it is a guess, so given
            long enough REINFORCE can end higher.
          </p>
          <p>
            <strong>Oracle</strong> <Tex tex={TEX.oracle} />
            {discrete
              ? ': for arms there is no slope of the world, so the oracle uses the exact gradient of the expected reward, computed from the true arm means.'
              : ': the same chain rule through the true reward. It only sees the slope where the actions land, so on a flat stretch it learns slowly; a fitted critic is smoother than the world and can point further.'}
          </p>
        </div>
      ),
    },
  };
}

function Readouts({ data }: { data: LearnedProxyFrame }) {
  const names = learnerNames(data);
  const discrete = data.action === 'discrete';
  return (
    <>
      <dl className="readouts" aria-live="off">
        <div><dt>samples per learner</dt><dd data-testid="lp-samples">{fmtInt(data.samples)}</dd></div>
        {LEARNERS.map((l) => (
          <div key={l}>
            <dt>{names[l]}</dt>
            <dd data-testid={`lp-value-${l}`}>
              E[r] {fmt(data.value[l])}, target {l === 'critic' && data.stopped.critic ? 'stopped' : reachedText(data, l)}
            </dd>
          </div>
        ))}
        <div><dt>critic squared error</dt><dd data-testid="lp-critic-loss">{data.criticDiverged ? 'diverged' : fmt(data.criticLoss)}</dd></div>
      </dl>
      <div className="pp-text">
        <h3>{discrete ? 'Why discrete actions break it' : 'What to try'}</h3>
        {discrete ? (
          <p>
            An arm is a one-hot vector, and the policy cannot be moved by an infinitesimal amount towards another arm.
            Straight-through Gumbel takes the critic’s slope at the arm actually played and passes it back through a softmax
            relaxation of the choice; Gumbel-softmax asks the critic about the relaxed blend itself, which is a point the
            critic has never been trained on: at a high τ its answer there can be anything.
          </p>
        ) : (
          <p>
            Raise the reward noise or drop to one sample per step and watch REINFORCE slow down while the critic averages the
            noise over its whole buffer. Give the critic a huge learning rate and it blows up: only its own learner stops, and
            the panel says why.
          </p>
        )}
      </div>
    </>
  );
}

/**
 * Panel for backprop through a learned proxy: three policies on the same bandit (REINFORCE, backprop
 * through a learned critic, backprop through the true reward), their learning curves against samples
 * (the hero), and the critic's fit over the action space.
 */
export function LearnedProxyPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('learned-proxy');
  const data = snapshot?.data ?? null;
  const discrete = (data?.action ?? params.action) === 'discrete';
  const hide = useMemo(() => new Set([...hidden, ...(discrete ? [] : CONTINUOUS_IRRELEVANT)]), [hidden, discrete]);
  const threshold = Number(params.threshold);
  return (
    <PanelShell
      id="learned-proxy"
      title="Backprop through a learned proxy of the reward"
      claim="The reward of a bandit arrives as a number, not as a differentiable function. Three learners face the same bandit from the same seed: REINFORCE weights each action by its reward; the critic learner fits a small network to the rewards it has seen and backpropagates through that instead; an oracle is handed the true reward’s slope."
      hidden={hide}
      figures={data ? figuresOf(data, threshold) : null}
      alert={
        data?.criticDiverged && (
          <div className="alert alert-error" role="alert" data-testid="critic-diverged">
            <strong>The critic diverged at step {fmtInt(data.criticDiverged.step)}.</strong> {data.criticDiverged.reason}{' '}
            <button type="button" onClick={() => void setParam('criticLr', 0.01)}>
              Set the critic learning rate to 0.01
            </button>
          </div>
        )
      }
      verdict={
        data && (
          <>
            <p className="pp-verdict" data-testid="lp-verdict">{verdictOf(data)}</p>
            {data.done && (
              <p className="hint" role="status" data-testid="lp-done">
                Each learner has used its budget of {fmtInt(data.budget)} samples, so training has stopped. Raise the budget to
                continue, or press Reset to watch the race again.{' '}
                <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch the race again at 120 steps/s</WatchAgain>
              </p>
            )}
          </>
        )
      }
      more={data && <Readouts data={data} />}
    />
  );
}
