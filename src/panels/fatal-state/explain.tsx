import type { FatalStateFrameData } from '../../core/experiments/fatal-state.schema';
import { fmtInt } from '../../app/format';

const DIRS = ['up', 'right', 'down', 'left'];

/** The readouts, the 100-episode check and the two explanations, behind "More". */
export function FatalStateMore({ data }: { data: FatalStateFrameData }) {
  return (
    <>
      <dl className="readouts" aria-live="off">
        <div><dt>episodes (each learner)</dt><dd data-testid="fatal-episodes">{fmtInt(data.episodes)}</dd></div>
        <div><dt>Q-learning falls while training</dt><dd data-testid="fatal-q-falls">{fmtInt(data.qFalls)}</dd></div>
        <div><dt>falls in the planner’s data</dt><dd data-testid="fatal-data-falls">{fmtInt(data.dataFalls)}</dd></div>
        <div><dt>planner falls acting on its plan</dt><dd data-testid="fatal-planner-falls">{fmtInt(data.plannerFalls)}</dd></div>
        <div><dt>safe data (moves)</dt><dd data-testid="fatal-data-size">{fmtInt(data.dataSize)} / {fmtInt(data.dataTarget)}</dd></div>
        <div><dt>slips the guide caught</dt><dd>{fmtInt(data.guideCaught)}</dd></div>
      </dl>
      <p className="fs-eval" data-testid="fatal-eval">
        Check, {data.evalEpisodes} greedy episodes from random start cells as both learners stand now: the planner fell{' '}
        <strong>{data.evalPlannerFalls}</strong> times and reached the goal <strong>{data.evalPlannerGoals}</strong> times;
        Q-learning fell <strong>{data.evalQFalls}</strong> times and reached the goal <strong>{data.evalQGoals}</strong> times.
      </p>
      <div className="fs-explain">
        <div className="explain">
          <h3>What the planner knows, and from where</h3>
          <p>
            <strong>Learned from its data:</strong> how a move displaces it. It assumes a move does the same thing in every
            cell, so “down moves one row down” is learned where stepping down is safe and then holds at the edge too. Its
            data come from a random walk held back by a guide: it never chooses a step into a fatal cell, and a slip that
            would carry it over is caught and left out of the data. It also learns what entering each cell gave; a cell it
            never entered is assumed to be ordinary ground.
          </p>
          <table className="fs-moves" aria-label="Learned probability of each direction for each action">
            <thead>
              <tr><th>action → moved</th>{DIRS.map((d) => <th key={d}>{d}</th>)}</tr>
            </thead>
            <tbody>
              {DIRS.map((a, i) => (
                <tr key={a}>
                  <th>{a}</th>
                  {DIRS.map((d, j) => (
                    <td key={d}>{data.dataSize === 0 ? '—' : `${Math.round(data.moveModel[i * 4 + j]! * 100)}%`}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <strong>Told, never experienced:</strong> {data.told
              ? 'the rule “entering a cross-hatched cell ends the episode with the fall penalty”. No transition in its data says so. '
              : 'nothing about falls right now. With only its data, the fatal cells look like ground it has not visited, and the shortest path goes straight across them. '}
            Value iteration then works out, on this model, what every move is worth
            {data.told
              ? `, and the plan steers around the cells the rule marks${data.slip > 0 ? ', keeping a margin where a slip could carry it over' : ''}.`
              : '; nothing in the model marks the edge, so nothing steers the plan away from it.'}
          </p>
        </div>
        <div className="explain">
          <h3>Why Q-learning has to fall</h3>
          <p>
            Q-learning keeps one number per cell and move, and changes it only after taking that move: the value of “step
            down at the edge” stays at its starting 0 until the step is taken and the penalty arrives. Its random exploration
            moves (ε) keep taking such steps even after it has learned, so falls keep adding up while it trains. A smaller ε
            means fewer falls, but Q starts at 0, above every true value here, so an untried step off the edge keeps looking
            best until it is taken: sooner or later, each edge cell it keeps visiting costs a fall.
          </p>
          <p>
            The comparison is not free: the planner’s safety rests on two assumptions that could be wrong, that moves work
            the same everywhere and that the told rule is true. Both learners are tables of 48 cells, run on plain TypeScript
            arrays in the worker, not tensors, so the choice of backend does not change this panel.
          </p>
        </div>
      </div>
    </>
  );
}
