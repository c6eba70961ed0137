import './MixtureDensityPanel.css';
import { useMemo, useState } from 'react';
import { useApp } from '../store/store';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { useWidth } from '../charts/useWidth';
import { fmt, fmtInt } from '../app/format';
import { LEARNER_IDS, LEARNER_NAMES, mixtureDensitySchema, type LearnerId, type MixtureLearnerRow } from '../core/experiments/mixture-density.schema';
import type { PanelProps } from './panel-props';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';
import { DensityMap } from './MixtureDensityPanelHeatmap';
import { ComponentCharts, LEARNER_TEXT_COLORS, NllChart, SweepTable } from './MixtureDensityPanelFigures';

type Values = Record<string, unknown>;
interface Preset {
  label: string;
  help: string;
  values: Values;
}
const ALL_ON: Values = Object.fromEntries(LEARNER_IDS.map((id) => [id, true]));
const BASE: Values = { ...ALL_ON, task: 'inverse', size: 1000, noise: 0.05, components: 3, hidden: 24, init: 1, lr: 0.01, floor: 0.01, batch: 32, epsilon: 0.2, tau: 0.5 };
const PRESETS: Preset[] = [
  { label: 'The inverse problem', help: 'Bishop’s inverse problem with every learner, K = 3, the defaults.', values: BASE },
  { label: 'Three arms (2-D answers)', help: 'Predict a point of the plane from x; at every x it lies on one of three arms.', values: { ...BASE, task: 'arms' } },
  {
    label: 'Variance collapse (floor 0)',
    help: 'No variance floor, learning rate 0.1, K = 5: components shrink onto a few points and their learners stop, one by one.',
    values: { ...BASE, floor: 0, lr: 0.1, components: 5 },
  },
  { label: 'Too many components (K = 10)', help: 'K = 10 for three answers: watch which learners leave components unused.', values: { ...BASE, components: 10 } },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const rebuilt = await applyPresetValues(mixtureDensitySchema, preset.values, current);
  // The race compares learners from the same start.
  if (!rebuilt) await reset();
}

function statusText(r: MixtureLearnerRow): string {
  if (r.status === 'off') return 'off';
  if (r.status === 'stopped') return r.stopKind === 'variance' ? `σ collapsed at its step ${fmtInt(r.steps)}` : `non-finite at its step ${fmtInt(r.steps)}`;
  const modes = r.modesAtThree === null ? '' : `, modes ${fmt(r.modesAtThree, 2)}/3`;
  return `test NLL ${fmt(r.testNll)}${modes}`;
}

/**
 * Panel for conditional Gaussian mixtures (brainstorm §1): p(y | x) of every learner as small
 * multiples (the hero), one learner's components across x, the test NLL, and the seed sweep.
 */
