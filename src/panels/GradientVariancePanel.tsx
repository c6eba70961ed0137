import { useEffect, useMemo, useRef } from 'react';
import './GradientVariancePanel.css';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { EstimateStrip, type StripRow } from '../charts/EstimateStrip';
import {
  ESTIMATOR_KEYS,
  STORY_ESTIMATORS,
  gradientVarianceContract,
  gradientVarianceSchema,
  type GradientVarianceFrame,
  type ProblemName,
} from '../core/experiments/gradient-variance.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { applyPresetValues } from './common/presets';
import { EstimatorTable } from './gradient-variance/EstimatorTable';
import { Formulas } from './gradient-variance/Formulas';
import { LOOK, STRIP_LABEL } from './gradient-variance/look';
import { ALL_SET, IRRELEVANT, STORY_SET } from './gradient-variance/presets';
import { RaceCost, RaceWatched, raceCostTitle } from './gradient-variance/RaceFigures';
import { SweepSection, SweepVerdict } from './gradient-variance/SweepSection';

const PROBLEM_WORDS: Record<ProblemName, string> = {
  toy: 'the Tucker toy',
  units: 'the N-unit problem',
  gaussian: 'the Gaussian unit',
};

/** Where the statistics are measured and what the race aims at, from the settings in force. */
interface Point {
  /** θ (binary units) or μ (Gaussian unit). */
  at: number;
  /** The target t of the binary problems. */
  target: number;
}

function stripRows(data: GradientVarianceFrame): StripRow[] {
  return data.estimators.map((e) => {
    const s = e.stats;
    const reason = s === null ? 'not measured' : !s.ok ? s.reason : !s.perStep.ok ? s.perStep.reason : null;
    const step0 = s?.ok && s.perStep.ok ? s.perStep.coordinates[0] : undefined;
    const single0 = s?.ok && s.perSample.ok ? s.perSample.coordinates[0] : undefined;
    return {
      label: STRIP_LABEL[e.key],
      color: LOOK[e.key].color,
      mean: step0?.mean ?? null,
      sdStep: step0?.variance != null ? Math.sqrt(step0.variance) : null,
      sdSample: single0?.variance != null ? Math.sqrt(single0.variance) : null,
      reason,
      draws: s?.ok ? s.draws.values : null,
    };
  });
}

function figuresOf(data: GradientVarianceFrame, step: number, point: Point): FigureMap<'gradient-variance'> {
  const gaussian = data.problem === 'gaussian';
  const exact0 = data.exact[0] ?? 0;
  const coord = data.coordinateNames[0] ?? 'gradient';
  return {
    strip: {
      title: (
        <>
          Where one K-sample step of {coord} lands at {gaussian ? 'μ' : 'θ'} = {fmt(point.at)} on {PROBLEM_WORDS[data.problem]}
          {data.problem === 'units' ? ` with N = ${fmtInt(data.units)}` : ''}, K = {fmtInt(data.samples)}
        </>
      ),
      render: (box) => {
        // The strip's height follows its rows (30 px each). Where the box has room (lecture, wide screens)
        // it is drawn smaller and zoomed to fill it, labels included; its label column is sized for 11 px
        // text, so the text is kept at 11 px before the zoom. Where it has less (lecture at 1280 × 720) the
        // rows shrink to fit it, down to 18 px; with every estimator on a phone it scrolls.
        const natural = data.estimators.length * 30 + 64;
        const room = box.height - (data.refusal ? 60 : 8);
        const zoom = Math.max(1, Math.min(1.6, box.width / 640, room / natural));
        return (
          // Focusable, so a keyboard can scroll it when every estimator is on (axe: scrollable-region-focusable).
          <div className="gv-strip-box" style={{ maxHeight: box.height }} tabIndex={0} role="region" aria-label="Estimates of each estimator">
            {data.refusal && (
              <div className="alert alert-error" role="alert">
                {data.refusal}
              </div>
            )}
            <div className="gv-strip-zoom" style={{ zoom }}>
              <EstimateStrip
                rows={stripRows(data)}
                exact={exact0}
                xLabel={`estimate of ${coord}`}
                width={Math.floor(Math.min(box.width, 1100) / zoom)}
                height={zoom === 1 ? room : undefined}
                description={`Mean and spread of each estimator's K-sample steps against the exact value ${fmt(exact0)}.`}
              />
            </div>
          </div>
        );
      },
      caption: `Dashed line: the exact value ${fmt(exact0, 4)}. Dot: mean of every step so far; thick bar: ± one sd of a K-sample step; whisker: ± one sd of a single sample; faint dots: single estimates.`,
    },
    sweep: {
      title: 'Variance against the number of units N',
      render: (box) => <SweepSection sweep={data.sweep} problem={data.problem} width={box.width} height={box.height} />,
    },
    race: {
      title: `Race: ${gaussian ? 'μ' : 'θ₁'} over steps`,
      render: (box) => <RaceWatched data={data} step={step} box={box} target={point.target} />,
    },
    raceCost: {
      title: raceCostTitle(data, point.target),
      render: (box) => <RaceCost data={data} step={step} box={box} target={point.target} />,
    },
  };
}

