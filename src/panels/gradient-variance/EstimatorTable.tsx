/**
 * The estimators table: per estimator, bias (or "within noise"), variance of one sample and of a
 * K-sample step, SNR of each with the source of its E[ĝ], cosine with the exact gradient, cost. The
 * numbers are running estimates over every refresh since the settings last changed.
 */
import { fmt, fmtInt } from '../../app/format';
import { BIAS_NOISE_SE, type EstimatorFrame, type GradientVarianceFrame } from '../../core/experiments/gradient-variance.schema';
import { biasCell, SNR_SOURCE, snrCell } from './cells';
import { LineSwatch } from './FamilyLegend';

const num = (v: number | null | undefined, digits = 3) => fmt(v ?? null, digits);

function reasonOf(e: EstimatorFrame): string | null {
  const s = e.stats;
  if (s === null) return 'not measured';
  if (!s.ok) return s.reason;
  if (!s.perStep.ok) return s.perStep.reason;
  if (!s.perSample.ok) return s.perSample.reason;
  return null;
}

function Row({ e }: { e: EstimatorFrame }) {
  const name = (
    <th scope="row">
      <LineSwatch k={e.key} />
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
  const reason = reasonOf(e);
  if (reason !== null || !s?.ok || !s.perStep.ok || !s.perSample.ok) {
    return (
      <tr className="gv-refused">
        {name}
        <td colSpan={7}>{reason}</td>
      </tr>
    );
  }
  const one = s.perSample.coordinates[0];
  const step = s.perStep.coordinates[0];
  if (!one || !step) return null;
  const bias = biasCell(step);
  return (
    <tr data-testid={`gv-row-${e.key}`}>
      {name}
      <td title={bias.title} className={step.biasVerdict === 'resolved' ? 'gv-bias' : undefined}>
        {bias.text}
      </td>
      <td>{num(one.variance)}</td>
      <td>{num(step.variance)}</td>
      <td>{snrCell(one)}</td>
      <td>{snrCell(step)}</td>
      <td className="gv-source">{step.variance === 0 ? '—' : SNR_SOURCE[step.snrFrom]}</td>
      <td>{num(s.perStep.sampleCosine)}</td>
      <td>{fmt(s.perStep.costPerSample)}</td>
    </tr>
  );
}

export function EstimatorTable({ data }: { data: GradientVarianceFrame }) {
  const measured = data.estimators.flatMap((e) => (e.stats?.ok ? [e.stats] : []));
  const refreshes = Math.max(0, ...measured.map((s) => s.refreshes));
  const steps = Math.max(0, ...measured.map((s) => (s.perStep.ok ? s.perStep.samples : 0)));
  return (
    <>
      <p className="hint gv-caption" data-testid="gv-table-caption">
        Running estimates over {fmtInt(refreshes)} refresh{refreshes === 1 ? '' : 'es'} ({fmtInt(steps)} K-sample steps per
        estimator, {fmtInt(data.statGroups)} more each refresh); they settle while nothing changes and start afresh when a
        setting does. Bias is the mean of the steps minus the exact value; within {BIAS_NOISE_SE} standard errors of the mean it
        reads “within noise”. SNR is |E ĝ| / standard deviation: for an unbiased estimator E ĝ is the exact gradient (its
        sample mean is mostly noise when the signal is faint), for a biased one the sample mean, where it stands clear of two
        standard errors; the “E ĝ from” column says which.
      </p>
      <div className="gv-table-wrap">
        <table className="gv-table">
          <thead>
            <tr>
              <th scope="col">Estimator</th>
              <th scope="col" title={`Mean of the K-sample steps minus the exact gradient, ± ${BIAS_NOISE_SE} standard errors.`}>
                bias
              </th>
              <th scope="col">variance, 1 sample</th>
              <th scope="col">variance, K-step</th>
              <th scope="col">SNR, 1 sample</th>
              <th scope="col">SNR, K-step</th>
              <th scope="col">E ĝ from</th>
              <th scope="col" title="Mean cosine between one K-sample step and the exact gradient (in one dimension: the fraction of steps with the right sign, mapped to −1…1).">
                cos(step, exact)
              </th>
              <th scope="col" title="Evaluations of f or ∂f/∂b per K-sample step.">
                evals / step
              </th>
            </tr>
          </thead>
          <tbody>
            {data.estimators.map((e) => (
              <Row key={e.key} e={e} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
