import './FatalStatePanel.css';
import './PolicyPanels.css';
import { useState } from 'react';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { GridWorldMap } from '../charts/GridWorldMap';
import { LineChart } from '../charts/LineChart';
import { palette } from '../charts/palette';
import type { FatalStateFrameData } from '../core/experiments/fatal-state.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { FatalStateMore } from './fatal-state/explain';
import { chartSize } from './common/useBox';

const PLANNER = palette.blue;
const QLEARN = palette.vermillion;
type ColourBy = 'value' | 'count';

/** What a greedy path drawn from the start does, in words. */
function pathWords(path: Int32Array, cells: Uint8Array): string {
  if (path.length <= 1) return 'has no move to make yet';
  const last = path[path.length - 1]!;
  const moves = path.length - 1;
  if (cells[last] === 1) return `walks into a fatal cell after ${moves} ${moves === 1 ? 'move' : 'moves'}`;
  if (cells[last] === 2) return `reaches the goal in ${moves} moves`;
  return `does not reach the goal (it circles after ${moves} moves)`;
}

/** The shared colour scale of both grids: values (or visits) over the ground cells of both. */
function domainOf(data: FatalStateFrameData, colourBy: ColourBy): [number, number] {
  let lo = 0;
  let hi = colourBy === 'count' ? 1 : -Infinity;
  const both = colourBy === 'value' ? [data.plannerValues, data.qValues] : [data.dataVisits, data.qVisits];
  for (const arr of both)
    arr.forEach((v, c) => {
      if (data.cells[c] === 1 || data.cells[c] === 2 || !Number.isFinite(v)) return;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    });
  return colourBy === 'value' ? [lo, Number.isFinite(hi) ? hi : 0] : [0, hi];
}

/**
 * Why the planner does not reach the goal, when its data never entered the goal cell: "not yet" while
 * the safe data set is still growing, "never at this size" once it is full (some seeds' walks never
 * get there in 500 moves, seed 8 for one). Null when the goal is in the data.
 */
function goalNote(data: FatalStateFrameData): string | null {
  if (data.goalInData) return null;
  if (data.dataSize < data.dataTarget) return `The goal is not in the planner’s data yet (${fmtInt(data.dataSize)} of ${fmtInt(data.dataTarget)} moves), so it has nothing to aim for.`;
  return `The planner never falls, but it never reaches the goal either: its ${fmtInt(data.dataSize)} moves of safe data never entered the goal cell, so its model has nothing to aim for. A larger safe data set (or another seed) gives it the goal.`;
}

