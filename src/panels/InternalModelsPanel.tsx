import './internal-models/models.css';
import { appStore, useApp } from '../store/store';
import { setParam } from '../store/actions';
import { useFrame } from '../store/use-frame';
import { REGIME_OPTIONS, type InternalModelsFrame } from '../core/experiments/internal-models.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { RunStopped } from './common/RunStopped';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { ModelTimeline, REGIME_LABELS, REGIME_TEXT_COLORS } from './internal-models/Timeline';
import { ErrorsChart, ForgettingChart, useThrottled } from './internal-models/figures';
import { SelectorText } from './internal-models/explain';

/** Switch the world's regime now: manual schedule, next regime in the list. */
async function switchRegimeNow(current: number): Promise<void> {
  const next = REGIME_OPTIONS[(current + 1) % REGIME_OPTIONS.length]!;
  if (appStore.getState().params.schedule !== 'manual') await setParam('schedule', 'manual');
  await setParam('regime', next);
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/** Median steps each learner took to recover after a return to a regime seen before. */
function recovery(data: InternalModelsFrame): { single: number; collection: number } {
  const revisits = Array.from(data.switchRevisit, (r, i) => (r && Number.isFinite(data.recoverySingle[i]!) ? i : -1)).filter((i) => i >= 0);
  return { single: median(revisits.map((i) => data.recoverySingle[i]!)), collection: median(revisits.map((i) => data.recoveryCollection[i]!)) };
}

function figuresOf(data: InternalModelsFrame, slow: InternalModelsFrame, threshold: number): FigureMap<'internal-models'> {
  const rec = recovery(data);
  return {
    timeline: {
      title: 'Which model is in charge, and what it costs',
      render: (box) => (
        <ModelTimeline
          steps={data.timelineSteps}
          regime={data.timelineRegime}
          charge={data.timelineCharge}
          modelRegimes={data.modelRegimes}
          costs={{ single: data.costSingle, collection: data.costCollection, reference: data.costReference }}
          total={data.steps}
          switchSteps={data.switchSteps}
          width={box.width}
          height={box.height}
          description={`Over ${fmtInt(data.steps)} steps and ${data.switchSteps.length} regime switches, the selector put one of ${data.models} models in charge; it matched the true regime on ${Number.isFinite(data.matchRate) ? fmt(100 * data.matchRate, 3) + '%' : 'no'} of settled steps. Median steps to recover after a return to a known regime: one model ${fmtInt(rec.single)}, collection ${fmtInt(rec.collection)}.`}
        />
      ),
    },
    // The secondary figures' histories move slowly: drawn from a frame refreshed four times a second.
    errors: { title: 'Each model’s recent prediction error', render: (box) => <ErrorsChart data={slow} threshold={threshold} width={box.width} height={box.height} /> },
    forgetting: { title: 'Forgetting: error on each regime’s held-out pushes', render: (box) => <ForgettingChart data={slow} width={box.width} height={box.height} /> },
  };
}

/** The timeline's answer in words: how soon each learner is back on track after a return. */
function Verdict({ data }: { data: InternalModelsFrame }) {
  const rec = recovery(data);
  return (
    <>
      <p data-testid="im-verdict">
        {Number.isFinite(rec.single)
          ? `Back on track after a return to a known regime: the collection in ${fmtInt(rec.collection)} steps, one model in ${fmtInt(rec.single)} (medians).`
          : 'No return to a regime seen before yet.'}
      </p>
      {data.done && (
        <p className="hint" role="status" data-testid="im-done">
          The budget of {fmtInt(data.budget)} steps is used: raise it to continue, or press Reset.{' '}
          <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch it again at 120 steps/s</WatchAgain>
        </p>
      )}
    </>
  );
}

/** The button that switches the world now, and the regime, the models and the selector's record. */
function Readouts({ data }: { data: InternalModelsFrame }) {
  const rec = recovery(data);
  const phase = useApp((s) => s.phase);
  return (
    <>
      <button type="button" className="im-switch" data-testid="im-switch-now" disabled={phase === 'booting'} onClick={() => void switchRegimeNow(data.regime)}>
        Switch regime now
      </button>
      <dl className="readouts" aria-live="off">
        <div><dt>regime now</dt><dd data-testid="im-regime" style={{ color: REGIME_TEXT_COLORS[data.regime] }}>{REGIME_LABELS[data.regime]}</dd></div>
        <div><dt>models made</dt><dd data-testid="im-models">{data.models} (M{data.inCharge + 1} in charge{data.probation >= 0 ? ', new' : ''})</dd></div>
        <div><dt>selector matches the regime</dt><dd data-testid="im-match">{Number.isFinite(data.matchRate) ? `${fmt(100 * data.matchRate, 3)}% of ${fmtInt(data.matchEligible)} settled steps` : 'no return to a known regime yet'}</dd></div>
        <div><dt>steps to recover on a return (median)</dt><dd data-testid="im-recovery">{Number.isFinite(rec.single) ? `one model ${fmtInt(rec.single)}, collection ${fmtInt(rec.collection)}` : '–'}</dd></div>
      </dl>
    </>
  );
}

/**
 * Panel for several internal models (brainstorm §6): which model is in charge against the true
 * regime, with each learner's cost beneath (the hero); the models' prediction errors and forgetting
 * behind "More".
 */
export function InternalModelsPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('internal-models');
  const data = snapshot?.data ?? null;
  const slow = useThrottled(data, 250);
  return (
    <PanelShell
      id="internal-models"
      title="Several internal models, each used where it predicts well"
      claim="The world keeps changing what a push does. One learner keeps a single model of it and retrains it after every change; the other keeps a collection and hands control to the model that has predicted the last few steps best, so a regime it has met before is handled at once."
      hidden={hidden}
      figures={data ? figuresOf(data, slow ?? data, Number(params.threshold)) : null}
      verdict={data && <Verdict data={data} />}
      readouts={data && <Readouts data={data} />}
      alert={
        <>
          {snapshot?.diverged && <RunStopped diverged={snapshot.diverged} />}
          {data?.stopped.map((m, l) => (m ? <p key={l} className="alert alert-error" role="alert" data-testid={`im-stopped-${l}`}>{m}</p> : null))}
          {data?.refusal && <p className="alert alert-info" role="status" data-testid="im-refusal">{data.refusal}</p>}
        </>
      }
      more={<SelectorText window={Number(params.window)} horizon={Number(params.horizon)} />}
    />
  );
}
