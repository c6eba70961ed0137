/** The mixture-density panel's secondary figures: components across x, test NLL over steps, the seed sweep. */
import { LineChart, type Series } from '../../charts/LineChart';
import { palette, textColors } from '../../charts/palette';
import { fmt } from '../../app/format';
import { LEARNER_IDS, LEARNER_NAMES, type LearnerId, type MixtureDensityFrame, type MixtureLearnerRow } from '../../core/experiments/mixture-density.schema';

export const LEARNER_COLORS: Record<LearnerId, string> = {
  single: palette.grey,
  mdn: palette.blue,
  wta: palette.vermillion,
  ewta: palette.orange,
  score: palette.purple,
  gumbel: palette.sky,
  em: palette.green,
};

/** The same hues for text (names in headings and the table): readable on the panel in either theme. */
export const LEARNER_TEXT_COLORS: Record<LearnerId, string> = {
  single: textColors.grey,
  mdn: textColors.blue,
  wta: textColors.vermillion,
  ewta: textColors.orange,
  score: textColors.purple,
  gumbel: textColors.sky,
  em: textColors.green,
};

const COMPONENT_COLORS = [palette.blue, palette.vermillion, palette.green, palette.orange, palette.purple, palette.sky, palette.yellow, palette.grey];
/** A component's mean is drawn only where it holds at least this weight. */
export const SHOWN_WEIGHT = 0.05;

interface ChartSize {
  width: number;
  height: number;
}

/** Means (drawn where the component holds ≥ 5%) and weights of one learner's components across x. */
export function ComponentCharts({ frame, row, size }: { frame: MixtureDensityFrame; row: MixtureLearnerRow; size: ChartSize }) {
  const K = row.components;
  const D = frame.D;
  const xs = frame.componentXs;
  const n = xs.length;
  if (row.weights.length !== n * K) return <p className="hint">No components to show (the learner is off or its weights are no longer finite).</p>;
  const shown = Math.min(K, 12);
  const means: Series[] = [];
  const weights: Series[] = [];
  for (let k = 0; k < shown; k++) {
    const color = COMPONENT_COLORS[k % COMPONENT_COLORS.length]!;
    const w = Float32Array.from({ length: n }, (_, i) => row.weights[i * K + k]!);
    const mx = Float32Array.from({ length: n }, (_, i) => (D === 1 ? xs[i]! : row.means[(i * K + k) * D]!));
    const my = Float32Array.from({ length: n }, (_, i) => (w[i]! >= SHOWN_WEIGHT ? row.means[(i * K + k) * D + D - 1]! : NaN));
    means.push({ name: `component ${k + 1}`, color, x: mx, y: my });
    weights.push({ name: `π${k + 1}`, color, x: xs, y: w });
  }
  if (D === 1) means.push({ name: 'true branches', color: palette.grey, x: frame.truthX, y: frame.truthY, dashed: true });
  const who = LEARNER_NAMES[row.id];
  return (
    <div className="figure-row">
      <div className="md-figure">
        <h3>{D === 1 ? 'Component means across x' : 'Component means in the plane as x goes 0 → 1'}</h3>
        <LineChart
          {...size}
          xLabel={D === 1 ? 'input x' : 'y₁'}
          yLabel={D === 1 ? 'mean μₖ(x)' : 'y₂'}
          series={means}
          description={`${who}: the means of its ${K} component(s) ${D === 1 ? 'against x' : 'traced in the plane as x goes from 0 to 1'}, drawn where a component holds at least 5% of the weight.`}
        />
      </div>
      <div className="md-figure">
        <h3>Component weights across x</h3>
        <LineChart
          {...size}
          xLabel="input x"
          yLabel="weight πₖ(x)"
          series={weights}
          description={`${who}: the weight of each of its ${K} component(s) against x; ${row.dead} component(s) never reach 1%.`}
        />
      </div>
    </div>
  );
}

/** Test NLL of every switched-on learner over steps. */
export function NllChart({ frame, size }: { frame: MixtureDensityFrame; size: ChartSize }) {
  const series: Series[] = LEARNER_IDS.map((id, i) => ({ id, i }))
    .filter(({ id }) => frame.rows.find((r) => r.id === id)?.enabled)
    .map(({ id, i }) => ({ name: LEARNER_NAMES[id], color: LEARNER_COLORS[id], x: frame.historySteps, y: frame.historyNll[i] ?? new Float32Array(0) }));
  const latest = frame.rows
    .filter((r) => r.enabled && r.testNll !== null)
    .map((r) => `${LEARNER_NAMES[r.id]} ${fmt(r.testNll)}`)
    .join(', ');
  return (
    <LineChart
      {...size}
      xLabel="step"
      yLabel="test NLL (nats per point)"
      series={series}
      description={`Held-out negative log-likelihood over ${frame.historySteps.length} recorded steps; now ${latest || 'nothing yet'}. Lower is better.`}
    />
  );
}

/** The seed sweep: how many runs of each learner collapsed and how many modes each covers. */
export function SweepTable({ frame }: { frame: MixtureDensityFrame }) {
  const done = frame.sweepDone;
  return (
    <div className="md-sweep">
      <p className="hint" data-testid="md-sweep-progress">
        {done < frame.sweepSeeds
          ? `Sweep running: ${done} of ${frame.sweepSeeds} seeds done (${frame.sweepSteps.toLocaleString('en-US')} steps each, at the current settings).`
          : `All ${frame.sweepSeeds} seeds done (${frame.sweepSteps.toLocaleString('en-US')} steps each, at the current settings).`}
      </p>
      <table className="md-table">
        <caption>Seed sweep: outcomes per learner</caption>
        <thead>
          <tr>
            <th scope="col">learner</th>
            <th scope="col">runs</th>
            <th scope="col" title="Stopped: a component’s σ fell below 0.001 while holding weight">σ collapse</th>
            <th scope="col" title="Stopped: loss or weights stopped being finite numbers">non-finite</th>
            <th scope="col" title="Ended with a component whose weight stays below 1% at every x">unused comp.</th>
            <th scope="col" title="Covered at least 90% of the (input, true answer) pairs judged">all modes</th>
            <th scope="col" title="Mean number of the three answers covered where there are three">modes of 3</th>
            <th scope="col">test NLL</th>
          </tr>
        </thead>
        <tbody>
          {frame.sweep.map((s) => (
            <tr key={s.id}>
              <th scope="row" style={{ color: LEARNER_TEXT_COLORS[s.id] }}>{LEARNER_NAMES[s.id]}</th>
              <td>{s.runs}</td>
              <td className={s.variance ? 'md-bad' : ''}>{s.variance}</td>
              <td className={s.nan ? 'md-bad' : ''}>{s.nan}</td>
              <td>{s.id === 'single' ? '—' : s.dead}</td>
              <td>{s.allModes}</td>
              <td>{s.meanModes === null ? '—' : fmt(s.meanModes, 2)}</td>
              <td>{s.meanTestNll === null ? '—' : fmt(s.meanTestNll, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