function figuresOf(data: FatalStateFrameData, colourBy: ColourBy, setColourBy: (c: ColourBy) => void, epsilon: number): FigureMap<'fatal-state'> {
  const domain = domainOf(data, colourBy);
  // Both maps: the same world, coloured the same way on the same scale.
  const world = { rows: data.rows, cols: data.cols, cells: data.cells, kind: colourBy, domain };
  /** Five-digit tick labels ("20,000") run into the axis title, so counts from 10,000 are drawn in thousands. */
  const fallScale = Math.max(data.qFalls, data.plannerFalls) >= 10_000 ? 1000 : 1;
  const visitsNote = colourBy === 'value' ? 'the value on its learned model' : 'how often the safe data entered them; the fatal cells were entered 0 times';
  return {
    falls: {
      title: `Falls so far, after ${fmtInt(data.episodes)} episodes each`,
      // Drawn 24 px narrower so the last x tick ("500,000"), centred on the axis end, shows whole.
      render: (box) => (
        <div className="fs-chart">
          <LineChart
            width={box.width - 24}
            height={Math.max(170, box.height - (box.width < 420 ? 56 : 32))}
            xLabel="episode"
            yLabel={fallScale === 1 ? 'falls' : 'falls (thousands)'}
            description={`Falls into a fatal cell up to each episode: Q-learning ${data.qFalls}, the planner ${data.plannerFalls}, the planner's data 0.`}
            series={[
              { name: 'Q-learning', color: QLEARN, x: data.curveEpisodes, y: data.qFallsCurve.map((f) => f / fallScale) },
              { name: 'planner', color: PLANNER, x: data.curveEpisodes, y: data.plannerFallsCurve.map((f) => f / fallScale), dashed: true },
            ]}
          />
        </div>
      ),
      caption: `The planner’s data hold ${fmtInt(data.dataFalls)} falls; acting on its plan it has fallen ${fmtInt(data.plannerFalls)} times. Q-learning has fallen ${fmtInt(data.qFalls)} times in ${fmtInt(data.qMoves)} moves.`,
    },
    planner: {
      title: `Planner on its learned model${data.told ? ' (told about falls)' : ' (not told about falls)'}`,
      render: (box) => (
        <>
          <div className="fs-toggle" role="group" aria-label="Colour the grids by">
            <span>Colour the grids by:</span>
            <button type="button" className="small" aria-pressed={colourBy === 'value'} onClick={() => setColourBy('value')}>
              value
            </button>
            <button type="button" className="small" aria-pressed={colourBy === 'count'} onClick={() => setColourBy('count')}>
              visits
            </button>
          </div>
          <GridWorldMap
            {...world}
            values={colourBy === 'value' ? data.plannerValues : data.dataVisits}
            path={data.plannerPath}
            pathColor={PLANNER}
            pathLabel="planner’s greedy path from the start"
            scaleLabel={colourBy === 'value' ? 'value V (expected discounted return)' : 'times the safe data entered a cell (log colour)'}
            width={box.width}
            description={`Planner, after ${data.episodes} episodes on ${data.dataSize} moves of safe data: its greedy path ${pathWords(data.plannerPath, data.cells)}. Cells coloured by ${visitsNote}.`}
          />
        </>
      ),
      caption: `Its greedy path ${pathWords(data.plannerPath, data.cells)}. ${data.goalInData ? 'The goal is in its data.' : (goalNote(data) ?? '')} Value iteration took ${fmtInt(data.plannerSweeps)} ${data.plannerSweeps === 1 ? 'sweep' : 'sweeps'}.`,
    },
    qlearning: {
      title: 'Q-learning (model-free, ε-greedy)',
      render: (box) => (
        <GridWorldMap
          {...world}
          values={colourBy === 'value' ? data.qValues : data.qVisits}
          path={data.qPath}
          pathColor={QLEARN}
          pathLabel="Q-learning’s greedy path from the start"
          scaleLabel={colourBy === 'value' ? 'value max Q (expected discounted return)' : 'times entered while training (log colour)'}
          width={box.width}
          description={`Q-learning, after ${data.episodes} training episodes and ${data.qFalls} falls: its greedy path ${pathWords(data.qPath, data.cells)}. Cells coloured by ${colourBy === 'value' ? 'the largest Q value' : 'how often training entered them'}.`}
        />
      ),
      caption: `Its greedy path ${pathWords(data.qPath, data.cells)}. It has fallen ${fmtInt(data.qFalls)} times in ${fmtInt(data.episodes)} episodes (${fmtInt(data.qMoves)} moves).`,
    },
    returns: {
      title: 'Return per episode',
      render: (box) => (
        <LineChart
          {...chartSize(box, 180)}
          xLabel="episode"
          yLabel="return"
          description={`Return of every recorded episode of the ${data.curveEpisodes.length} kept: Q-learning while training with ε = ${fmt(epsilon)}, and the planner acting greedily on its plan.`}
          series={[
            { name: 'Q-learning (training, ε-greedy)', color: QLEARN, x: data.curveEpisodes, y: data.qReturn },
            { name: 'planner (greedy on its model)', color: PLANNER, x: data.curveEpisodes, y: data.plannerReturn },
          ]}
        />
      ),
      caption: 'Return: the sum of an episode’s rewards (−1 a move, minus the penalty for a fall).',
    },
  };
}

/** The falls chart's answer in words, and the goal warning when the planner has nothing to aim for. */
function Verdict({ data }: { data: FatalStateFrameData }) {
  const note = goalNote(data);
  const plannerGoes = data.evalPlannerGoals > 0;
  return (
    <>
      <p className="fs-verdict" data-testid="fatal-verdict">
        Falls while learning: Q-learning {fmtInt(data.qFalls)}, the planner {fmtInt(data.plannerFalls)} (its data {fmtInt(data.dataFalls)}).{' '}
        {data.plannerFalls === 0 && data.qFalls > 0
          ? 'The planner avoids an edge it has never fallen off.'
          : data.plannerFalls > 0 && !data.told
            ? 'Not told what a fall means, the planner walks off the edge.'
            : ''}
      </p>
      {note && !plannerGoes && (
        <p className="fs-verdict fs-warn" role="status" data-testid="fatal-goal-note">
          {note}
        </p>
      )}
    </>
  );
}

/**
 * Panel for "never experienced": a planner on a model learned from safe data against Q-learning, in a
 * grid world with a cliff. The fall counts (the hero), both grids, the return curves, the learned
 * move model and a 100-episode greedy check.
 */
export function FatalStatePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('fatal-state');
  const [colourBy, setColourBy] = useState<ColourBy>('value');
  const data = snapshot?.data ?? null;
  return (
    <PanelShell
      id="fatal-state"
      title="Never experienced: avoiding a fall you have never taken"
      claim="Two learners, the same grid world, the same seed: a planner whose data hold no fall, told what entering a cross-hatched cell does, and Q-learning, which knows only what has happened to it. Every move costs 1; a fall ends the episode with the penalty."
      hidden={hidden}
      stepUnit="episode"
      figures={data ? figuresOf(data, colourBy, setColourBy, Number(params.epsilon)) : null}
      verdict={data && <Verdict data={data} />}
      more={data && <FatalStateMore data={data} />}
    />
  );
}
