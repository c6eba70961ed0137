import { useMemo } from 'react';
import { useApp } from '../store/store';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart, type Series } from '../charts/LineChart';
import { LogLogChart, type LogLogSeries } from '../charts/LogLogChart';
import { CreditRaster, type CreditRow } from '../charts/CreditRaster';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { MECHANISM_KEYS, sparseCreditSchema } from '../core/experiments/sparse-credit.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import './SparseCreditPanel.css';
import { applyPresetValues } from './common/presets';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

type Id = (typeof MECHANISM_KEYS)[number];

/** One learner's row of the sparse-credit snapshot (src/core/experiments/sparse-credit.ts, snapshot()). */
interface RowData {
  id: Id;
  enabled: boolean;
  status: 'off' | 'training' | 'diverged' | 'paused';
  message: string;
  p: number;
  episodes: number;
  learnedAt: number | null;
  loss: number | null;
  creditFirst: number | null;
  creditBins: Float32Array;
  curveEpisodes: Float32Array;
  curveP: Float32Array;
  sweepShare: Float32Array;
  sweepFirst: Float32Array;
}

interface FrameData {
  T: number;
  task: 'semester' | 'key-to-door';
  batch: number;
  window: number;
  topK: number;
  quizzes: number;
  quizTimes: Int32Array;
  refused: string | null;
  memoryBytes: number;
  budgetBytes: number;
  binEdges: Int32Array;
  sweepT: Float32Array;
  sweepDone: number;
  rows: RowData[];
}

const NAMES: Record<Id, string> = {
  bptt: 'full BPTT',
  tbptt: 'truncated BPTT',
  soft: 'soft attention',
  sparse: 'sparse top-k',
  abstract: 'abstract model',
  quiz: 'quizzes',
  critic: 'critic (TD)',
};
const COLORS: Record<Id, string> = {
  bptt: palette.blue,
  tbptt: palette.sky,
  soft: palette.orange,
  sparse: palette.vermillion,
  abstract: palette.green,
  quiz: palette.purple,
  critic: palette.grey,
};
/** Shares below this are not drawn on the log-log chart (full BPTT's reach to event 1 underflows to 10⁻⁴⁰). */
const SHOWN_FLOOR = 1e-8;

type Values = Record<string, number | string | boolean>;
const ALL_ON: Values = Object.fromEntries(MECHANISM_KEYS.map((k) => [k, true]));
const ALL_OFF: Values = Object.fromEntries(MECHANISM_KEYS.map((k) => [k, false]));

interface Preset {
  label: string;
  help: string;
  values: Values;
}