export function MixtureDensityPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const [focus, setFocus] = useState<LearnerId>('mdn');
  const data = frame?.snapshot.experimentId === 'mixture-density' ? frame.snapshot.data : null;
  const cols = width >= 900 ? 4 : width >= 620 ? 3 : 2;
  const cell = Math.floor(width / cols) - 10;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, Math.max(210, chartW * 0.58)));
  const shown = data ? data.rows.filter((r) => r.enabled) : [];
  const focusRow = data?.rows.find((r) => r.id === focus) ?? null;
  const stopped = shown.filter((r) => r.status === 'stopped');
  const arms = data?.task === 'arms';
  // The settings change far less often than frames arrive (many a second): render them only when they do.
  const controls = useMemo(
    () => <ParamGroup schema={mixtureDensitySchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />,
    [params, hidden, phase],
  );

  return (
    <section className="panel" aria-labelledby="md-title" data-testid="panel-mixture-density">
      <header className="panel-head">
        <h2 id="md-title">Conditional Gaussian mixtures: when the answer has several values</h2>
        <p>
          Some questions have more than one right answer. Knowing where an arm’s hand is, the elbow can be up or down;
          knowing x = y + 0.3 sin 2πy, y can lie on up to three branches. A network trained by least squares predicts
          the average of the answers, a curve through the empty space between them. A mixture of Gaussians can put
          one component on each answer, but training it by backprop is delicate: credit has to be shared among the
          components, a component can starve or shrink onto a single point, and a discrete choice of component has no
          gradient at all. Seven learners race here from one seed on the same minibatches.
        </p>
      </header>
      <PresetBar prefix="md" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Mixture-density settings">
          {controls}
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              {stopped.length > 0 && (
                <div className="alert" role="status" data-testid="md-stopped">
                  {stopped.map((r) => (
                    <p key={r.id}>
                      <strong>{LEARNER_NAMES[r.id]}</strong> — {r.message}
                    </p>
                  ))}
                </div>
              )}
              <figure className="chart md-hero" aria-label="p(y | x) per learner">
                <h3>
                  {arms ? `p(y | x = ${fmt(data.slice, 2)}) over the plane of answers, per learner` : 'p(y | x) per learner, with the training data'}
                </h3>
                {shown.length === 0 && <p className="hint">Every learner is switched off: switch one on in the settings.</p>}
                <div className="md-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
                  {shown.map((r) => (
                    <div key={r.id} className={`md-cell ${r.status === 'stopped' ? 'md-cell-stopped' : ''}`}>
                      <h4 style={{ color: LEARNER_TEXT_COLORS[r.id] }}>{LEARNER_NAMES[r.id]}</h4>
                      <DensityMap
                        testId={`md-heat-${r.id}`}
                        heat={r.heat}
                        grid={data.grid}
                        xDomain={arms ? data.yRange : data.xRange}
                        yDomain={data.yRange}
                        xLabel={arms ? 'y₁' : 'x'}
                        yLabel={arms ? 'y₂' : 'y'}
                        pointsX={data.dataX}
                        pointsY={data.dataY}
                        truthX={data.truthX}
                        truthY={data.truthY}
                        truthAsPoints={arms}
                        width={cell}
                        height={cell}
                        description={`${LEARNER_NAMES[r.id]}: its conditional density ${arms ? `over the plane at x = ${fmt(data.slice, 2)}` : 'of y given x'}, brighter where more likely, with training points in white and the true answers dashed in orange. ${statusText(r)}.`}
                      />
                      <p className="md-cell-status" data-testid={`md-status-${r.id}`}>
                        {statusText(r)}
                      </p>
                    </div>
                  ))}
                </div>
                <figcaption className="legend">
                  Brightness: √(p / max p) of each map. White dots: training points{arms ? ' with x within 0.05 of the shown x' : ''}. Orange:{' '}
                  {arms ? 'the three true answers at this x' : 'the noise-free curve x = y + 0.3 sin 2πy, whose branches are the true answers'}.
                </figcaption>
              </figure>
              <dl className="readouts" aria-live="off">
                <div><dt>steps</dt><dd data-testid="md-steps">{fmtInt(frame?.snapshot.step ?? 0)}</dd></div>
                <div><dt>components K</dt><dd>{data.K}</dd></div>
                <div><dt>learners stopped</dt><dd data-testid="md-stopped-count">{stopped.length}</dd></div>
              </dl>
              <div className="md-focus">
                <label>
                  Components of{' '}
                  <select value={focus} onChange={(e) => setFocus(e.target.value as LearnerId)} data-testid="md-focus">
                    {LEARNER_IDS.map((id) => (
                      <option key={id} value={id}>
                        {LEARNER_NAMES[id]}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {focusRow && <ComponentCharts frame={data} row={focusRow} size={{ width: chartW, height: chartH }} />}
              <div className="figure-row">
                <div className="md-figure">
                  <h3>Test NLL over steps</h3>
                  <NllChart frame={data} size={{ width: chartW, height: chartH }} />
                </div>
                <div className="md-figure">
                  <h3>Seed sweep: {data.sweepSeeds} seeds per learner</h3>
                  <SweepTable frame={data} />
                </div>
              </div>
              <div className="md-text">
                <h3>Why the credit rule matters</h3>
                <p>
                  The mixture’s negative log-likelihood −log Σₖ πₖ N(y; μₖ, σₖ) sends each component a share of each
                  point’s credit equal to its responsibility rₖ = πₖNₖ / Σⱼ πⱼNⱼ. That is soft credit, and it is exactly
                  the gradient EM follows with the responsibilities held fixed; EM just takes several steps per E-step.
                  Winner-takes-all gives the whole point to the nearest mean: a component that starts far from every
                  point never wins and never moves (it stays unused), which the relaxed form fixes by giving the losers ε.
                </p>
                <p>
                  Sampling the component as a discrete latent and learning the choice by the score function or
                  Gumbel-softmax optimises E over k of −log N(y; μₖ, σₖ), a bound on the NLL whose best solution puts one
                  wide component over all the answers: the choice is made before y is seen, so it cannot learn which
                  branch a point belongs to. The variance floor is the guard against the likelihood’s own flaw: a
                  component sitting on a single point has a density that grows without bound as σ → 0.
                </p>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
