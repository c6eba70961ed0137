import { useMemo } from 'react';
import './GradientVariancePanel.css';
import { appStore, pushNotice, useApp } from '../store/store';
import { reset, setParam, setRunning } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart, type Series } from '../charts/LineChart';
import { EstimateStrip, type StripRow } from '../charts/EstimateStrip';
import { LogLogChart, type LogLogSeries } from '../charts/LogLogChart';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { gradientVarianceSchema } from '../core/experiments/gradient-variance.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

/* ---------- The snapshot as the worker sends it (see estimators/snapshot-format.ts and race.ts). ---------- */

interface CoordinateStats {
  name: string;
  exact: number;
  mean: number;
  bias: number;
  variance: number | null;
  standardError: number | null;
  snr: number | null;
}

type SummaryStats =
  | { ok: true; reason: null; samples: number; cosine: number | null; sampleCosine: number | null; costPerSample: number; coordinates: CoordinateStats[] }
  | { ok: false; reason: string; coordinates: [] };

/** Up to 256 single estimates of the first coordinate, finite ones only, and how many were not. */
interface DrawSample {
  values: Float32Array;
  nonFinite: number;
}

type EstimatorStats =
  | { ok: true; reason: null; costPerSample: number; perSample: SummaryStats; perStep: SummaryStats; draws: DrawSample }
  | { ok: false; reason: string; perSample: null; perStep: null; draws: null };

interface SweepFit {
  slope: number;
  intercept: number;
  from: number;
  to: number;
}

interface SweepSeries {
  key: string;
  id: string;
  label: string;
  n: Float32Array;
  variance: Float32Array;
  snrN: Float32Array;
  snr: Float32Array;
  /** N where the variance was exactly 0 (the exact gradient). */
  zeroAt: Float32Array;
  reasons: string[];
  varianceFit: SweepFit | null;
  snrFit: SweepFit | null;
}

/** The N sweep (experiments/gradient-variance-sweep.ts), filled in a few cells per snapshot. */
type SweepData =
  | {
      ok: true;
      reason: null;
      ladder: Float32Array;
      measured: number;
      nextN: number | null;
      progress: number;
      fitFrom: number;
      samples: number;
      series: SweepSeries[];
    }
  | { ok: false; reason: string };

interface RaceSnapshot {
  id: string;
  label: string;
  steps: number;
  status: 'running' | 'refused' | 'diverged';
  reason: string | null;
  history: { steps: Float32Array; watched: Float32Array; loss: Float32Array };
}

interface EstimatorSnapshot {
  key: string;
  id: string;
  label: string;
  unbiased: boolean;
  applicable: boolean;
  stats: EstimatorStats | null;
  state: Record<string, number>;
  race: RaceSnapshot | null;
}

interface GradientVarianceData {
  problem: 'toy' | 'units' | 'gaussian';
  units: number;
  samples: number;
  statGroups: number;
  refusal: string | null;
  coordinateNames: string[];
  exact: Float32Array;
  lossAtPoint: number;
  estimators: EstimatorSnapshot[];
  sweep: SweepData;
}

/* ---------- Constant presentation tables. ---------- */

/** Colour and dash per estimator toggle: Okabe–Ito colours, dashes tell apart the variants of one family. */
const LOOK: Record<string, { color: string; dashed?: boolean }> = {
  exact: { color: 'currentColor' },
  sf: { color: palette.vermillion },
  sfOracle: { color: palette.vermillion, dashed: true },
  sfAverage: { color: palette.orange },
  sfOptimal: { color: palette.orange, dashed: true },
  rloo: { color: palette.purple },
  st: { color: palette.blue },
  concrete: { color: palette.sky },
  stGumbel: { color: palette.blue, dashed: true },
  rebar: { color: palette.green },
  arm: { color: palette.green, dashed: true },
  disarm: { color: palette.sky, dashed: true },
  pathwise: { color: palette.blue },
};

