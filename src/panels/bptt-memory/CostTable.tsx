/** The memory panel's "measured against the formulas" table, with what each column means. */
import type { BpttMemoryFrame } from '../../core/experiments/bptt-memory.schema';
import { fmt, fmtInt } from '../../app/format';

const same = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && a === b ? ' ✓' : '');

export function CostTable({ data }: { data: BpttMemoryFrame }) {
  const m = data.measured;
  const f = data.formula;
  const T = data.T;
  return (
    <>
      <table className="cost-table" data-testid="bptt-costs">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">measured</th>
            <th scope="col">formula</th>
            <th scope="col">textbook</th>
            <th scope="col">optimal, same memory</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">peak stored states</th>
            <td data-testid="measured-states">{m ? fmtInt(m.peakStates) : '—'}{same(m?.peakStates, f?.peakStates)}</td>
            <td data-testid="formula-states">{f ? fmtInt(f.peakStates) : '—'}</td>
            <td>{f ? `≈ ${Number.isInteger(f.approxStates) ? fmtInt(f.approxStates) : fmt(f.approxStates, 4)}` : '—'}</td>
            <td>{f ? 'same' : '—'}</td>
          </tr>
          <tr>
            <th scope="row">forward steps</th>
            <td data-testid="measured-forward">{m ? fmtInt(m.forwardSteps) : '—'}{same(m?.forwardSteps, f?.forwardSteps)}</td>
            <td data-testid="formula-forward">{f ? fmtInt(f.forwardSteps) : '—'}</td>
            <td>{f ? `≈ ${fmtInt(f.approxForward)}` : '—'}</td>
            <td>{f ? fmtInt(f.optimalForwardAtSameMemory) : '—'}</td>
          </tr>
          <tr>
            <th scope="row">with the T re-runs</th>
            <td>{m ? fmtInt(m.forwardEvaluations) : '—'}{same(m?.forwardEvaluations, f?.forwardEvaluations)}</td>
            <td>{f ? fmtInt(f.forwardEvaluations) : '—'}</td>
            <td>—</td>
            <td>{f ? fmtInt(f.optimalForwardAtSameMemory + T) : '—'}</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">
        {m
          ? m.source === 'rnn'
            ? 'Measured: counted while the last training step ran the schedule on the network. '
            : 'Measured: counted by walking the schedule without the network (no training step has run it yet). '
          : 'Nothing measured: no schedule runs with these settings. '}
        Formula: the exact cost of this plan. Textbook: the usual estimate (about T/k + k states and one extra forward run
        for segments). Optimal: the fewest forward steps any schedule needs with the same number of stored states. Every
        backward step also re-runs its own step once, hence the last row.
      </p>
      {f && f.r !== null && (
        <p className="hint">
          Binomial checkpointing with s = {data.s}: r = {f.r} repetitions, β(s, r) = C(s + r, s) = {fmtInt(f.beta ?? 0)} ≥ T; NUMFORW = rT − β(s + 1, r − 1).
          Gruslys et al.&apos;s dynamic program gives C(T, s) = {fmtInt(f.gruslys ?? 0)} evaluations, the same plan counted with its T re-runs.
        </p>
      )}
    </>
  );
}