/** The table, what to look for, the formulas: behind "More", under the secondary figures. */
function MoreOf({ data, target }: { data: GradientVarianceFrame; target: number }) {
  const gaussian = data.problem === 'gaussian';
  const optimum = target < 0.5 ? 'θ = 0' : target > 0.5 ? 'θ = 1' : 'anywhere (t = 0.5 makes every θ equally good)';
  return (
    <div className="gv-more">
      <h3>Bias, variance, SNR and cost of each estimator</h3>
      <EstimatorTable data={data} />
      <p className="hint gv-caption">
        Expected cost at the point {fmt(data.lossAtPoint, 4)}. The strip’s faint dots are up to 256 single-sample estimates from the latest
        refresh (a non-finite estimate is never drawn: its row says so instead).
        {gaussian ? ' Only the μ coordinate is shown; the race trains μ.' : ''}
      </p>
      <p className="gv-look">
        <strong>What to look for.</strong>{' '}
        {gaussian
          ? 'Compare the widths of the pathwise and score-function bars. On a smooth, slowly varying cost such as (x − k)² the pathwise bar is the narrow one; make the cost oscillate fast (cos(k x) with a large k) and the score function becomes the quieter of the two. The optimal constant baseline narrows the score function’s bar without moving its centre.'
          : `An unbiased estimator's dot sits on the dashed line however wide its bar (its bias reads “within noise”); a biased one is off by an amount that more samples never remove. In the race the optimum is ${optimum}${data.estimators.some((e) => e.key === 'st') ? ', yet straight-through settles near θ = t' : ''}; plain REINFORCE crawls when t nears 0.5 or N is large. Each of these holds on every one of 5 seeds in the tests.`}
      </p>
      <Formulas rows={data.estimators} gaussian={gaussian} />
    </div>
  );
}

/** "Showing 8 of 13 estimators", with the one-click switches between the story's set and all of them. */
function Selection({ params, ready }: { params: Record<string, unknown>; ready: boolean }) {
  const selected = ESTIMATOR_KEYS.filter((k) => params[k] === true).length;
  return (
    <div className="gv-selection" role="group" aria-label="Which estimators">
      <span>
        {selected} of {ESTIMATOR_KEYS.length} estimators shown.
      </span>
      <button type="button" className="small" disabled={!ready || selected === ESTIMATOR_KEYS.length} onClick={() => void applyPresetValues(gradientVarianceSchema, ALL_SET, params)}>
        Show all {ESTIMATOR_KEYS.length}
      </button>
      <button
        type="button"
        className="small"
        title="Exact, REINFORCE, a moving-average baseline, RLOO, straight-through, Concrete, DisARM and pathwise"
        disabled={!ready}
        onClick={() => void applyPresetValues(gradientVarianceSchema, STORY_SET, params)}
      >
        The story’s {STORY_ESTIMATORS.length}
      </button>
    </div>
  );
}

/** The preset whose story is the N sweep: when its settings land, the sweep's answer is brought into view. */
const SWEEP_PRESET = gradientVarianceContract.presets.find((p) => p.values.problem === 'units' && p.values.n === 1024)!;

/**
 * Scrolls the sweep's verdict into view when the settings become the sweep preset's (applied from "More",
 * far below it), so the reader sees the sweep start over up to N = 1024.
 */
function useShowSweepOnPreset(params: Record<string, unknown>) {
  const matched = useRef(true);
  const matches = Object.entries(SWEEP_PRESET.values).every(([k, v]) => params[k] === v);
  useEffect(() => {
    if (matches && !matched.current) {
      requestAnimationFrame(() => document.querySelector('[data-testid="panel-gradient-variance"] .gv-verdict')?.scrollIntoView({ block: 'center' }));
    }
    matched.current = matches;
  }, [matches]);
}

/**
 * Panel for the gradient-estimator experiment: where K-sample estimates fall against the exact gradient
 * (the hero), how the noise grows with N (the sweep's answer beside the key controls, its charts behind
 * "More"), the training race, and per-estimator bias, variance, SNR, cosine and cost.
 */
export function GradientVariancePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const phase = useApp((s) => s.phase);
  const snapshot = useFrame('gradient-variance');
  useShowSweepOnPreset(params);
  const problem = (String(params.problem ?? 'toy') in IRRELEVANT ? String(params.problem ?? 'toy') : 'toy') as ProblemName;
  // Knobs of the other problems are left out of the settings (the toggles all stay: a row saying
  // "not applicable" is part of the lesson).
  const shownHidden = useMemo(() => new Set([...hidden, ...IRRELEVANT[problem]]), [hidden, problem]);
  const data = snapshot?.data ?? null;
  const point = { at: Number(data?.problem === 'gaussian' ? params.mu : params.theta), target: Number(params.t) };
  return (
    <PanelShell
      id="gradient-variance"
      title="Gradients through coin flips"
      claim="A network that samples b ~ Bernoulli(θ) has no derivative to propagate. Every method here builds a stand-in from samples: some are right on average but noisy (the score-function family, REBAR, ARM, DisARM), others quiet but aimed slightly wrong (straight-through, the Gumbel relaxations)."
      hidden={shownHidden}
      figures={snapshot ? figuresOf(snapshot.data, snapshot.step, point) : null}
      verdict={
        <>
          {data && <SweepVerdict sweep={data.sweep} />}
          <Selection params={params} ready={phase === 'ready'} />
        </>
      }
      more={data && <MoreOf data={data} target={point.target} />}
    />
  );
}