/** Constant TeX strings (never user or URL data) for the binary-unit estimators. */
const BINARY_TEX: Record<string, string> = {
  exact: String.raw`g = \theta(1-\theta)\,\big(f(1)-f(0)\big)`,
  sf: String.raw`\hat g = f(b)\,(b-\theta)`,
  sfOracle: String.raw`\hat g = \big(f(b)-\mathbb{E}[f]\big)\,(b-\theta)`,
  sfAverage: String.raw`\hat g = \big(f(b)-\bar f\big)(b-\theta),\ \ \bar f \leftarrow \text{running mean of } f`,
  sfOptimal: String.raw`\hat g = \big(f(b)-c^\ast\big)\,s,\ \ s=b-\theta,\ \ c^\ast=\tfrac{\mathbb{E}[f s^2]}{\mathbb{E}[s^2]}`,
  rloo: String.raw`\hat g = \tfrac{1}{K-1}\textstyle\sum_k \big(f(b_k)-\tfrac1K\sum_j f(b_j)\big)(b_k-\theta)`,
  st: String.raw`\hat g = f'(b)\,\theta(1-\theta)\quad(\text{hard } b \text{ forward})`,
  concrete: String.raw`z=\sigma\!\big(\tfrac{\phi+L}{\tau}\big),\ L=\log\tfrac{u}{1-u},\ \ \hat g = \tfrac{\partial f(z)}{\partial\phi}`,
  stGumbel: String.raw`b=\mathbb{1}[\phi+L>0],\ \ \hat g = f'(b)\,\tfrac{\partial z}{\partial\phi}`,
  rebar: String.raw`\hat g = \big(f(b)-\eta f(\tilde z)\big)\,\partial_\phi\log p(b) + \eta\,\partial_\phi f(z) - \eta\,\partial_\phi f(\tilde z)`,
  arm: String.raw`\hat g = \big(f(\mathbb{1}[u>\sigma(-\phi)]) - f(\mathbb{1}[u<\sigma(\phi)])\big)\,(u-\tfrac12)`,
  disarm: String.raw`\hat g = \tfrac12\big(f(b)-f(\tilde b)\big)(-1)^{\tilde b}\,\mathbb{1}[b\ne\tilde b]\,\sigma(|\phi|)`,
  pathwise: String.raw`x=\mu+\sigma\epsilon:\ \text{no path through a Bernoulli } b`,
};

/** Constant TeX strings for the Gaussian unit x ~ N(μ, σ²). */
const GAUSSIAN_TEX: Record<string, string> = {
  sf: String.raw`\hat g_\mu = f(x)\,\tfrac{x-\mu}{\sigma^2}`,
  rloo: String.raw`\hat g_\mu = \tfrac{1}{K-1}\textstyle\sum_k \big(f(x_k)-\tfrac1K\sum_j f(x_j)\big)\tfrac{x_k-\mu}{\sigma^2}`,
  pathwise: String.raw`x=\mu+\sigma\epsilon,\ \epsilon\sim\mathcal N(0,1):\ \ \hat g_\mu = f'(x)`,
};

/** KaTeX for a constant formula of this file. */
const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} className="gv-tex" />;

/** Knobs of the other problems, per problem. */
const IRRELEVANT: Record<string, readonly string[]> = {
  toy: ['n', 'gaussianCost', 'gaussianK', 'mu', 'sigma'],
  units: ['gaussianCost', 'gaussianK', 'mu', 'sigma'],
  gaussian: ['n', 'theta', 't', 'tau'],
};

type Values = Record<string, unknown>;
const ALL_OFF: Values = {
  exact: false, sf: false, sfOracle: false, sfAverage: false, sfOptimal: false, rloo: false,
  st: false, concrete: false, stGumbel: false, rebar: false, arm: false, disarm: false, pathwise: false,
};

interface Preset {
  label: string;
  help: string;
  values: Values;
  /** Bring the N-sweep chart into view and make sure the run is going, so the sweep visibly fills in. */
  sweep?: boolean;
}

