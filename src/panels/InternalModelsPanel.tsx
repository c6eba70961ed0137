import './InternalModelsPanel.css';
import { useMemo } from 'react';
import { appStore, useApp } from '../store/store';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { useWidth } from '../charts/useWidth';
import { internalModelsSchema, REGIME_OPTIONS } from '../core/experiments/internal-models.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { RunStopped } from './common/RunStopped';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { LEARNER_TEXT_COLORS, ModelTimeline, REGIME_LABELS, REGIME_TEXT_COLORS } from './InternalModelsPanelTimeline';
import { SecondaryFigures, useThrottled } from './InternalModelsPanelFigures';

type Values = Record<string, unknown>;
interface Preset {
  label: string;
  help: string;
  values: Values;
}
const BASE: Values = { schedule: 'blocks', block: 400, regimes: 'all', threshold: 0.12, window: 12, maxModels: 6, explore: 0.3, lr: 0.05 };
const PRESETS: Preset[] = [
  { label: 'Four regimes, one model each', help: 'All four regimes in blocks of 400 steps: the collection makes one model per regime and hands control back to it on every return.', values: BASE },
  { label: 'Normal and reversed', help: 'The clearest contrast: every switch reverses what a push does. The single model must relearn each time; the collection switches model.', values: { ...BASE, regimes: 'normal-reversed' } },
  { label: 'Too lax a threshold', help: 'Any model "predicts well" below 0.6: the collection stays at one model and behaves like the single learner.', values: { ...BASE, threshold: 0.6 } },
  { label: 'Too strict a threshold', help: 'Below 0.05 the noise alone looks like a bad prediction: new models keep being made until the cap.', values: { ...BASE, threshold: 0.05 } },
  { label: 'Short blocks', help: 'Blocks of 80 steps: the single model never settles; the collection still switches within a window.', values: { ...BASE, block: 80 } },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  await applyPresetValues(internalModelsSchema, preset.values, current);
  await reset();
}

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

/**
 * Panel for several internal models (brainstorm §6): which model is in charge against the true
 * regime, with each learner's cost beneath (the hero); the models' prediction errors; forgetting.
 */
export function InternalModelsPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'internal-models' ? frame.snapshot.data : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(260, Math.max(200, chartW * 0.55)));
  // The hero redraws with every frame; the secondary figures at most four times a second (their
  // histories move slowly, and redrawing a dozen long series per frame would starve the hero).
  const slow = useThrottled(data, 250);
  // The controls change only with the settings, not with every frame: built once per change.
  const controls = useMemo(
    () => <ParamGroup schema={internalModelsSchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />,
    [params, hidden, phase],
  );
  const revisits = data ? Array.from(data.switchRevisit, (r, i) => (r && Number.isFinite(data.recoverySingle[i]!) ? i : -1)).filter((i) => i >= 0) : [];
  const recS = data ? median(revisits.map((i) => data.recoverySingle[i]!)) : NaN;
  const recC = data ? median(revisits.map((i) => data.recoveryCollection[i]!)) : NaN;

  return (
    <section className="panel" aria-labelledby="im-title" data-testid="panel-internal-models">
      <header className="panel-head">
        <h2 id="im-title">Several internal models, each used where it predicts well</h2>
        <p>
          A mass must follow a target, but the world keeps changing what a push does: sometimes it moves the mass the
          other way, sometimes barely, sometimes it slides on. No controller can differentiate through the world itself.
          Each learner instead learns a model of it and chooses its push by backprop through that model. One learner
          keeps a single model and retrains it after every change; the other keeps a collection and hands control to
          the model that has predicted the last few steps best, so a regime it has met before is handled at once.
        </p>
      </header>
      {diverged && <RunStopped diverged={diverged} />}
      {data?.stopped.map((m, l) => (m ? <p key={l} className="alert alert-error" role="alert" data-testid={`im-stopped-${l}`}>{m}</p> : null))}
      {data?.refusal && <p className="alert alert-info" role="status" data-testid="im-refusal">{data.refusal}</p>}
      <PresetBar prefix="im" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Internal-models settings">
          <button type="button" className="im-switch" data-testid="im-switch-now" disabled={phase === 'booting' || !data} onClick={() => data && void switchRegimeNow(data.regime)}>
            Switch regime now
          </button>
          {controls}
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              {data.done && (
                <p className="hint" role="status" data-testid="im-done">
                  The budget of {fmtInt(data.budget)} steps is used, so training has stopped. Raise the budget to continue, or
                  press Reset to start again. <WatchAgain speedIndex={WATCH_SPEEDS.steady}>Watch it again at 120 steps/s</WatchAgain>
                </p>
              )}
              <dl className="readouts" aria-live="off">
                <div><dt>regime now</dt><dd data-testid="im-regime" style={{ color: REGIME_TEXT_COLORS[data.regime] }}>{REGIME_LABELS[data.regime]}</dd></div>
                <div><dt>models made</dt><dd data-testid="im-models">{data.models} (M{data.inCharge + 1} in charge{data.probation >= 0 ? ', new' : ''})</dd></div>
                <div><dt>selector matches the regime</dt><dd data-testid="im-match">{Number.isFinite(data.matchRate) ? `${fmt(100 * data.matchRate, 3)}% of ${fmtInt(data.matchEligible)} settled steps` : 'no return to a known regime yet'}</dd></div>
                <div><dt>steps to recover on a return (median)</dt><dd data-testid="im-recovery">{Number.isFinite(recS) ? `one model ${fmtInt(recS)}, collection ${fmtInt(recC)}` : '–'}</dd></div>
              </dl>
              <h3>Which model is in charge, and what it costs</h3>
              <ModelTimeline
                steps={data.timelineSteps}
                regime={data.timelineRegime}
                charge={data.timelineCharge}
                modelRegimes={data.modelRegimes}
                costs={{ single: data.costSingle, collection: data.costCollection, reference: data.costReference }}
                total={data.steps}
                switchSteps={data.switchSteps}
                width={width}
                description={`Over ${fmtInt(data.steps)} steps and ${data.switchSteps.length} regime switches, the selector put one of ${data.models} models in charge; it matched the true regime on ${Number.isFinite(data.matchRate) ? fmt(100 * data.matchRate, 3) + '%' : 'no'} of settled steps. Median steps to recover after a return to a known regime: one model ${fmtInt(recS)}, collection ${fmtInt(recC)}.`}
              />
              <SecondaryFigures data={slow ?? data} threshold={Number(params.threshold)} chartW={chartW} chartH={chartH} />
              <div className="im-text">
                <h3>How the selector chooses</h3>
                <p>
                  Every model predicts every step’s next velocity. The selector keeps each model’s squared errors over the
                  last {fmtInt(Number(params.window))} steps and puts in charge the one with the smallest sum: the most
                  likely model under Gaussian noise (MOSAIC, Wolpert &amp; Kawato 1998, with a hard choice). Only the model in
                  charge is trained, and only while it predicts well, so a model is not overwritten by a regime it does not
                  know. When no model has predicted well for two windows, a new one is made, starting as a copy of the best.
                </p>
                <p>
                  Both learners choose the push a by Gauss–Newton steps on the gradient of the planned cost
                  Σₕ (xₕ − g)² + λa², computed by the chain rule through {fmtInt(Number(params.horizon))} steps of their own
                  model. The reference does the same through the true dynamics. A <span style={{ color: LEARNER_TEXT_COLORS.single }}>single model</span>{' '}
                  trained on everything is always fitting the regime in force and forgetting the others.
                </p>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