const PRESETS: Preset[] = [
  {
    label: 'One decision, a thousand distractions',
    help: 'T = 1,000: every learner on the same semesters. Watch which rows keep a bright first column.',
    values: { ...ALL_ON, task: 'semester', T: 1000, distractorReward: 0, batch: 4, window: 20, topK: 3, quizzes: 4, learningRate: 0.05 },
  },
  {
    label: 'Quizzes help',
    help: 'T = 100: the RNN alone (full BPTT) against the same RNN with 19 quizzes, and truncated BPTT for chance.',
    values: { ...ALL_OFF, bptt: true, tbptt: true, quiz: true, task: 'semester', T: 100, distractorReward: 0, batch: 4, window: 20, quizzes: 19, learningRate: 0.05 },
  },
  {
    label: 'Key to door, with apples',
    help: 'The TVT task (Hung et al. 2019): the key at the start, apples worth 0.1 on the way, the door pays 1 only with the key.',
    values: { ...ALL_ON, task: 'key-to-door', T: 300, distractorReward: 0.1, batch: 4, window: 20, topK: 3, quizzes: 4, learningRate: 0.05 },
  },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  await applyPresetValues(sparseCreditSchema, preset.values, current);
  // Learning curves compare learners from scratch.
  await reset();
}

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${fmt(100 * v, 3)}%`);

function statusText(r: RowData): string {
  if (r.status === 'diverged') return 'diverged';
  if (r.status === 'paused') return 'paused';
  // "Learned" is the policy (p ≥ 0.9); say so when the latest semester sent the choice no credit, so the
  // row never reads "learned" beside 0 % on the choice (issue 13 item 5).
  if (r.learnedAt !== null && r.creditFirst === 0) return `policy learned at ${fmtInt(r.learnedAt)} episodes; this semester no credit reached the choice`;
  if (r.learnedAt !== null) return `learned at ${fmtInt(r.learnedAt)} episodes`;
  return r.episodes === 0 ? 'not started' : 'learning';
}

/** Panel for sparse credit: who gets the credit for a grade earned T events after the choice. */
export function SparseCreditPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'sparse-credit' ? (frame.snapshot.data as unknown as FrameData) : null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(300, Math.max(220, chartW * 0.62)));
  const on = useMemo(() => (data ? data.rows.filter((r) => r.enabled) : []), [data]);
  const T = data?.T ?? 0;
  const choice = data?.task === 'key-to-door' ? 'taking the key' : 'studying';

  const rasterRows: CreditRow[] = on.map((r) => ({
    label: NAMES[r.id],
    values: r.status === 'diverged' || r.status === 'paused' ? new Float32Array(0) : r.creditBins,
    note: r.status === 'diverged' ? 'diverged (see the table)' : r.status === 'paused' ? 'paused at this size (see the table)' : r.creditBins.length === 0 ? 'no semester yet' : undefined,
  }));

  const sweepSeries: LogLogSeries[] = on.map((r) => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < r.sweepShare.length; i++) {
      const v = r.sweepShare[i]!;
      if (Number.isFinite(v) && v >= SHOWN_FLOOR) {
        x.push(data!.sweepT[i]!);
        y.push(v);
      }
    }
    return { name: NAMES[r.id], color: COLORS[r.id], x, y, fit: fitFrom(x, y, r.id === 'soft' ? 32 : 0) };
  });
  const notDrawn = on.filter((r) => r.sweepShare.some((v) => Number.isFinite(v) && v < SHOWN_FLOOR)).map((r) => NAMES[r.id]);
  const sweepText = on
    .map((r) => {
      const last = lastFinite(r.sweepShare, data?.sweepT);
      return last ? `${NAMES[r.id]} ${pct(last.v)} at T = ${fmtInt(last.T)}` : `${NAMES[r.id]} not measured yet`;
    })
    .join('; ');

  const curves: Series[] = on
    .filter((r) => r.curveEpisodes.length > 0)
    .map((r) => ({ name: NAMES[r.id], color: COLORS[r.id], x: r.curveEpisodes, y: r.curveP }));
  const maxEp = Math.max(1, ...on.map((r) => r.episodes));
  if (curves.length > 0) curves.push({ name: 'chance (½)', color: palette.grey, x: Float32Array.from([0, maxEp]), y: Float32Array.from([0.5, 0.5]), dashed: true });

  return (
    <section className="panel" aria-labelledby="sc-title" data-testid="panel-sparse-credit">
      <header className="panel-head">
        <h2 id="sc-title">Sparse credit over long sequences: one decision among thousands of events</h2>
        <p>
          In week one a student decides not to study; months later the exam goes badly. Between the two lie thousands
          of lectures, meals and messages that had nothing to do with it. To learn from the grade, something has to
          send the blame back to that one early choice and not smear it over everything in between. Here seven
          learners face the same semester: event 1 is the choice, events 2 to T − 1 are random distractions, event T is
          the grade, which depends on the choice alone. Each learner trains its own model and moves its own policy by
          the credit that model sends back to the choice.
        </p>
      </header>
      <div className="panel-body">
        <aside className="controls" aria-label="Sparse credit settings">
          <ParamGroup schema={sparseCreditSchema} values={params} onChange={(key, v) => void setParam(key, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          <div className="sc-presets" role="group" aria-label="Presets">
            <span className="sc-presets-label">Presets:</span>
            {PRESETS.map((p) => (
              <button key={p.label} type="button" title={p.help} disabled={phase !== 'ready'} onClick={() => void applyPreset(p, params as Values)}>
                {p.label}
              </button>
            ))}
          </div>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : data.refused ? (
            <div className="alert alert-error" role="alert" data-testid="sc-refused">
              <p>
                <strong>Refused: not enough memory for these settings.</strong> {data.refused}
              </p>
            </div>
          ) : (
            <>
              <div className="figure-block">
                <h3>Where the credit for the grade goes, event by event (T = {fmtInt(T)})</h3>
                {on.length === 0 ? (
                  <p className="refused-figure">Every learner is switched off: tick at least one in the settings.</p>
                ) : (
                  <CreditRaster
                    rows={rasterRows}
                    edges={data.binEdges}
                    T={T}
                    marks={on.some((r) => r.id === 'quiz') ? { at: Array.from(data.quizTimes, (t) => t + 1), label: `ticks above: the quiz row's ${data.quizTimes.length} quizzes` } : undefined}
                    width={width}
                    description={
                      `Credit per event over a semester of T = ${T} for ${on.length} learners, from their latest training semester. Share on the choice (event 1): ` +
                      on.map((r) => `${NAMES[r.id]} ${r.status === 'training' ? pct(r.creditFirst) : r.status}`).join(', ') +
                      '.'
                    }
                  />
                )}
                <p className="sc-caption">
                  Credit of event t = the size of the gradient of the predicted return with respect to that event&apos;s
                  representation (its embedding for the RNNs, its attention value for the attention learners), divided by
                  the sum over the semester, so a row adds up to 1. For the critic it is |TD error| at t, normalised the
                  same way; the abstract model has only two steps, so all of its credit sits on the choice. Columns are
                  bins of events on a log scale, coloured by the mean credit per event in the bin, from the learner&apos;s
                  latest training semester. The grade&apos;s loss gradient is this times 2(prediction − return), which the
                  normalisation removes.
                </p>
              </div>
              <div className="figure-row">
                <div>
                  <h3>Credit on the choice as the semester grows</h3>
                  <LogLogChart
                    series={sweepSeries}
                    width={chartW}
                    height={chartH}
                    xLabel="semester length T (events)"
                    yLabel="credit share on event 1"
                    xDomain={[10, 10000]}
                    description={`Share of the credit on the choice in a fresh failing semester, with each learner's current weights, at T from 10 to 10,000: ${sweepText}.`}
                  />
                  <p className="sc-caption">
                    Measured with the current weights on one fresh semester per T, the one where the student did not study
                    and failed ({data.sweepDone} of {data.sweepT.length} lengths done in this pass; it is redone as the
                    weights change). Thin lines: least-squares power laws (soft attention fitted from T = 32, where its
                    bounded scores stop mattering; slope −1 means credit ∝ 1/T).
                    {notDrawn.length > 0 && ` Shares below 10⁻⁸ (${notDrawn.join(', ')}) and exact zeros are not drawn.`}
                    {on.some((r) => r.id === 'tbptt') && ` Truncated BPTT gives the choice exactly zero whenever T > k = ${data.window}.`}
                    {on.some((r) => r.id === 'bptt' || r.id === 'quiz' || r.id === 'tbptt') &&
                      ' The RNN rows skip lengths whose single semester would cost more than one step may spend.'}
                  </p>
                </div>
                <div>
                  <h3>Learning: how often the policy chooses {choice}</h3>
                  {curves.length > 0 ? (
                    <LineChart
                      series={curves}
                      width={chartW}
                      height={chartH}
                      xLabel="episodes (semesters lived)"
                      yLabel={`P(${choice}) = success rate`}
                      description={`Probability of ${choice} against episodes: ${on.map((r) => `${NAMES[r.id]} ${fmt(r.p)} after ${fmtInt(r.episodes)}`).join(', ')}.`}
                    />
                  ) : (
                    <p className="refused-figure">No episodes yet: press Train or Step.</p>
                  )}
                  <p className="sc-caption">
                    The success rate is the policy&apos;s probability of {choice}, the expected pass rate. Chance is ½. The
                    policy keeps at least 5% of failures (p ≤ 0.95) so its model still sees what skipping costs; “learned”
                    means p ≥ 0.9.
                  </p>
                </div>
              </div>
              <div className="sc-table-wrap">
                <table className="sc-table">
                  <caption>Each learner now ({fmtInt(frame!.snapshot.step)} steps of {data.batch} semesters)</caption>
                  <thead>
                    <tr>
                      <th scope="col">learner</th>
                      <th scope="col">state</th>
                      <th scope="col">P({choice})</th>
                      <th scope="col">episodes</th>
                      <th scope="col">credit on the choice</th>
                      <th scope="col">model loss</th>
                    </tr>
                  </thead>
                  <tbody>
                    {on.map((r) => (
                      <tr key={r.id} data-testid={`sc-row-${r.id}`} className={r.status === 'diverged' ? 'sc-bad' : undefined}>
                        <th scope="row">
                          <span className="sc-swatch" style={{ background: COLORS[r.id] }} aria-hidden="true" />
                          {NAMES[r.id]}
                          {r.message && <div className="sc-message">{r.message}</div>}
                        </th>
                        <td>{statusText(r)}</td>
                        <td>{fmt(r.p)}</td>
                        <td>{fmtInt(r.episodes)}</td>
                        <td>{r.status === 'training' ? pct(r.creditFirst) : '—'}</td>
                        <td>{r.status === 'training' ? fmt(r.loss) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="figure-row">
                <div className="explain">
                  <h3>Why most of them lose the choice</h3>
                  <p>
                    <strong>Full BPTT</strong> carries the grade&apos;s gradient back through every one of the T − 1
                    recurrent steps; each multiplies it by the step&apos;s Jacobian, so what arrives at event 1 shrinks
                    roughly geometrically. It learns a ten-event semester in a few dozen episodes and practically never a
                    hundred-event one. <strong>Truncated BPTT</strong> stops after k events: with k &lt; T nothing reaches
                    the choice, so its policy never moves from ½.
                  </p>
                  <p>
                    <strong>Soft attention</strong> lets the final step look at every event directly, no chain of Jacobians.
                    But its weights are a softmax over T scores: with bounded scores the choice can win only a fixed
                    multiple of what each distraction gets, so its share, and the gradient it receives, fall like 1/T.
                    <strong> Sparse top-k</strong> (Sparse Attentive Backtracking) keeps the k best-scoring events and
                    sends gradient only to them: once the choice is among them its share no longer depends on T, and a
                    step costs O(T) with no T × T matrix. To stay among them it needs a margin, not a bound: its scores
                    range ±3 (soft’s ±1.5), decay towards 0 unless the grade’s error holds them up, and score the kind
                    of event (a choice) rather than which choice. While training it picks its k events with Gumbel
                    noise, so the raster lights the choice in about one semester in four.
                  </p>
                </div>
                <div className="explain">
                  <h3>Structure and intermediate signals</h3>
                  <p>
                    <strong>The abstract model</strong> does not replay the semester at all: “what I decided → how
                    prepared I am → grade” is two steps, and backprop through two steps is easy. Choosing that compressed
                    model is the prior that localises credit. <strong>Quizzes</strong> give the same RNN a graded
                    prediction every T/(m + 1) events; the nearest one is close enough to the choice for the gradient to
                    survive, so more quizzes means fewer semesters before the student learns to study.
                    <strong> The critic</strong> learns a value for each situation; the jump in value right after the choice
                    (its TD error) is an immediate reward for it, learned from the delayed grade. Actor-critic methods
                    backprop through exactly this kind of learned proxy.
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

function lastFinite(values: Float32Array, Ts: Float32Array | undefined): { v: number; T: number } | null {
  if (!Ts) return null;
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return { v: values[i]!, T: Ts[i]! };
  return null;
}

/** Least-squares power law over points with x ≥ from; null with fewer than two. */
function fitFrom(x: number[], y: number[], from: number): LogLogSeries['fit'] {
  const idx = x.map((_, i) => i).filter((i) => x[i]! >= from && y[i]! > 0);
  if (idx.length < 2) return null;
  const X = idx.map((i) => Math.log(x[i]!));
  const Y = idx.map((i) => Math.log(y[i]!));
  const mx = X.reduce((a, b) => a + b, 0) / X.length;
  const my = Y.reduce((a, b) => a + b, 0) / Y.length;
  let sxy = 0;
  let sxx = 0;
  X.forEach((v, i) => {
    sxy += (v - mx) * (Y[i]! - my);
    sxx += (v - mx) ** 2;
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, from: x[idx[0]!]!, to: x[idx[idx.length - 1]!]! };
}
