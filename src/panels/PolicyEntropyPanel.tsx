import './PolicyPanels.css';
import { appStore, useApp } from '../store/store';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { reset, setParam, setSeed } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart } from '../charts/LineChart';
import { ArmBars } from '../charts/ArmBars';
import { ScatterChart } from '../charts/ScatterChart';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { policyEntropySchema } from '../core/experiments/policy-entropy.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { RunStopped } from './common/RunStopped';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

/** What the policy-entropy snapshot carries (src/core/experiments/policy-entropy.ts, snapshot()). */
interface PolicyEntropyFrameData {
  arms: number;
  probs: Float32Array;
  means: Float32Array;
  counts: Float32Array;
  best: number;
  decoy: number;
  top: number;
  pBest: number;
  entropy: number;
  maxEntropy: number;
  expectedReward: number;
  gradNorm: number | null;
  exactNorm: number | null;
  foundAt: number | null;
  budget: number;
  done: boolean;
  beta: number;
  temperature: number;
  historySteps: Float32Array;
  historyEntropy: Float32Array;
  historyGradNorm: Float32Array;
  historyExactNorm: Float32Array;
  historyReward: Float32Array;
  historyPBest: Float32Array;
}

type Values = Record<string, unknown>;
interface Preset {
  label: string;
  help: string;
  values: Values;
}
const BASE: Values = { arms: 10, beta: 0, temperature: 1, lr: 0.5, batch: 1, noise: 0.5, budget: 3000, baseline: true };
const PRESETS: Preset[] = [
  { label: 'No entropy: stuck on a bad arm', help: 'β = 0, seed 1: an early lucky streak of the decoy arm takes all the probability, and nothing pulls it back.', values: BASE },
  { label: 'Entropy bonus finds the best arm', help: 'The same run with β = 0.1: the policy keeps trying the other arms long enough to find the best one.', values: { ...BASE, beta: 0.1 } },
  { label: 'Too much entropy', help: 'β = 0.6: the bonus outweighs the reward differences and the policy stays spread.', values: { ...BASE, beta: 0.6 } },
  { label: 'Cold softmax (T = 0.1)', help: 'A low temperature turns each logit step into a big jump in probability: the policy commits within a few pulls.', values: { ...BASE, temperature: 0.1 } },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  await applyPresetValues(policyEntropySchema, preset.values, current);
  // The presets tell the story of seed 1's arms, from a fresh start.
  if (appStore.getState().seed !== 1) await setSeed(1);
  else await reset();
}

const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} className="pp-tex" />;

const TEX_GRAD = String.raw`\hat g = \tfrac{r-b}{T}\,(e_a - p) \;+\; \beta\,\nabla_\theta H(p),\quad p = \mathrm{softmax}(\theta/T)`;
const TEX_EXACT = String.raw`\nabla_\theta J = \tfrac1T\, p \odot (m - p^\top m)`;

/**
 * Panel for entropy: a softmax policy on K noisy arms with an entropy bonus and a temperature; the
 * policy's bars, its entropy over time, and the score-function gradient's size against the entropy.
 */
