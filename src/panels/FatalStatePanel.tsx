import './FatalStatePanel.css';
import { useState } from 'react';
import { pushNotice, useApp } from '../store/store';
import { setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { GridWorldMap } from '../charts/GridWorldMap';
import { LineChart } from '../charts/LineChart';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { defaultValues } from '../params/kinds';
import { fatalStateSchema, type FatalStateFrameData } from '../core/experiments/fatal-state.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { RunStopped } from './common/RunStopped';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

type Values = Record<string, number | string | boolean | number[]>;

interface Preset {
  label: string;
  help: string;
  values: Values;
}

const DEFAULTS = defaultValues(fatalStateSchema) as Values;
/** Every preset is the defaults plus its own changes, so it always gives the same picture. */
const PRESETS: Preset[] = [
  { label: 'Cliff, planner told about falls', help: 'The defaults: a cliff edge, deterministic moves, ε = 0.1.', values: {} },
  { label: 'Planner not told', help: 'The planner has only its data, which hold no fall: it walks off the edge.', values: { told: false } },
  { label: 'Slippery ground', help: 'One move in ten goes a random way: the planner keeps a row away from the edge; Q-learning learns the same only after falls.', values: { slip: 0.1, safeData: 2000 } },
  { label: 'Little safe data', help: 'Only 20 moves of safe data: the model has not seen the goal or every move yet.', values: { safeData: 20 } },
  { label: 'Cautious Q-learning (ε = 0.01)', help: 'Fewer random moves means fewer falls, but Q-learning still falls before it knows the edge.', values: { epsilon: 0.01 } },
  { label: 'One pit', help: 'A single fatal cell on the straight line from start to goal.', values: { layout: 'pit' } },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const restarted = await applyPresetValues(fatalStateSchema, { ...DEFAULTS, ...preset.values }, current);
  if (restarted) pushNotice('info', `Preset “${preset.label}”: the world changed, so both learners started afresh.`);
}

const PLANNER = palette.blue;
const QLEARN = palette.vermillion;
const DIRS = ['up', 'right', 'down', 'left'];

/** What a greedy path drawn from the start does, in words. */
function pathWords(path: Int32Array, cells: Uint8Array): string {
  if (path.length <= 1) return 'has no move to make yet';
  const last = path[path.length - 1]!;
  const moves = path.length - 1;
  if (cells[last] === 1) return `walks into a fatal cell after ${moves} ${moves === 1 ? 'move' : 'moves'}`;
  if (cells[last] === 2) return `reaches the goal in ${moves} moves`;
  return `does not reach the goal (it circles after ${moves} moves)`;
}

/**
 * Panel for "never experienced": a planner on a model learned from safe data against Q-learning, in a
 * grid world with a cliff. Both grids, the return and fall curves, the learned move model, and a
 * 100-episode greedy check.
 */
export function FatalStatePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [colourBy, setColourBy] = useState<'value' | 'count'>('value');
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'fatal-state' ? (frame.snapshot.data as unknown as FatalStateFrameData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(260, Math.max(190, chartW * 0.55)));

  let domain: [number, number] = [0, 1];
  if (data) {
    let lo = 0;
    let hi = colourBy === 'count' ? 1 : -Infinity;
    const both = colourBy === 'value' ? [data.plannerValues, data.qValues] : [data.dataVisits, data.qVisits];
    for (const arr of both)
      arr.forEach((v, c) => {
        if (data.cells[c] === 1 || data.cells[c] === 2 || !Number.isFinite(v)) return;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      });
    domain = colourBy === 'value' ? [lo, Number.isFinite(hi) ? hi : 0] : [0, hi];
  }
  /** Counts in the millions would crowd the fall chart's axis, so large ones are drawn in thousands. */
  const fallScale = data && Math.max(data.qFalls, data.plannerFalls) >= 100_000 ? 1000 : 1;
  const scaleLabel = colourBy === 'value' ? 'value V (expected discounted return)' : 'times entered (log colour)';

  return (
    <section className="panel" aria-labelledby="fs-title" data-testid="panel-fatal-state">
      <header className="panel-head">
        <h2 id="fs-title">Never experienced: avoiding a fall you have never taken</h2>
        <p>
          Two learners, the same grid world, the same seed. First, a planner whose data hold no fall: it learned how moves
          work from a guided explorer’s data and can be told what entering a cross-hatched cell does. Second, Q-learning,
          which knows only what has happened to it. Every move costs 1; entering a cross-hatched cell ends the
          episode with the fall penalty. Watch the fall counters.
        </p>
      </header>
      {diverged && <RunStopped diverged={diverged} unit="episode" />}
      <PresetBar prefix="fs" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Grid-world settings">
          <ParamGroup schema={fatalStateSchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
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
              <div className="fs-toggle" role="group" aria-label="Colour the grids by">
                <span>Colour the grids by:</span>
                <button type="button" className="small" aria-pressed={colourBy === 'value'} onClick={() => setColourBy('value')}>
                  value
                </button>
                <button type="button" className="small" aria-pressed={colourBy === 'count'} onClick={() => setColourBy('count')}>
                  visits
                </button>
              </div>
              <div className="figure-row">
                <div>
                  <h3>Planner on its learned model{data.told ? ' (told about falls)' : ' (not told about falls)'}</h3>
                  <GridWorldMap
                    rows={data.rows}
                    cols={data.cols}
                    cells={data.cells}
                    values={colourBy === 'value' ? data.plannerValues : data.dataVisits}
                    kind={colourBy}
                    domain={domain}
                    path={data.plannerPath}
                    pathColor={PLANNER}
                    pathLabel="planner’s greedy path from the start"
                    scaleLabel={colourBy === 'value' ? scaleLabel : 'times the safe data entered a cell (log colour)'}
                    width={chartW}
                    description={`Planner, after ${data.episodes} episodes on ${data.dataSize} moves of safe data: its greedy path ${pathWords(data.plannerPath, data.cells)}. Cells coloured by ${colourBy === 'value' ? 'the value on its learned model' : 'how often the safe data entered them; the fatal cells were entered 0 times'}.`}
                  />
                  <p className="fs-caption">
                    Its greedy path {pathWords(data.plannerPath, data.cells)}.{' '}
                    {data.goalInData ? 'The goal is in its data.' : 'The goal is not in its data yet, so it has nothing to aim for.'}{' '}
                    Value iteration took {fmtInt(data.plannerSweeps)} {data.plannerSweeps === 1 ? 'sweep' : 'sweeps'}.
                  </p>
                </div>
                <div>
                  <h3>Q-learning (model-free, ε-greedy)</h3>
                  <GridWorldMap
                    rows={data.rows}
                    cols={data.cols}
                    cells={data.cells}
                    values={colourBy === 'value' ? data.qValues : data.qVisits}
                    kind={colourBy}
                    domain={domain}
                    path={data.qPath}
                    pathColor={QLEARN}
                    pathLabel="Q-learning’s greedy path from the start"
                    scaleLabel={colourBy === 'value' ? 'value max Q (expected discounted return)' : 'times entered while training (log colour)'}
                    width={chartW}
                    description={`Q-learning, after ${data.episodes} training episodes and ${data.qFalls} falls: its greedy path ${pathWords(data.qPath, data.cells)}. Cells coloured by ${colourBy === 'value' ? 'the largest Q value' : 'how often training entered them'}.`}
                  />
                  <p className="fs-caption">
                    Its greedy path {pathWords(data.qPath, data.cells)}. It has fallen {fmtInt(data.qFalls)} times in{' '}
                    {fmtInt(data.episodes)} episodes ({fmtInt(data.qMoves)} moves).
                  </p>
                </div>
              </div>
              <div className="figure-row">
                <div>
                  <h3>Return per episode</h3>
                  <LineChart
                    width={chartW}
                    height={chartH}
                    xLabel="episode"
                    yLabel="return (sum of rewards)"
                    description={`Return of every recorded episode of the ${data.curveEpisodes.length} kept: Q-learning while training with ε = ${fmt(Number(params.epsilon))}, and the planner acting greedily on its plan.`}
                    series={[
                      { name: 'Q-learning (training, ε-greedy)', color: QLEARN, x: data.curveEpisodes, y: data.qReturn },
                      { name: 'planner (greedy on its model)', color: PLANNER, x: data.curveEpisodes, y: data.plannerReturn },
                    ]}
                  />
                </div>
                <div>
                  <h3>Falls so far</h3>
                  <LineChart
                    width={chartW}
                    height={chartH}
                    xLabel="episode"
                    yLabel={fallScale === 1 ? 'falls' : 'falls (thousands)'}
                    description={`Falls into a fatal cell up to each episode: Q-learning ${data.qFalls}, the planner ${data.plannerFalls}, the planner's data 0.`}
                    series={[
                      { name: 'Q-learning', color: QLEARN, x: data.curveEpisodes, y: data.qFallsCurve.map((f) => f / fallScale) },
                      { name: 'planner', color: PLANNER, x: data.curveEpisodes, y: data.plannerFallsCurve.map((f) => f / fallScale), dashed: true },
                    ]}
                  />
                </div>
              </div>
              <div className="figure-row">
                <div className="explain">
                  <h3>What the planner knows, and from where</h3>
                  <p>
                    <strong>Learned from its data:</strong> how a move displaces it. It assumes a move does the same thing in
                    every cell, so “down moves one row down” is learned where stepping down is safe and then holds at the edge
                    too. Its data come from a random walk held back by a guide: it never chooses a step into a fatal cell, and
                    a slip that would carry it over is caught and left out of the data. It also learns what entering each cell
                    gave; a cell it never entered is assumed to be ordinary ground.
                  </p>
                  <table className="fs-moves" aria-label="Learned probability of each direction for each action">
                    <thead>
                      <tr><th>action → moved</th>{DIRS.map((d) => <th key={d}>{d}</th>)}</tr>
                    </thead>
                    <tbody>
                      {DIRS.map((a, i) => (
                        <tr key={a}>
                          <th>{a}</th>
                          {DIRS.map((d, j) => {
                            const p = data.moveModel[i * 4 + j]!;
                            return <td key={d}>{data.dataSize === 0 ? '—' : `${Math.round(p * 100)}%`}</td>;
                          })}
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
                    Q-learning keeps one number per cell and move, and changes it only after taking that move: the value of
                    “step down at the edge” stays at its starting 0 until the step is taken and the penalty arrives. Its random
                    exploration moves (ε) keep taking such steps even after it has learned, so falls keep adding up while it
                    trains. A smaller ε means fewer falls, but Q starts at 0, above every true value
                    here, so an untried step off the edge keeps looking best until it is taken: sooner or later, each edge cell it
                    keeps visiting costs a fall.
                  </p>
                  <p>
                    The comparison is not free: the planner’s safety rests on two assumptions that could be wrong, that moves
                    work the same everywhere and that the told rule is true. Both learners are tables of 48 cells, run on plain
                    TypeScript arrays in the worker, not tensors, so the choice of backend does not change this panel.
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
