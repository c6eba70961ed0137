/**
 * What the sparse-credit panel keeps behind "More": how credit is measured, every learner's state in a
 * table (its test ids are the e2e spec's), and why most learners lose the choice.
 */
import type { SparseCreditFrame } from '../../core/experiments/sparse-credit.schema';
import { fmt, fmtInt } from '../../app/format';
import { choiceOf } from './figures';
import { COLORS, creditPct, NAMES, statusText } from './format';

export function LearnerTable({ data, step }: { data: SparseCreditFrame; step: number }) {
  const on = data.rows.filter((r) => r.enabled);
  const choice = choiceOf(data);
  return (
    <div className="sc-table-wrap">
      <table className="sc-table">
        <caption>
          Each learner now ({fmtInt(step)} steps of {data.batch} semesters)
        </caption>
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
              <td className="sc-state">{statusText(r)}</td>
              <td>{fmt(r.p)}</td>
              <td>{fmtInt(r.episodes)}</td>
              <td>{r.status === 'training' ? creditPct(r.creditFirst) : '—'}</td>
              <td>{r.status === 'training' ? fmt(r.loss) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CreditExplained() {
  return (
    <>
      <p className="sc-caption">
        <strong>How the raster measures credit.</strong> Credit of event t = the size of the gradient of the predicted
        return with respect to that event&apos;s representation (its embedding for the RNNs, its attention value for the
        attention learners), divided by the sum over the semester, so a row adds up to 1. For the critic it is |TD
        error| at t, normalised the same way; the abstract model has only two steps, so all of its credit sits on the
        choice. Columns are bins of events on a log scale, coloured by the mean credit per event in the bin, from the
        learner&apos;s latest training semester. The grade&apos;s loss gradient is this times 2(prediction − return),
        which the normalisation removes.
      </p>
      <div className="sc-explain-row">
        <div className="explain">
          <h3>Why most of them lose the choice</h3>
          <p>
            <strong>Full BPTT</strong> carries the grade&apos;s gradient back through every one of the T − 1 recurrent
            steps; each multiplies it by the step&apos;s Jacobian, so what arrives at event 1 shrinks roughly
            geometrically. It learns a ten-event semester in a few dozen episodes and practically never a hundred-event
            one. <strong>Truncated BPTT</strong> stops after k events: with k &lt; T nothing reaches the choice, so its
            policy never moves from ½.
          </p>
          <p>
            <strong>Soft attention</strong> lets the final step look at every event directly, no chain of Jacobians. But
            its weights are a softmax over T scores: with bounded scores the choice can win only a fixed multiple of what
            each distraction gets, so its share, and the gradient it receives, fall like 1/T.
            <strong> Sparse top-k</strong> (Sparse Attentive Backtracking) keeps the k best-scoring events and sends
            gradient only to them: once the choice is among them its share no longer depends on T, and a step costs O(T)
            with no T × T matrix. To stay among them it needs a margin, not a bound: its scores range ±3 (soft’s ±1.5),
            decay towards 0 unless the grade’s error holds them up, and score the kind of event (a choice) rather than
            which choice. While training it picks its k events with Gumbel noise, so the raster lights the choice in about
            one semester in four.
          </p>
        </div>
        <div className="explain">
          <h3>Structure and intermediate signals</h3>
          <p>
            <strong>The abstract model</strong> does not replay the semester at all: “what I decided → how prepared I am
            → grade” is two steps, and backprop through two steps is easy. Choosing that compressed model is the prior
            that localises credit. <strong>Quizzes</strong> give the same RNN a graded prediction every T/(m + 1) events;
            the nearest one is close enough to the choice for the gradient to survive, so more quizzes means fewer
            semesters before the student learns to study.
            <strong> The critic</strong> learns a value for each situation; the jump in value right after the choice (its
            TD error) is an immediate reward for it, learned from the delayed grade. Actor-critic methods backprop through
            exactly this kind of learned proxy.
          </p>
        </div>
      </div>
    </>
  );
}
