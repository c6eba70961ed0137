import './mixture-density/mixture.css';
import { useState } from 'react';
import { useFrame } from '../store/use-frame';
import { fmt, fmtInt } from '../app/format';
import { LEARNER_IDS, LEARNER_NAMES, type LearnerId, type MixtureDensityFrame } from '../core/experiments/mixture-density.schema';
import type { PanelProps } from './panel-props';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { RunStopped } from './common/RunStopped';
import { DensityGrid } from './mixture-density/DensityGrid';
import { ComponentCharts, NllChart, SweepTable } from './mixture-density/figures';
import { CreditRuleText } from './mixture-density/explain';

function figuresOf(data: MixtureDensityFrame, focus: LearnerId, setFocus: (id: LearnerId) => void): FigureMap<'mixture-density'> {
  const arms = data.task === 'arms';
  const focusRow = data.rows.find((r) => r.id === focus) ?? null;
  return {
    density: {
      title: arms ? `p(y | x = ${fmt(data.slice, 2)}) over the plane of answers, per learner` : 'p(y | x) per learner, with the training data',
      render: (box) => <DensityGrid data={data} box={box} />,
      caption: (
        <>
          {arms ? 'Each map: y₁' : 'Each map: x'} across from {fmt(arms ? data.yRange[0] : data.xRange[0], 2)} to {fmt(arms ? data.yRange[1] : data.xRange[1], 2)}, {arms ? 'y₂' : 'y'} up from{' '}
          {fmt(data.yRange[0], 2)} to {fmt(data.yRange[1], 2)}; brightness √(p / max p). White dots: training points{arms ? ' with x within 0.05 of the shown x' : ''}. Orange:{' '}
          {arms ? 'the three true answers at this x' : 'the noise-free curve x = y + 0.3 sin 2πy, whose branches are the true answers'}.
        </>
      ),
    },
    components: {
      title: (
        <label className="md-focus">
          Components of{' '}
          <select value={focus} onChange={(e) => setFocus(e.target.value as LearnerId)} data-testid="md-focus">
            {LEARNER_IDS.map((id) => (
              <option key={id} value={id}>
                {LEARNER_NAMES[id]}
              </option>
            ))}
          </select>
        </label>
      ),
      render: (box) => {
        if (!focusRow) return null;
        // The means and the weights side by side where the card is wide enough, else one above the other.
        const width = box.width >= 560 ? Math.floor(box.width / 2) - 12 : box.width;
        return <ComponentCharts frame={data} row={focusRow} size={{ width, height: box.height }} />;
      },
    },
    nll: { title: 'Test NLL over steps', render: (box) => <NllChart frame={data} size={box} /> },
    sweep: { title: `Seed sweep: ${data.sweepSeeds} seeds per learner`, render: () => <SweepTable frame={data} /> },
  };
}

/** The hero's answer in words: which learner fits best, and whether the mixture covers the answers the mean misses. */
function Verdict({ data }: { data: MixtureDensityFrame }) {
  const live = data.rows.filter((r) => r.enabled && r.status === 'training' && r.testNll !== null);
  const best = live.reduce<(typeof live)[number] | null>((b, r) => (b === null || r.testNll! < b.testNll! ? r : b), null);
  const single = data.rows.find((r) => r.id === 'single' && r.enabled && r.modesAtThree !== null);
  const mdn = data.rows.find((r) => r.id === 'mdn' && r.enabled && r.modesAtThree !== null);
  return (
    <p data-testid="md-verdict">
      {single && mdn && `Of the three answers at an x, the MDN covers ${fmt(mdn.modesAtThree, 2)}, the mean ${fmt(single.modesAtThree, 2)}. `}
      {best ? `Best fit: ${LEARNER_NAMES[best.id]} (NLL ${fmt(best.testNll)}).` : 'No learner is training.'}
    </p>
  );
}

function Readouts({ data }: { data: MixtureDensityFrame }) {
  return (
    <dl className="readouts" aria-live="off">
      <div><dt>steps</dt><dd data-testid="md-steps">{fmtInt(data.historySteps.length ? data.historySteps[data.historySteps.length - 1]! : 0)}</dd></div>
      <div><dt>components K</dt><dd>{data.K}</dd></div>
      <div><dt>learners stopped</dt><dd data-testid="md-stopped-count">{data.rows.filter((r) => r.enabled && r.status === 'stopped').length}</dd></div>
    </dl>
  );
}

/** A learner stopped by the divergence guard stops alone: say which and why, the others go on. */
function Stopped({ data }: { data: MixtureDensityFrame }) {
  const stopped = data.rows.filter((r) => r.enabled && r.status === 'stopped');
  if (stopped.length === 0) return null;
  return (
    <div className="alert" role="status" data-testid="md-stopped">
      {stopped.map((r) => (
        <p key={r.id}>
          <strong>{LEARNER_NAMES[r.id]}</strong> — {r.message}
        </p>
      ))}
    </div>
  );
}

/**
 * Panel for conditional Gaussian mixtures (brainstorm §1): p(y | x) of every learner as small
 * multiples (the hero), one learner's components across x, the test NLL and the seed sweep behind "More".
 */
export function MixtureDensityPanel({ hidden }: PanelProps) {
  const snapshot = useFrame('mixture-density');
  const [focus, setFocus] = useState<LearnerId>('mdn');
  const data = snapshot?.data ?? null;
  return (
    <PanelShell
      id="mixture-density"
      title="Conditional Gaussian mixtures: when the answer has several values"
      claim="Knowing x = y + 0.3 sin 2πy, y can lie on up to three branches. A network trained by least squares predicts their mean, a curve through empty space; a mixture of Gaussians can put one component on each answer, if backprop shares the credit among its components well."
      hidden={hidden}
      figures={data ? figuresOf(data, focus, setFocus) : null}
      verdict={data && <Verdict data={data} />}
      readouts={data && <Readouts data={data} />}
      alert={
        <>
          {snapshot?.diverged && <RunStopped diverged={snapshot.diverged} />}
          {data && <Stopped data={data} />}
        </>
      }
      more={<CreditRuleText />}
    />
  );
}
