/**
 * The training race, two figures: θ₁ (or μ) over steps, with the one legend both charts share and the
 * racers that stopped; and the expected cost (its excess over the optimum, on a log axis, for the
 * binary problems).
 */
import { fmt } from '../../app/format';
import { LineChart, type Series } from '../../charts/LineChart';
import type { GradientVarianceFrame } from '../../core/experiments/gradient-variance.schema';
import type { Box } from '../common/PanelShell';
import { FamilyLegend } from './FamilyLegend';
import { LOOK } from './look';

interface RaceProps {
  data: GradientVarianceFrame;
  step: number;
  box: Box;
  /** The target t of the binary problems. */
  target: number;
}

const racersOf = (data: GradientVarianceFrame) => data.estimators.flatMap((e) => (e.race ? [{ ...e, race: e.race }] : []));
const last = (a: Float32Array) => (a.length > 0 ? a[a.length - 1]! : NaN);

/** Binary problems: the lowest reachable E[f] is N·min(t², (1 − t)²); the excess over it is plotted when t ≠ 0.5. */
function floorOf(data: GradientVarianceFrame, target: number) {
  const gaussian = data.problem === 'gaussian';
  return { floor: gaussian ? 0 : data.units * Math.min(target * target, (1 - target) * (1 - target)), excess: !gaussian && Math.abs(target - 0.5) > 1e-9 };
}

export function raceCostTitle(data: GradientVarianceFrame, target: number): string {
  return `Race: ${floorOf(data, target).excess ? 'excess expected cost' : 'expected cost E[f]'}`;
}

export function RaceWatched({ data, step, box }: RaceProps) {
  const gaussian = data.problem === 'gaussian';
  const racers = racersOf(data);
  const stopped = racers.filter((e) => e.race.status !== 'running');
  const lastWatched = racers.map((e) => `${e.label} ${fmt(last(e.race.history.watched))}`).join(', ');
  return (
    <>
      <LineChart
        width={box.width}
        height={box.height}
        xLabel="step"
        yLabel={gaussian ? 'μ' : 'θ₁ = σ(φ₁)'}
        legend={false}
        description={`${gaussian ? 'μ' : 'θ of unit 1'} for each estimator over ${step} Adam steps from the same start and seed; now ${lastWatched}.`}
        series={racers.map((e) => ({ name: e.label, color: LOOK[e.key].color, dash: LOOK[e.key].dash, x: e.race.history.steps, y: e.race.history.watched }))}
      />
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

export function RaceCost({ data, step, box, target }: RaceProps) {
  const { floor, excess } = floorOf(data, target);
  // The curves differ by tiny amounts next to the constant part, most of all at t = 0.499: hence the excess.
  const series: Series[] = racersOf(data).map((e) => {
    const h = e.race.history;
    return { name: e.label, color: LOOK[e.key].color, dash: LOOK[e.key].dash, x: h.steps, y: excess ? h.loss.map((v) => v - floor) : h.loss };
  });
  return (
    <LineChart
      width={box.width}
      height={box.height}
      xLabel="step"
      yLabel={excess ? 'E[f] − min E[f]' : 'E[f] (exact)'}
      logY={excess}
      legend={false}
      description={
        excess
          ? `The exact expected cost at each racer's parameters minus its minimum ${fmt(floor)}, over ${step} steps (log scale).`
          : `The exact expected cost at each racer's parameters over ${step} steps.`
      }
      series={series}
    />
  );
}
