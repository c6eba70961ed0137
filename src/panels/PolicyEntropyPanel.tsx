import './PolicyPanels.css';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { LineChart } from '../charts/LineChart';
import { ArmBars } from '../charts/ArmBars';
import { ScatterChart } from '../charts/ScatterChart';
import { palette } from '../charts/palette';
import type { PolicyEntropyFrame } from '../core/experiments/policy-entropy.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { chartSize } from './common/useBox';

const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} className="pp-tex" />;

const TEX_GRAD = String.raw`\hat g = \tfrac{r-b}{T}\,(e_a - p) \;+\; \beta\,\nabla_\theta H(p),\quad p = \mathrm{softmax}(\theta/T)`;
const TEX_EXACT = String.raw`\nabla_\theta J = \tfrac1T\, p \odot (m - p^\top m)`;

/** The bars' answer: has the policy found the best arm, is it stuck, or is it still looking? */
function foundStatus(data: PolicyEntropyFrame): { text: string; tone: 'yes' | 'no' | '' } {
  const onBest = data.top === data.best;
  if (onBest && data.pBest >= 0.5) return { text: `Yes: the best arm (${data.best}) holds ${fmt(data.pBest * 100, 3)}% of the probability`, tone: 'yes' };
  if (data.entropy < 0.1 && !onBest)
    return {
      text: `No: stuck on arm ${data.top}${data.top === data.decoy ? ' (the decoy)' : ''}, which pays ${fmt(data.means[data.top])} against the best arm’s ${fmt(data.means[data.best])}`,
      tone: 'no',
    };
  return { text: `Not yet: the best arm (${data.best}) holds ${fmt(data.pBest * 100, 3)}%, the favourite is arm ${data.top}`, tone: '' };
}

function figuresOf(data: PolicyEntropyFrame): FigureMap<'policy-entropy'> {
  const steps = data.historySteps;
  const maxLine = Float32Array.from([0, Math.max(1, steps[steps.length - 1] ?? 1)]);
  return {
    policy: {
      title: `The policy now (step ${fmtInt(steps.length ? steps[steps.length - 1]! : 0)})`,
      render: (box) => (
        <ArmBars
          probs={data.probs}
          means={data.means}
          best={data.best}
          decoy={data.decoy}
          width={box.width}
          // The legend (HTML, under the bars) takes one or two lines.
          height={Math.max(170, box.height - (box.width < 480 ? 56 : 32))}
          description={`Action probabilities of ${data.arms} arms: the favourite is arm ${data.top} with ${fmt(data.probs[data.top])}; the best arm ${data.best} has ${fmt(data.pBest)}, the decoy arm ${data.decoy} has ${fmt(data.probs[data.decoy])}.`}
        />
      ),
      caption: `Entropy ${fmt(data.entropy)} nats of at most ${fmt(data.maxEntropy)} · expected reward ${fmt(data.expectedReward)} · β = ${fmt(data.beta)}, T = ${fmt(data.temperature)}`,
    },
    entropy: {
      title: 'Entropy over time',
      render: (box) => (
        <LineChart
          {...chartSize(box, 180)}
          xLabel="step"
          yLabel="entropy H (nats)"
          description={`Entropy of the policy over ${steps.length} recorded steps, now ${fmt(data.entropy)} nats of at most ${fmt(data.maxEntropy)}.`}
          series={[
            { name: 'entropy of the policy', color: palette.purple, x: steps, y: data.historyEntropy },
            { name: `uniform policy (log ${data.arms})`, color: palette.grey, x: maxLine, y: Float32Array.from([data.maxEntropy, data.maxEntropy]), dashed: true },
          ]}
        />
      ),
    },
    gradientSize: {
      title: 'Gradient size against entropy',
      render: (box) => (
        <ScatterChart
          {...chartSize(box, 180)}
          xLabel="entropy H of the policy (nats)"
          yLabel="gradient norm (log)"
          logY
          xDomain={[0, data.maxEntropy]}
          description={`Score-function gradient norm against the policy's entropy at ${steps.length} recorded steps; the latest sampled norm is ${fmt(data.gradNorm)} and the exact expected-reward gradient's norm ${fmt(data.exactNorm)} at entropy ${fmt(data.entropy)}.`}
          series={[
            { name: 'sampled score-function gradient |ĝ| (darker = later)', color: palette.vermillion, x: data.historyEntropy, y: data.historyGradNorm, fadeOld: true },
            { name: 'exact gradient of the expected reward', color: palette.blue, x: data.historyEntropy, y: data.historyExactNorm, radius: 1.8 },
          ]}
        />
      ),
      caption: 'Both norms fall with the entropy: a concentrated policy hears almost nothing, right or wrong.',
    },
  };
}

