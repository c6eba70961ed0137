/** The training race: θ₁ (or μ) and the expected cost over steps, one legend for both charts. */
import { fmt } from '../../app/format';
import { LineChart, type Series } from '../../charts/LineChart';
import type { GradientVarianceFrame } from '../../core/experiments/gradient-variance.schema';
import { FamilyLegend } from './FamilyLegend';
import { LOOK } from './look';

interface RaceFiguresProps {
  data: GradientVarianceFrame;
  step: number;
  chartW: number;
  chartH: number;
  /** The target t of the binary problems. */
  target: number;
}

export function RaceFigures({ data, step, chartW, chartH, target }: RaceFiguresProps) {
  const gaussian = data.problem === 'gaussian';
  const racers = data.estimators.flatMap((e) => (e.race ? [{ ...e, race: e.race }] : []));
  // Binary problems: the lowest reachable E[f] is N·min(t², (1 − t)²), so plot the excess on a log axis
  // (the curves differ by tiny amounts next to the constant part, most of all at t = 0.499).
  const floor = gaussian ? 0 : data.units * Math.min(target * target, (1 - target) * (1 - target));
  const excess = !gaussian && Math.abs(target - 0.5) > 1e-9;
  const seriesOf = (pick: 'watched' | 'loss'): Series[] =>
    racers.map((e) => {
      const h = e.race.history;
      const y = pick === 'loss' && excess ? h.loss.map((v) => v - floor) : h[pick];
      return { name: e.label, color: LOOK[e.key].color, dash: LOOK[e.key].dash, x: h.steps, y };
    });
  const stopped = racers.filter((e) => e.race.status !== 'running');
  const last = (a: Float32Array) => (a.length > 0 ? a[a.length - 1]! : NaN);
  const lastWatched = racers.map((e) => `${e.label} ${fmt(last(e.race.history.watched))}`).join(', ');
  return (
    <>
      <div className="figure-row">
        <div>
          <h3>Race: {gaussian ? 'μ' : 'θ₁'} over steps</h3>
          <LineChart
            width={chartW}
            height={chartH}
            xLabel="step"
            yLabel={gaussian ? 'μ' : 'θ₁ = σ(φ₁)'}
            legend={false}
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
            legend={false}
            description={
              excess
                ? `The exact expected cost at each racer's parameters minus its minimum ${fmt(floor)}, over ${step} steps (log scale).`
                : `The exact expected cost at each racer's parameters over ${step} steps.`
            }
            series={seriesOf('loss')}
          />
        </div>
      </div>
      <FamilyLegend label="Legend of the race charts" items={racers} />
      {stopped.length > 0 && (
        <ul className="gv-stopped">
          {stopped.map((e) => (
            <li key={e.key}>
              <strong>{e.label}</strong> {e.race.status === 'refused' ? 'is not training' : 'stopped'}: {e.race.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
