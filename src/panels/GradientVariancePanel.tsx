import { useMemo } from 'react';
import './GradientVariancePanel.css';
import { useApp } from '../store/store';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { EstimateStrip, type StripRow } from '../charts/EstimateStrip';
import { useWidth } from '../charts/useWidth';
import {
  ESTIMATOR_KEYS,
  STORY_ESTIMATORS,
  gradientVarianceSchema,
  type GradientVarianceFrame,
  type ProblemName,
} from '../core/experiments/gradient-variance.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';
import { EstimatorTable } from './gradient-variance/EstimatorTable';
import { Formulas } from './gradient-variance/Formulas';
import { LOOK } from './gradient-variance/look';
import { ALL_SET, IRRELEVANT, PRESETS, STORY_SET, applyPreset } from './gradient-variance/presets';
import { RaceFigures } from './gradient-variance/RaceFigures';
import { SweepSection } from './gradient-variance/SweepSection';

const PROBLEM_WORDS: Record<ProblemName, string> = {
  toy: 'the Tucker toy',
  units: 'the N-unit problem',
  gaussian: 'the Gaussian unit',
};

/**
 * Panel for the gradient-estimator experiment: where K-sample estimates fall against the exact gradient;
 * per-estimator bias, variance, SNR, cosine and cost at the chosen point; the N sweep; the training race.
 */
export function GradientVariancePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'gradient-variance' ? (frame.snapshot.data as unknown as GradientVarianceFrame) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const step = frame?.snapshot.step ?? 0;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, chartW * 0.6));
  const problem = (String(params.problem ?? 'toy') in IRRELEVANT ? String(params.problem ?? 'toy') : 'toy') as ProblemName;
  // Knobs of the other problems are left out of the sidebar (the toggles all stay: a row saying
  // "not applicable" is part of the lesson).
  const shownHidden = useMemo(() => new Set([...hidden, ...IRRELEVANT[problem]]), [hidden, problem]);
  const selected = ESTIMATOR_KEYS.filter((k) => params[k] === true).length;

  return (
    <section className="panel" aria-labelledby="gv-title" data-testid="panel-gradient-variance">
      <header className="panel-head">
        <h2 id="gv-title">Gradients through coin flips</h2>
        <p>
          When a network samples a discrete value b ~ Bernoulli(θ), there is no derivative of b with respect to θ to
          propagate. Every method here builds a stand-in from samples instead. Some are right on average but noisy (the
          score-function family, REBAR, ARM, DisARM); others are quiet but aimed slightly wrong (straight-through and the
          Gumbel relaxations). The figure and table measure both failings at the current θ; the race below shows what they do
          to training from one shared seed. These are statistical claims: each number carries its standard error.
        </p>
      </header>
      {diverged && (
        <div className="alert alert-error" role="alert">
          <strong>The race stopped at step {fmtInt(diverged.step)}.</strong> {diverged.reason}{' '}
          <button type="button" onClick={() => void reset()}>
            Reset the run
          </button>
        </div>
      )}
      <div className="panel-body">
        <aside className="controls" aria-label="Gradient estimator settings">
          <ParamGroup
            schema={gradientVarianceSchema}
            values={params}
            onChange={(k, v) => void setParam(k, v)}
            hidden={shownHidden}
            disabled={phase === 'booting'}
          />
        </aside>
        <div className="figures" ref={wideRef}>
          <PresetBar prefix="gv" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
          <div className="gv-selection" role="group" aria-label="Which estimators">
            <span>
              Showing {selected} of {ESTIMATOR_KEYS.length} estimators.
            </span>
            <button type="button" disabled={phase !== 'ready' || selected === ESTIMATOR_KEYS.length} onClick={() => void applyPresetValues(gradientVarianceSchema, ALL_SET, params)}>
              Show all {ESTIMATOR_KEYS.length}
            </button>
            <button
              type="button"
              title="Exact, REINFORCE, a moving-average baseline, RLOO, straight-through, Concrete, DisARM and pathwise"
              disabled={phase !== 'ready'}
              onClick={() => void applyPresetValues(gradientVarianceSchema, STORY_SET, params)}
            >
              The story’s {STORY_ESTIMATORS.length}
            </button>
          </div>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <Figures
              data={data}
              step={step}
              chartW={chartW}
              chartH={chartH}
              width={width}
              point={Number(data.problem === 'gaussian' ? params.mu : params.theta)}
              target={Number(params.t)}
            />
          )}
        </div>
      </div>
    </section>
  );
}