const PRESETS: Preset[] = [
  {
    label: 'Biased but quiet (t = 0.45)',
    help: 'The REBAR toy: straight-through and the Gumbel relaxations against the score function and REBAR.',
    values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.45, k: 2, tau: 0.5, learningRate: 0.01, exact: true, sf: true, st: true, concrete: true, stGumbel: true, rebar: true },
  },
  {
    label: 't = 0.499',
    help: 'The RELAX setting: the gradient is tiny, so only low-variance unbiased estimators make progress.',
    values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.499, k: 2, learningRate: 0.01, exact: true, sf: true, rloo: true, rebar: true, disarm: true },
  },
  {
    label: 'REINFORCE does not scale (N = 1024)',
    help: '1024 independent units: the other units’ cost drowns unit 1’s signal in the score function.',
    values: { ...ALL_OFF, problem: 'units', n: 1024, theta: 0.5, t: 0.45, k: 2, learningRate: 0.01, exact: true, sf: true, sfOracle: true, rloo: true, arm: true, disarm: true },
    sweep: true,
  },
  {
    label: 'Gaussian, smooth cost: pathwise wins',
    help: 'A continuous unit, where backprop through the sample works: (x − 2)² from μ = −1.',
    values: { ...ALL_OFF, problem: 'gaussian', mu: -1, sigma: 1, gaussianCost: 'quadratic', gaussianK: 2, k: 2, learningRate: 0.01, sf: true, rloo: true, pathwise: true },
  },
  {
    label: 'Gaussian, cos(8x): score wins',
    help: 'A rapidly varying cost: the pathwise derivative swings by ±8 while the score function only sees f between −1 and 1 (Mohamed et al. 2020).',
    values: { ...ALL_OFF, problem: 'gaussian', mu: 1, sigma: 1, gaussianCost: 'cos', gaussianK: 8, k: 2, learningRate: 0.01, sf: true, rloo: true, pathwise: true },
  },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const restarted = await applyPresetValues(gradientVarianceSchema, preset.values, current);
  if (restarted) pushNotice('info', `Preset “${preset.label}”: the race restarted from step 0 with the new settings.`);
  if (preset.sweep) {
    // The sweep advances with the snapshots, which come while the run is going.
    if (!appStore.getState().running) await setRunning(true);
    // Bring the sweep into view once a frame with all of the preset's settings has been drawn (the table
    // and strip above it change height as the toggles land, which would scroll it away again).
    await frameWith(preset.values);
    requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById('gv-sweep')?.scrollIntoView({ block: 'start' })));
  }
}

/** Resolves when the store holds a frame measured with these toggles and N (or after 5 s). */
function frameWith(values: Values): Promise<void> {
  const keys = Object.keys(ALL_OFF).filter((k) => values[k] === true).join(',');
  const matches = () => {
    const d = appStore.getState().frame?.snapshot.data as unknown as GradientVarianceData | undefined;
    if (!d?.estimators || d.units !== values.n) return false;
    return d.estimators.map((e) => e.key).join(',') === keys;
  };
  return new Promise((resolve) => {
    if (matches()) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, 5000);
    const unsubscribe = appStore.subscribe(() => {
      if (matches()) done();
    });
  });
}

const PROBLEM_WORDS: Record<GradientVarianceData['problem'], string> = {
  toy: 'the Tucker toy',
  units: 'the N-unit problem',
  gaussian: 'the Gaussian unit',
};

/** A number or, where the snapshot has none, a dash with the reason as a tooltip. */
const num = (v: number | null | undefined, digits = 3) => fmt(v ?? null, digits);

/**
 * Panel for the gradient-estimator experiment: per-estimator bias, variance, SNR, cosine and cost at the
 * chosen point; where K-sample estimates fall against the exact gradient; and the training race.
 */
