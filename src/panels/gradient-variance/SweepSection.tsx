/** Variance and SNR of one sample of d/dφ₁ against N, log-log, with fitted slopes; fills in as N sweeps. */
import { fmtInt } from '../../app/format';
import { LogLogChart, type LogLogSeries } from '../../charts/LogLogChart';
import type { ProblemName, SweepData, SweepFit } from '../../core/experiments/gradient-variance.schema';
import { sweepNote } from './cells';
import { FamilyLegend, LineSwatch } from './FamilyLegend';
import { LOOK } from './look';

const fmtSlope = (f: SweepFit | null) => (f === null ? '—' : f.slope.toFixed(2));

/** Where the sweep stands, in words ("Sweeping N = 1 … 1,024: measured up to N = 64, …"). */
export function sweepStatus(sweep: Extract<SweepData, { ok: true }>): string {
  const ladder = Array.from(sweep.ladder);
  const top = ladder[ladder.length - 1] ?? 1;
  const measuredTo = sweep.measured > 0 ? ladder[sweep.measured - 1]! : null;
  return sweep.nextN === null
    ? `Sweep complete: N = 1 … ${fmtInt(top)} (${ladder.length} values).`
    : `Sweeping N = 1 … ${fmtInt(top)}: ${measuredTo === null ? 'nothing measured yet' : `measured up to N = ${fmtInt(measuredTo)}`}, now N = ${fmtInt(sweep.nextN)} (${Math.round(sweep.progress * 100)} %).`;
}

/**
 * The sweep's answer beside the key controls: how the variance of REINFORCE and of the quietest other
 * estimator grow with N, and where the sweep stands (the live status the tests watch).
 */
export function SweepVerdict({ sweep }: { sweep: SweepData }) {
  if (!sweep.ok) {
    return (
      <p className="gv-sweep-status" role="status" data-testid="sweep-status" data-complete="true">
        {sweep.reason}
      </p>
    );
  }
  const sf = sweep.series.find((s) => s.key === 'sf' && s.varianceFit !== null);
  const others = sweep.series.filter((s) => s.key !== 'sf' && s.key !== 'exact' && s.varianceFit !== null);
  const quiet = others.sort((a, b) => a.varianceFit!.slope - b.varianceFit!.slope)[0];
  return (
    <div className="gv-verdict">
      <p>
        Does the noise grow with N?{' '}
        {sf || quiet ? (
          <>
            Variance of one sample ∝ N
            <sup>{fmtSlope(sf?.varianceFit ?? null)}</sup> for REINFORCE
            {quiet ? (
              <>
                , N<sup>{fmtSlope(quiet.varianceFit)}</sup> for {quiet.label}
              </>
            ) : null}
            .
          </>
        ) : (
          'Not measured yet: the slopes need three points at N ≥ 4.'
        )}
      </p>
      <p className="gv-sweep-status" role="status" data-testid="sweep-status" data-complete={sweep.nextN === null ? 'true' : 'false'}>
        {sweepStatus(sweep)}
      </p>
    </div>
  );
}

/** The N sweep's charts (stacked, each the card's width), legend and slope table. */
export function SweepSection({ sweep, problem, width, height }: { sweep: SweepData; problem: ProblemName; width: number; height: number }) {
  if (!sweep.ok) {
    return (
      <section id="gv-sweep" aria-label="Variance against the number of units N">
        <p className="hint gv-caption">{sweep.reason}</p>
      </section>
    );
  }
  const ladder = Array.from(sweep.ladder);
  const top = ladder[ladder.length - 1] ?? 1;
  const chartW = width;
  const chartH = Math.max(180, Math.round(height * 0.8));
  // Both charts share the N axis, its range and one legend (below them).
  const axes = { width: chartW, height: chartH, xLabel: 'units N (log)', xDomain: [1, Math.max(2, top)] as [number, number], legend: false };
  const seriesOf = (pick: 'variance' | 'snr'): LogLogSeries[] =>
    sweep.series.map((s) => ({
      name: s.label,
      color: LOOK[s.key].color,
      dash: LOOK[s.key].dash,
      x: pick === 'variance' ? s.n : s.snrN,
      y: pick === 'variance' ? s.variance : s.snr,
      fit: pick === 'variance' ? s.varianceFit : s.snrFit,
    }));
  const slopes = (pick: 'varianceFit' | 'snrFit') => sweep.series.map((s) => `${s.label} ${fmtSlope(s[pick])}`).join(', ');
  return (
    <section id="gv-sweep" aria-label="Variance against the number of units N">
      <p className="hint gv-caption">
        {problem === 'toy' ? 'The toy is the N = 1 case of Σ(bᵢ − t)²; here ' : 'Here '}
        each selected estimator estimates d/dφ₁ of Σ(bᵢ − t)² on N units at the same θ, t, τ and K, for N = 1, 2, 4, … {fmtInt(top)}. The true
        gradient does not depend on N; the noise from the other N − 1 units does. Slopes are least-squares fits of log y on log N
        over N ≥ {sweep.fitFrom} once three such points are in (the wide pale lines). Expect about 2 for the plain score function, 1 with the exact-mean baseline.
      </p>
      <p className="gv-sweep-status">{sweepStatus(sweep)}</p>
      <div>
        <div>
          <LogLogChart
            {...axes}
            yLabel="variance of one sample"
            series={seriesOf('variance')}
            description={`Variance of one sample of d/dφ₁ against N, log-log; fitted slopes: ${slopes('varianceFit')}.`}
          />
        </div>
        <div>
          <LogLogChart
            {...axes}
            yLabel="SNR of one sample"
            series={seriesOf('snr')}
            description={`Signal-to-noise ratio of one sample of d/dφ₁ against N, log-log; fitted slopes: ${slopes('snrFit')}.`}
          />
        </div>
      </div>
      <FamilyLegend label="Legend of the N-sweep charts" items={sweep.series} />
      <div className="gv-table-wrap">
        <table className="gv-sweep-table" data-testid="sweep-table">
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
            {sweep.series.map((s) => (
              <tr key={s.key}>
                <th scope="row">
                  <LineSwatch k={s.key} />
                  {s.label}
                </th>
                <td>{fmtSlope(s.varianceFit)}</td>
                <td>{fmtSlope(s.snrFit)}</td>
                <td>{s.n.length + s.zeroAt.length}</td>
                <td className="gv-notes">{sweepNote(s)}</td>
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