export function PolicyEntropyPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'policy-entropy' ? (frame.snapshot.data as unknown as PolicyEntropyFrameData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, Math.max(210, chartW * 0.58)));
  const steps = data?.historySteps ?? new Float32Array(0);
  const maxLine = data ? Float32Array.from([0, Math.max(1, data.historySteps[data.historySteps.length - 1] ?? 1)]) : new Float32Array(0);
  const onBest = data ? data.top === data.best : false;
  const status = !data
    ? ''
    : onBest && data.pBest >= 0.5
      ? `Yes: the best arm (${data.best}) holds ${fmt(data.pBest * 100, 3)}% of the probability`
      : data.entropy < 0.1 && !onBest
        ? `No: stuck on arm ${data.top}${data.top === data.decoy ? ' (the decoy)' : ''}, which pays ${fmt(data.means[data.top])} against the best arm’s ${fmt(data.means[data.best])}`
        : `Not yet: the best arm (${data.best}) holds ${fmt(data.pBest * 100, 3)}%, the favourite is arm ${data.top}`;

  return (
    <section className="panel" aria-labelledby="pe-title" data-testid="panel-policy-entropy">
      <header className="panel-head">
        <h2 id="pe-title">Entropy: why a policy must keep some doubt</h2>
        <p>
          A softmax policy chooses among {data?.arms ?? Number(params.arms)} slot machines with noisy payouts; one pays
          best, one is a decoy that pays almost as much. It learns from the score-function gradient alone. The same
          gradient that makes it prefer a good arm also makes it try the others less, and an arm it never tries cannot
          prove itself. An entropy bonus pays the policy for staying uncertain.
        </p>
      </header>
      {diverged && <RunStopped diverged={diverged} />}
      <PresetBar prefix="pp" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Policy-entropy settings">
          <ParamGroup schema={policyEntropySchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              <p className={`pp-found ${onBest && data.pBest >= 0.5 ? 'pp-found-yes' : data.entropy < 0.1 ? 'pp-found-no' : ''}`} data-testid="pe-found">
                Best arm found? {status}
                {data.foundAt !== null ? ` (first above 50% at step ${fmtInt(data.foundAt)}).` : '.'}
              </p>
              {data.done && (
                <p className="hint" role="status" data-testid="pe-done">
                  The budget of {fmtInt(data.budget)} steps is used, so training has stopped. Raise the budget to continue,
                  or press Reset to start again.{' '}
                  <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch it again at 120 steps/s</WatchAgain>
                </p>
              )}
              <dl className="readouts" aria-live="off">
                <div><dt>steps</dt><dd data-testid="pe-steps">{fmtInt(data.historySteps.length ? data.historySteps[data.historySteps.length - 1]! : 0)}</dd></div>
                <div><dt>entropy H</dt><dd data-testid="pe-entropy">{fmt(data.entropy)} nats (max {fmt(data.maxEntropy)})</dd></div>
                <div><dt>expected reward</dt><dd>{fmt(data.expectedReward)}</dd></div>
                <div><dt>last |score-function gradient|</dt><dd>{fmt(data.gradNorm)}</dd></div>
                <div><dt>β, T</dt><dd data-testid="pe-beta">{fmt(data.beta)}, {fmt(data.temperature)}</dd></div>
              </dl>
              <div className="figure-row">
                <div className="pp-figure">
                  <h3>The policy now</h3>
                  <ArmBars
                    probs={data.probs}
                    means={data.means}
                    best={data.best}
                    decoy={data.decoy}
                    width={chartW}
                    height={chartH}
                    description={`Action probabilities of ${data.arms} arms: the favourite is arm ${data.top} with ${fmt(data.probs[data.top])}; the best arm ${data.best} has ${fmt(data.pBest)}, the decoy arm ${data.decoy} has ${fmt(data.probs[data.decoy])}.`}
                  />
                </div>
                <div className="pp-figure">
                  <h3>Entropy over time</h3>
                  <LineChart
                    width={chartW}
                    height={chartH}
                    xLabel="step"
                    yLabel="entropy H (nats)"
                    description={`Entropy of the policy over ${steps.length} recorded steps, now ${fmt(data.entropy)} nats of at most ${fmt(data.maxEntropy)}.`}
                    series={[
                      { name: 'entropy of the policy', color: palette.purple, x: steps, y: data.historyEntropy },
                      { name: `uniform policy (log ${data.arms})`, color: palette.grey, x: maxLine, y: Float32Array.from([data.maxEntropy, data.maxEntropy]), dashed: true },
                    ]}
                  />
                </div>
              </div>
              <div className="figure-row">
                <div className="pp-figure">
                  <h3>Gradient size against entropy</h3>
                  <ScatterChart
                    width={chartW}
                    height={chartH}
                    xLabel="entropy H of the policy (nats)"
                    yLabel="gradient norm (log scale)"
                    logY
                    xDomain={[0, data.maxEntropy]}
                    description={`Score-function gradient norm against the policy's entropy at ${steps.length} recorded steps; the latest sampled norm is ${fmt(data.gradNorm)} and the exact expected-reward gradient's norm ${fmt(data.exactNorm)} at entropy ${fmt(data.entropy)}.`}
                    series={[
                      { name: 'sampled score-function gradient |ĝ| (darker = later)', color: palette.vermillion, x: data.historyEntropy, y: data.historyGradNorm, fadeOld: true },
                      { name: 'exact gradient of the expected reward', color: palette.blue, x: data.historyEntropy, y: data.historyExactNorm, radius: 1.8 },
                    ]}
                  />
                </div>
                <div className="pp-text">
                  <h3>A concentrated policy hears little</h3>
                  <p>
                    <Tex tex={TEX_GRAD} />
                  </p>
                  <p>
                    The factor e<sub>a</sub> − p shrinks to zero as p piles onto one arm: when the policy almost always
                    plays the same arm, that arm’s reward barely moves the logits and the others are never sampled. The
                    exact gradient <Tex tex={TEX_EXACT} /> vanishes the same way, whatever arm the policy settled on, so
                    a wrong commitment is nearly permanent. The scatter shows both norms falling with the entropy.
                  </p>
                  <p>
                    The bonus β∇H pushes back towards uniform, most strongly where the policy is most certain. With a
                    bonus the best the policy can do is p ∝ exp(m/β) at any temperature, so a larger β settles at a
                    higher entropy. The temperature T rescales every logit: a low T turns small logit changes into a
                    near-greedy choice within a few steps.
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