export function GradientVariancePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'gradient-variance' ? (frame.snapshot.data as unknown as GradientVarianceData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const step = frame?.snapshot.step ?? 0;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, chartW * 0.6));
  const problem = String(params.problem ?? 'toy');
  // Knobs of the other problems are left out of the sidebar (the toggles all stay: a row saying
  // "not applicable" is part of the lesson).
  const shownHidden = useMemo(() => new Set([...hidden, ...(IRRELEVANT[problem] ?? [])]), [hidden, problem]);

  return (
    <section className="panel" aria-labelledby="gv-title" data-testid="panel-gradient-variance">
      <header className="panel-head">
        <h2 id="gv-title">Gradients through coin flips</h2>
        <p>
          When a network samples a discrete value b ~ Bernoulli(θ), there is no derivative of b with respect to θ to
          propagate. Every method here builds a stand-in from samples instead. Some are right on average but noisy (the
          score-function family, REBAR, ARM, DisARM); others are quiet but aimed slightly wrong (straight-through and the
          Gumbel relaxations). The table measures both failings at the current θ; the race below shows what they do to
          training from one shared seed.
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
  data: GradientVarianceData;
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
  const where = gaussian ? 'μ' : 'θ';
  const rows = data.estimators;

  const strip: StripRow[] = rows.map((e) => {
    const look = LOOK[e.key] ?? { color: palette.grey };
    const reason = e.stats === null ? 'not measured' : !e.stats.ok ? e.stats.reason : !e.stats.perStep.ok ? e.stats.perStep.reason : null;
    const step0 = e.stats?.ok && e.stats.perStep.ok ? e.stats.perStep.coordinates[0] : undefined;
    const single0 = e.stats?.ok && e.stats.perSample.ok ? e.stats.perSample.coordinates[0] : undefined;
    return {
      label: e.label,
      color: look.color,
      mean: step0?.mean ?? null,
      sdStep: step0?.variance != null ? Math.sqrt(step0.variance) : null,
      sdSample: single0?.variance != null ? Math.sqrt(single0.variance) : null,
      reason,
      draws: e.stats?.ok ? e.stats.draws.values : null,
    };
  });

  const racers = rows.filter((e) => e.race !== null);
  // Binary problems: the lowest reachable E[f] is N·min(t², (1 − t)²), so plot the excess on a log axis
  // (the curves differ by tiny amounts next to the constant part, most of all at t = 0.499).
  const floor = gaussian ? 0 : data.units * Math.min(target * target, (1 - target) * (1 - target));
  const excess = !gaussian && Math.abs(target - 0.5) > 1e-9;
  const seriesOf = (pick: 'watched' | 'loss'): Series[] =>
    racers.map((e) => {
      const look = LOOK[e.key] ?? { color: palette.grey };
      const h = e.race!.history;
      const y = pick === 'loss' && excess ? h.loss.map((v) => v - floor) : h[pick];
      return { name: e.label, color: look.color, dashed: look.dashed, x: h.steps, y };
    });
  const stopped = racers.filter((e) => e.race!.status !== 'running');
  const last = (a: Float32Array) => (a.length > 0 ? a[a.length - 1]! : NaN);
  const lastWatched = racers.map((e) => `${e.label} ${fmt(last(e.race!.history.watched))}`).join(', ');
  const optimum = target < 0.5 ? 'θ = 0' : target > 0.5 ? 'θ = 1' : 'anywhere (t = 0.5 makes every θ equally good)';

  return (
    <>
      <h3>
        Estimates of {coord} at {where} = {fmt(point)} on {PROBLEM_WORDS[data.problem]}
        {data.problem === 'units' ? ` with N = ${fmtInt(data.units)}` : ''}, K = {fmtInt(data.samples)}
      </h3>
      <p className="hint gv-caption">
        Exact value {fmt(exact0, 4)}; expected cost there {fmt(data.lossAtPoint, 4)}. Each row uses {fmtInt(data.statGroups)} fresh
        K-sample steps. Bias is the mean minus the exact value (± two standard errors); SNR is |mean| / standard deviation of one step.
        {gaussian ? ' Only the μ coordinate is shown; the race trains μ.' : ''}
      </p>
      {data.refusal && (
        <div className="alert alert-error" role="alert">
          {data.refusal}
        </div>
      )}
      <div className="gv-table-wrap">
        <table className="gv-table">
          <thead>
            <tr>
              <th scope="col">Estimator</th>
              <th scope="col">bias ± 2 s.e.</th>
              <th scope="col">variance, 1 sample</th>
              <th scope="col">variance, K-step</th>
              <th scope="col">SNR, K-step</th>
              <th scope="col" title="Mean cosine between one K-sample step and the exact gradient (in one dimension: the fraction of steps with the right sign, mapped to −1…1).">
                cos(step, exact)
              </th>
              <th scope="col" title="Evaluations of f or ∂f/∂b per K-sample step.">evals / step</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const look = LOOK[e.key] ?? { color: palette.grey };
              const swatch = (
                <span className="gv-swatch" style={{ background: look.color, opacity: look.dashed ? 0.55 : 1 }} aria-hidden="true" />
              );
              const name = (
                <th scope="row">
                  {swatch}
                  {e.label}
                  {e.applicable && <span className={e.unbiased ? 'gv-tag' : 'gv-tag gv-tag-biased'}>{e.unbiased ? 'unbiased' : 'biased'}</span>}
                  {e.key === 'rebar' && typeof e.state.eta === 'number' && (
                    <span className="gv-state">
                      η {fmt(e.state.eta)}, τ {fmt(e.state.tau)}
                    </span>
                  )}
                </th>
              );
              const s = e.stats;
              const reason = s === null ? 'not measured' : !s.ok ? s.reason : !s.perStep.ok ? s.perStep.reason : !s.perSample.ok ? s.perSample.reason : null;
              if (reason !== null || s === null || !s.ok || !s.perStep.ok || !s.perSample.ok) {
                return (
                  <tr key={e.key} className="gv-refused">
                    {name}
                    <td colSpan={6}>{reason}</td>
                  </tr>
                );
              }
              const one = s.perSample.coordinates[0];
              const k = s.perStep.coordinates[0];
              const se = one?.standardError;
              return (
                <tr key={e.key}>
                  {name}
                  <td>
                    {num(one?.bias)}
                    {se != null && se > 0 ? <span className="gv-se"> ± {fmt(2 * se, 2)}</span> : null}
                  </td>
                  <td>{num(one?.variance)}</td>
                  <td>{num(k?.variance)}</td>
                  <td>{k?.snr == null ? (k?.variance === 0 ? '∞ (no noise)' : '—') : fmt(k.snr)}</td>
                  <td>{num(s.perStep.sampleCosine)}</td>
                  <td>{fmt(s.perStep.costPerSample)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h3>Where one K-sample step lands</h3>
      <EstimateStrip
        rows={strip}
        exact={exact0}
        xLabel={`estimate of ${coord}`}
        width={Math.min(width, 900)}
        description={`Mean and spread of each estimator's K-sample steps against the exact value ${fmt(exact0)}.`}
      />
      <p className="hint gv-caption">
        Faint dots: up to 256 single-sample estimates as drawn (a non-finite estimate is never drawn: its row says so instead). Dot: mean of the
        steps. Thick bar: ± one standard deviation of a K-sample step. Thin whisker: ± one standard deviation of a single sample.
        The dashed line is the exact gradient.
      </p>

      <SweepSection sweep={data.sweep} problem={data.problem} chartW={chartW} chartH={chartH} />

      <div className="figure-row">
        <div>
          <h3>Race: {gaussian ? 'μ' : 'θ₁'} over steps</h3>
          <LineChart
            width={chartW}
            height={chartH}
            xLabel="step"
            yLabel={gaussian ? 'μ' : 'θ₁ = σ(φ₁)'}
            description={`${gaussian ? 'μ' : 'θ of unit 1'} for each estimator over ${step} Adam steps from the same start and seed; now ${lastWatched}.`}
            series={seriesOf('watched')}
          />
        </div>
        <div>
          <h3>Race: {excess ? 'excess expected cost' : 'expected cost E[f]'}</h3>
          <LineChart
            width={chartW}
            height={chartH}
            xLabel="step"
            yLabel={excess ? 'E[f] − min E[f]' : 'E[f] (exact)'}
            logY={excess}
            description={
              excess
                ? `The exact expected cost at each racer's parameters minus its minimum ${fmt(floor)}, over ${step} steps (log scale).`
                : `The exact expected cost at each racer's parameters over ${step} steps.`
            }
            series={seriesOf('loss')}
          />
        </div>
      </div>
      {stopped.length > 0 && (
        <ul className="gv-stopped">
          {stopped.map((e) => (
            <li key={e.key}>
              <strong>{e.label}</strong> {e.race!.status === 'refused' ? 'is not training' : 'stopped'}: {e.race!.reason}
            </li>
          ))}
        </ul>
      )}
      <p className="gv-look">
        <strong>What to look for.</strong>{' '}
        {gaussian
          ? 'Compare the widths of the pathwise and score-function bars. On a smooth, slowly varying cost such as (x − k)² the pathwise bar is the narrow one; make the cost oscillate fast (cos(k x) with a large k) and the score function becomes the quieter of the two.'
          : `An unbiased estimator's dot sits on the dashed line however wide its bar; a biased one is off by an amount that more samples never remove. In the race the optimum is ${optimum}${rows.some((e) => e.key === 'st') ? ', yet straight-through settles near θ = t' : ''}; plain REINFORCE crawls when t nears 0.5 or N is large.`}
      </p>

      <h3>The estimators</h3>
      <dl className="gv-formulas">
        {rows.map((e) => {
          const tex = (gaussian ? GAUSSIAN_TEX[e.key] : undefined) ?? BINARY_TEX[e.key];
          return (
            <div key={e.key}>
              <dt>{e.label}</dt>
              <dd>{tex ? <Tex tex={tex} /> : null}</dd>
            </div>
          );
        })}
      </dl>
      <p className="hint">
        b ~ Bernoulli(θ), θ = σ(φ), u ~ U(0, 1), L the logistic noise, z its relaxed sample and z̃ the relaxation conditioned on
        b. Sources: Williams 1992; Bengio, Léonard &amp; Courville 2013; Jang, Gu &amp; Poole 2017; Maddison, Mnih &amp; Teh 2017;
        Tucker et al. 2017; Grathwohl et al. 2018; Kool, van Hoof &amp; Welling 2019; Yin &amp; Zhou 2019; Dong, Mnih &amp; Tucker 2020;
        Mohamed et al. 2020.
      </p>
    </>
  );
}

const fmtSlope = (f: SweepFit | null) => (f === null ? '—' : f.slope.toFixed(2));

/** Variance and SNR of one sample of d/dφ₁ against N, log-log, with fitted slopes; fills in as N sweeps. */
function SweepSection({ sweep, problem, chartW, chartH }: { sweep: SweepData; problem: GradientVarianceData['problem']; chartW: number; chartH: number }) {
  if (!sweep.ok) {
    return (
      <section id="gv-sweep" aria-labelledby="gv-sweep-title">
        <h3 id="gv-sweep-title">Variance against the number of units N</h3>
        <p className="hint gv-caption" data-testid="sweep-status">
          {sweep.reason}
        </p>
      </section>
    );
  }
  const ladder = Array.from(sweep.ladder);
  const top = ladder[ladder.length - 1] ?? 1;
  const looks = sweep.series.map((s) => LOOK[s.key] ?? { color: palette.grey });
  const varianceSeries: LogLogSeries[] = sweep.series.map((s, i) => ({
    name: s.label,
    color: looks[i]!.color,
    dashed: looks[i]!.dashed,
    x: s.n,
    y: s.variance,
    fit: s.varianceFit,
  }));
  const snrSeries: LogLogSeries[] = sweep.series.map((s, i) => ({
    name: s.label,
    color: looks[i]!.color,
    dashed: looks[i]!.dashed,
    x: s.snrN,
    y: s.snr,
    fit: s.snrFit,
  }));
  const measuredTo = sweep.measured > 0 ? ladder[sweep.measured - 1]! : null;
  const status =
    sweep.nextN === null
      ? `Sweep complete: N = 1 … ${fmtInt(top)} (${ladder.length} values).`
      : `Sweeping N = 1 … ${fmtInt(top)}: ${measuredTo === null ? 'nothing measured yet' : `measured up to N = ${fmtInt(measuredTo)}`}, now N = ${fmtInt(sweep.nextN)} (${Math.round(sweep.progress * 100)} %).`;
  const slopes = sweep.series.map((s) => `${s.label} ${fmtSlope(s.varianceFit)}`).join(', ');
  return (
    <section id="gv-sweep" aria-labelledby="gv-sweep-title">
      <h3 id="gv-sweep-title">Variance against the number of units N</h3>
      <p className="hint gv-caption">
        {problem === 'toy' ? 'The toy is the N = 1 case of Σ(bᵢ − t)²; here ' : 'Here '}
        each selected estimator estimates d/dφ₁ of Σ(bᵢ − t)² on N units at the same θ, t, τ and K, for N = 1, 2, 4, … {fmtInt(top)}. The true
        gradient does not depend on N; the noise from the other N − 1 units does. Slopes are least-squares fits of log y on log N
        over N ≥ {sweep.fitFrom} once three such points are in (the wide pale lines). Expect about 2 for the plain score function, 1 with the exact-mean baseline.
      </p>
      <p className="gv-sweep-status" role="status" data-testid="sweep-status" data-complete={sweep.nextN === null ? 'true' : 'false'}>
        {status}
      </p>
      <div className="figure-row">
        <div>
          <LogLogChart
            width={chartW}
            height={chartH}
            xLabel="units N (log)"
            yLabel="variance of one sample"
            xDomain={[1, Math.max(2, top)]}
            series={varianceSeries}
            description={`Variance of one sample of d/dφ₁ against N, log-log; fitted slopes: ${slopes}.`}
          />
        </div>
        <div>
          <LogLogChart
            width={chartW}
            height={chartH}
            xLabel="units N (log)"
            yLabel="SNR of one sample"
            xDomain={[1, Math.max(2, top)]}
            series={snrSeries}
            description={`Signal-to-noise ratio of one sample of d/dφ₁ against N, log-log; fitted slopes: ${sweep.series.map((s) => `${s.label} ${fmtSlope(s.snrFit)}`).join(', ')}.`}
          />
        </div>
      </div>
      <div className="gv-table-wrap">
        <table className="gv-table gv-sweep-table" data-testid="sweep-table">
          <thead>
            <tr>
              <th scope="col">Estimator</th>
              <th scope="col">variance slope</th>
              <th scope="col">SNR slope</th>
              <th scope="col">points</th>
              <th scope="col">notes</th>
            </tr>
          </thead>
          <tbody>
            {sweep.series.map((s, i) => (
              <tr key={s.key}>
                <th scope="row">
                  <span className="gv-swatch" style={{ background: looks[i]!.color, opacity: looks[i]!.dashed ? 0.55 : 1 }} aria-hidden="true" />
                  {s.label}
                </th>
                <td>{fmtSlope(s.varianceFit)}</td>
                <td>{fmtSlope(s.snrFit)}</td>
                <td>{s.n.length + s.zeroAt.length}</td>
                <td className="gv-notes">
                  {[s.zeroAt.length > 0 ? 'variance exactly 0: nothing to plot on a log axis' : null, ...s.reasons].filter(Boolean).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint gv-caption">
        SNR = |E ĝ| / sd(ĝ) of one sample, with E ĝ the exact gradient for the unbiased estimators (the sample mean would be mostly
        noise at large N) and the measured mean for the biased ones. One sample: a K-sample step divides the variance by K (for
        RLOO, whose samples share a baseline, the rows are its per-sample terms), which moves the lines but not their slopes. The
        estimators with state (moving-average and optimal baselines, REBAR’s η and τ) start afresh at each N, warmed on one batch.
      </p>
    </section>
  );
}
