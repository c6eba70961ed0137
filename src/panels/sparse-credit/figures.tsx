/**
 * The sparse-credit panel's three figures, drawn from one frame: the credit raster (hero of "the
 * student who did not study"), the credit share on the choice against T, and the learning curves
 * (hero of "intermediate rewards"). Each is drawn to the box the shell gives it.
 */
import type { ReactNode } from 'react';
import { LineChart, type Series } from '../../charts/LineChart';
import { LogLogChart, type LogLogSeries } from '../../charts/LogLogChart';
import { CreditRaster, type CreditRow } from '../../charts/CreditRaster';
import { palette } from '../../charts/palette';
import type { SparseCreditFrame, SparseCreditRow } from '../../core/experiments/sparse-credit.schema';
import { fmt, fmtInt } from '../../app/format';
import type { FigureMap } from '../common/PanelShell';
import { COLORS, creditPct, NAMES } from './format';

/** Shares below this are not drawn on the log-log chart (full BPTT's reach to event 1 underflows to 10⁻⁴⁰). */
const SHOWN_FLOOR = 1e-8;

export const choiceOf = (data: SparseCreditFrame) => (data.task === 'key-to-door' ? 'taking the key' : 'studying');

function lastFinite(values: Float32Array, Ts: Float32Array): { v: number; T: number } | null {
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

/**
 * Height the series legend under a chart takes at this width (it wraps, ~135 px an item), kept out of
 * the chart's height so the legend is not cut off at the bottom of the hero's box.
 */
function legendHeight(items: number, width: number): number {
  // Lecture mode's 20 px text makes a legend row about 32 px tall and an entry up to 150 px wide.
  const perRow = Math.max(1, Math.floor(width / 150));
  return Math.ceil(items / perRow) * 32 + 6;
}

/** Said instead of a figure when there is nothing to draw. */
const nothing = (text: string): ReactNode => <p className="refused-figure">{text}</p>;

export function figuresOf(data: SparseCreditFrame): FigureMap<'sparse-credit'> {
  const on = data.rows.filter((r) => r.enabled);
  const T = data.T;
  const choice = choiceOf(data);
  const blocked = data.refused
    ? 'Refused: not enough memory for these settings (see above).'
    : on.length === 0
      ? 'Every learner is switched off: tick at least one under “More”.'
      : null;
  return {
    raster: {
      title: `Where the credit for the grade goes, event by event (T = ${fmtInt(T)})`,
      // The colour legend under the raster wraps to two lines on narrow boxes.
      render: (box) => (blocked ? nothing(blocked) : <Raster data={data} on={on} width={box.width} height={box.height - (box.width < 560 ? 52 : 30)} />),
      caption: 'One row per learner, one column per bin of events (log scale, the choice at the left): the brighter, the more of the grade’s credit that event got in the learner’s latest semester. Definitions under “More”.',
    },
    share: {
      title: 'Credit on the choice as the semester grows',
      render: (box) => (blocked ? nothing(blocked) : <ShareChart data={data} on={on} width={box.width} height={box.height} />),
      caption: (
        <>
          Measured with the current weights on one fresh semester per T, the one where the student did not study and
          failed ({data.sweepDone} of {data.sweepT.length} lengths done in this pass; it is redone as the weights
          change). Thin lines: least-squares power laws (soft attention fitted from T = 32, where its bounded scores stop
          mattering; slope −1 means credit ∝ 1/T).
          {notDrawn(on).length > 0 && ` Shares below 10⁻⁸ (${notDrawn(on).join(', ')}) and exact zeros are not drawn.`}
          {on.some((r) => r.id === 'tbptt') && ` Truncated BPTT gives the choice exactly zero whenever T > k = ${data.window}.`}
          {on.some((r) => r.id === 'bptt' || r.id === 'quiz' || r.id === 'tbptt') &&
            ' The RNN rows skip lengths whose single semester would cost more than one step may spend.'}
        </>
      ),
    },
    learning: {
      title: `Learning: how often the policy chooses ${choice}`,
      render: (box) => {
        if (blocked) return nothing(blocked);
        const curves = learningSeries(on);
        if (curves.length === 0) return nothing('No episodes yet: press Train or Step.');
        return (
          <LineChart
            series={curves}
            width={box.width}
            height={Math.max(180, box.height - legendHeight(curves.length, box.width))}
            xLabel="episodes (semesters lived)"
            yLabel={box.height < 300 ? `P(${choice})` : `P(${choice}) = success rate`}
            description={`Probability of ${choice} against episodes: ${on.map((r) => `${NAMES[r.id]} ${fmt(r.p)} after ${fmtInt(r.episodes)}`).join(', ')}.`}
          />
        );
      },
      caption: `The policy’s probability of ${choice}, its expected pass rate; chance is ½. The policy keeps at least 5% of failures (p ≤ 0.95) so its model still sees what skipping costs; “learned” means p ≥ 0.9.`,
    },
  };
}

function Raster({ data, on, width, height }: { data: SparseCreditFrame; on: SparseCreditRow[]; width: number; height: number }) {
  const rows: CreditRow[] = on.map((r) => ({
    label: NAMES[r.id],
    values: r.status === 'diverged' || r.status === 'paused' ? new Float32Array(0) : r.creditBins,
    note: r.status === 'diverged' ? 'diverged (see the table)' : r.status === 'paused' ? 'paused at this size (see the table)' : r.creditBins.length === 0 ? 'no semester yet' : undefined,
  }));
  return (
    <CreditRaster
      rows={rows}
      edges={data.binEdges}
      T={data.T}
      marks={on.some((r) => r.id === 'quiz') ? { at: Array.from(data.quizTimes, (t) => t + 1), label: `ticks above: the quiz row's ${data.quizTimes.length} quizzes` } : undefined}
      width={width}
      height={height}
      description={
        `Credit per event over a semester of T = ${data.T} for ${on.length} learners, from their latest training semester. Share on the choice (event 1): ` +
        on.map((r) => `${NAMES[r.id]} ${r.status === 'training' ? creditPct(r.creditFirst) : r.status}`).join(', ') +
        '.'
      }
    />
  );
}

const notDrawn = (on: SparseCreditRow[]) => on.filter((r) => r.sweepShare.some((v) => Number.isFinite(v) && v < SHOWN_FLOOR)).map((r) => NAMES[r.id]);

function ShareChart({ data, on, width, height }: { data: SparseCreditFrame; on: SparseCreditRow[]; width: number; height: number }) {
  const series: LogLogSeries[] = on.map((r) => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < r.sweepShare.length; i++) {
      const v = r.sweepShare[i]!;
      if (Number.isFinite(v) && v >= SHOWN_FLOOR) {
        x.push(data.sweepT[i]!);
        y.push(v);
      }
    }
    return { name: NAMES[r.id], color: COLORS[r.id], x, y, fit: fitFrom(x, y, r.id === 'soft' ? 32 : 0) };
  });
  const text = on
    .map((r) => {
      const last = lastFinite(r.sweepShare, data.sweepT);
      return last ? `${NAMES[r.id]} ${creditPct(last.v)} at T = ${fmtInt(last.T)}` : `${NAMES[r.id]} not measured yet`;
    })
    .join('; ');
  return (
    <LogLogChart
      series={series}
      width={width}
      height={Math.max(180, height - legendHeight(series.length, width))}
      xLabel="semester length T (events)"
      yLabel="credit share on event 1"
      xDomain={[10, 10000]}
      description={`Share of the credit on the choice in a fresh failing semester, with each learner's current weights, at T from 10 to 10,000: ${text}.`}
    />
  );
}

function learningSeries(on: SparseCreditRow[]): Series[] {
  const curves: Series[] = on
    .filter((r) => r.curveEpisodes.length > 0)
    .map((r) => ({ name: NAMES[r.id], color: COLORS[r.id], x: r.curveEpisodes, y: r.curveP }));
  const maxEp = Math.max(1, ...on.map((r) => r.episodes));
  if (curves.length > 0) curves.push({ name: 'chance (½)', color: palette.grey, x: Float32Array.from([0, maxEp]), y: Float32Array.from([0.5, 0.5]), dashed: true });
  return curves;
}