interface FiguresProps {
  data: GradientVarianceFrame;
  step: number;
  chartW: number;
  chartH: number;
  width: number;
  /** θ (binary units) or μ (Gaussian unit) where the statistics are measured. */
  point: number;
  /** The target t of the binary problems. */
  target: number;
}

function Figures({ data, step, chartW, chartH, width, point, target }: FiguresProps) {
  const gaussian = data.problem === 'gaussian';
  const exact0 = data.exact[0] ?? 0;
  const coord = data.coordinateNames[0] ?? 'gradient';
  const rows = data.estimators;
  const strip: StripRow[] = rows.map((e) => {
    const s = e.stats;
    const reason = s === null ? 'not measured' : !s.ok ? s.reason : !s.perStep.ok ? s.perStep.reason : null;
    const step0 = s?.ok && s.perStep.ok ? s.perStep.coordinates[0] : undefined;
    const single0 = s?.ok && s.perSample.ok ? s.perSample.coordinates[0] : undefined;
    return {
      label: e.label,
      color: LOOK[e.key].color,
      mean: step0?.mean ?? null,
      sdStep: step0?.variance != null ? Math.sqrt(step0.variance) : null,
      sdSample: single0?.variance != null ? Math.sqrt(single0.variance) : null,
      reason,
      draws: s?.ok ? s.draws.values : null,
    };
  });
  const optimum = target < 0.5 ? 'θ = 0' : target > 0.5 ? 'θ = 1' : 'anywhere (t = 0.5 makes every θ equally good)';

  return (
    <>
      <h3>
        Where one K-sample step of {coord} lands at {gaussian ? 'μ' : 'θ'} = {fmt(point)} on {PROBLEM_WORDS[data.problem]}
        {data.problem === 'units' ? ` with N = ${fmtInt(data.units)}` : ''}, K = {fmtInt(data.samples)}
      </h3>
      {data.refusal && (
        <div className="alert alert-error" role="alert">
          {data.refusal}
        </div>
      )}
      <EstimateStrip
        rows={strip}
        exact={exact0}
        xLabel={`estimate of ${coord}`}
        width={Math.min(width, 900)}
        description={`Mean and spread of each estimator's K-sample steps against the exact value ${fmt(exact0)}.`}
      />
      <p className="hint gv-caption">
        Exact value {fmt(exact0, 4)} (dashed line); expected cost there {fmt(data.lossAtPoint, 4)}. Faint dots: up to 256 single-sample
        estimates from the latest refresh (a non-finite estimate is never drawn: its row says so instead). Dot: mean of every step so
        far. Thick bar: ± one standard deviation of a K-sample step. Thin whisker: ± one standard deviation of a single sample.
        {gaussian ? ' Only the μ coordinate is shown; the race trains μ.' : ''}
      </p>
      <EstimatorTable data={data} />
      <SweepSection sweep={data.sweep} problem={data.problem} chartW={chartW} chartH={chartH} />
      <RaceFigures data={data} step={step} chartW={chartW} chartH={chartH} target={target} />
      <p className="gv-look">
        <strong>What to look for.</strong>{' '}
        {gaussian
          ? 'Compare the widths of the pathwise and score-function bars. On a smooth, slowly varying cost such as (x − k)² the pathwise bar is the narrow one; make the cost oscillate fast (cos(k x) with a large k) and the score function becomes the quieter of the two. The optimal constant baseline narrows the score function’s bar without moving its centre.'
          : `An unbiased estimator's dot sits on the dashed line however wide its bar (its bias reads “within noise”); a biased one is off by an amount that more samples never remove. In the race the optimum is ${optimum}${rows.some((e) => e.key === 'st') ? ', yet straight-through settles near θ = t' : ''}; plain REINFORCE crawls when t nears 0.5 or N is large. Each of these holds on every one of 5 seeds in the tests.`}
      </p>
      <Formulas rows={rows} gaussian={gaussian} />
    </>
  );
}