function More({ data }: { data: PolicyEntropyFrame }) {
  return (
    <>
      <dl className="readouts" aria-live="off">
        <div><dt>steps</dt><dd data-testid="pe-steps">{fmtInt(data.historySteps.length ? data.historySteps[data.historySteps.length - 1]! : 0)}</dd></div>
        <div><dt>entropy H</dt><dd data-testid="pe-entropy">{fmt(data.entropy)} nats (max {fmt(data.maxEntropy)})</dd></div>
        <div><dt>expected reward</dt><dd>{fmt(data.expectedReward)}</dd></div>
        <div><dt>last |score-function gradient|</dt><dd>{fmt(data.gradNorm)}</dd></div>
        <div><dt>β, T</dt><dd data-testid="pe-beta">{fmt(data.beta)}, {fmt(data.temperature)}</dd></div>
      </dl>
      <div className="pp-text">
        <h3>A concentrated policy hears little</h3>
        <p>
          <Tex tex={TEX_GRAD} />
        </p>
        <p>
          The factor e<sub>a</sub> − p shrinks to zero as p piles onto one arm: when the policy almost always plays the same
          arm, that arm’s reward barely moves the logits and the others are never sampled. The exact gradient{' '}
          <Tex tex={TEX_EXACT} /> vanishes the same way, whatever arm the policy settled on, so a wrong commitment is nearly
          permanent. The scatter shows both norms falling with the entropy.
        </p>
        <p>
          The bonus β∇H pushes back towards uniform, most strongly where the policy is most certain. With a bonus the best
          the policy can do is p ∝ exp(m/β) at any temperature, so a larger β settles at a higher entropy. The temperature T
          rescales every logit: a low T turns small logit changes into a near-greedy choice within a few steps.
        </p>
      </div>
    </>
  );
}

/**
 * Panel for entropy: a softmax policy on K noisy arms with an entropy bonus and a temperature; the
 * policy's bars (the hero), its entropy over time, and the score-function gradient's size against
 * the entropy.
 */
export function PolicyEntropyPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('policy-entropy');
  const data = snapshot?.data ?? null;
  const status = data ? foundStatus(data) : null;
  return (
    <PanelShell
      id="policy-entropy"
      title="Entropy: why a policy must keep some doubt"
      claim={`A softmax policy chooses among ${data?.arms ?? Number(params.arms)} slot machines with noisy payouts; one pays best, one is a decoy that pays almost as much. The gradient that makes it prefer a good arm also makes it try the others less; an entropy bonus pays it for staying uncertain.`}
      hidden={hidden}
      figures={data ? figuresOf(data) : null}
      verdict={
        data &&
        status && (
          <>
            <p className={`pp-found${status.tone ? ` pp-found-${status.tone}` : ''}`} data-testid="pe-found">
              Best arm found? {status.text}
              {data.foundAt !== null ? ` (first above 50% at step ${fmtInt(data.foundAt)}).` : '.'}
            </p>
            {data.done && (
              <p className="hint" role="status" data-testid="pe-done">
                The budget of {fmtInt(data.budget)} steps is used, so training has stopped. Raise the budget to continue, or press
                Reset to start again. <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch it again at 120 steps/s</WatchAgain>
              </p>
            )}
          </>
        )
      }
      more={data && <More data={data} />}
    />
  );
}
