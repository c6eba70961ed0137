/**
 * The memory panel's figures, drawn from one frame: the schedule as a timeline with a playhead (the
 * hero), the gradient reaching each step, every strategy against the memory/recompute frontier, and
 * the measured counts beside the formulas.
 */
import { LineChart } from '../../charts/LineChart';
import { ReplayTimeline } from '../../charts/ReplayTimeline';
import { CostFrontier, type StrategyMark } from '../../charts/CostFrontier';
import { palette } from '../../charts/palette';
import type { BpttMemoryFrame } from '../../core/experiments/bptt-memory.schema';
import { fmt, fmtInt } from '../../app/format';
import type { FigureMap } from '../common/PanelShell';
import { CostTable } from './CostTable';

export interface MemoryView {
  step: number;
  marks: StrategyMark[];
  front: { states: Float64Array; forward: Float64Array } | null;
  tAxis: Float32Array;
  /** Settings sent but not yet in the frame (the worker applies them after the step in progress). */
  pending: boolean;
  reducedMotion: boolean;
  paused: boolean;
  togglePause: () => void;
}

/**
 * The height to give ReplayTimeline's main plot so the whole figure fits the box: below the plot it
 * draws the kept-states strip and its axis (114 px with the margins), a readout line and a legend of
 * four or five entries that wraps on narrow boxes.
 */
function timelineHeight(box: { width: number; height: number }, pending: boolean): number {
  const width = Math.max(200, box.width);
  // The readout ("Operation 578 of 1,278: recompute …") wraps under about 540 px; the legend under 1,150.
  const readout = 20 * Math.ceil(540 / width) + 10;
  const legend = 24 * Math.ceil(1150 / width) + 8;
  return Math.max(120, box.height - 114 - readout - legend - (pending ? 28 : 0));
}

function timelineCaption(data: BpttMemoryFrame, view: MemoryView) {
  const sched = data.schedule;
  if (!sched) return undefined;
  return (
    <>
      {view.reducedMotion && 'The playhead is off because your system asks for reduced motion; the whole schedule is drawn at once. '}
      {sched.thinned === 'restore-free'
        ? `Drawn without the reloads and drops of checkpoints (${fmtInt(sched.total - sched.kind.length)} of ${fmtInt(sched.total)} operations); every step computed, every checkpoint and every backward step is shown.`
        : sched.thinned === 'stride'
          ? `Drawn from one operation in ${sched.stride} of ${fmtInt(sched.total)}.`
          : `All ${fmtInt(sched.total)} operations drawn.`}{' '}
      {!view.reducedMotion && (
        <button type="button" className="small" onClick={view.togglePause} aria-pressed={view.paused}>
          {view.paused ? '▶ Play the playhead' : '❚❚ Pause the playhead'}
        </button>
      )}
    </>
  );
}

export function memoryFigures(data: BpttMemoryFrame, view: MemoryView): FigureMap<'bptt-memory'> {
  const { T, schedule: sched, measured: m } = data;
  const norms = data.gradNorm;
  return {
    timeline: {
      title: `Schedule of ${data.strategyLabel}, T = ${fmtInt(T)}`,
      render: (box) => (
        <>
          {view.pending && (
            <p className="hint" role="status">
              Applying the new settings after the training step in progress…
            </p>
          )}
          {sched ? (
            <ReplayTimeline
              schedule={sched}
              T={T}
              cost={sched.cost}
              width={box.width}
              height={timelineHeight(box, view.pending)}
              animate={!view.reducedMotion && !view.paused}
              description={
                `Timeline of ${data.strategyLabel} at T = ${T}: ${fmtInt(sched.total)} operations, ` +
                `${fmtInt(m?.forwardSteps ?? 0)} forward steps and ${fmtInt(m?.backwardSteps ?? T)} backward steps from step ${T} down to 1, ` +
                `at most ${fmtInt(m?.peakStates ?? 0)} checkpoints held at once.`
              }
            />
          ) : (
            <p className="refused-figure">
              Nothing to replay: the {data.strategyLabel} schedule does not fit a budget of {fmtInt(data.budget)} stored states
              at T = {fmtInt(T)}. The memory-against-recomputation chart (under More) shows where it would sit.
            </p>
          )}
        </>
      ),
      caption: timelineCaption(data, view),
    },
    gradient: {
      title: 'Gradient reaching each step',
      render: (box) =>
        norms.length > 0 ? (
          <LineChart
            width={box.width}
            height={box.height}
            xLabel="time step t"
            yLabel="‖∂L/∂hₜ‖"
            logY
            description={`Norm of the loss gradient with respect to each hidden state, t = 1 to ${norms.length}, after ${view.step} steps: ${fmt(norms[norms.length - 1])} at step ${norms.length}, ${fmt(norms[0])} at step 1.`}
            series={[{ name: `‖∂L/∂hₜ‖, batch of ${data.batch}, copy delay ${data.delay}`, color: palette.vermillion, x: view.tAxis, y: norms }]}
          />
        ) : (
          <p className="refused-figure">
            {data.refused || data.trainingRefused
              ? 'No training step has run with these settings yet, so there is no gradient to show.'
              : 'Waiting for the first training step…'}
          </p>
        ),
      caption: 'Every strategy gives exactly the same gradient: the schedule changes only what is kept and what is recomputed, never the arithmetic.',
    },
    frontier: {
      title: 'Memory against recomputation',
      render: (box) =>
        view.front && (
          <CostFrontier
            frontierStates={view.front.states}
            frontierForward={view.front.forward}
            marks={view.marks}
            budget={data.budget}
            T={T}
            width={box.width}
            height={box.height}
            description={
              `Peak stored states against forward steps at T = ${T} on log axes. ` +
              view.marks.map((p) => `${p.label}: ${fmtInt(p.states)} states, ${fmtInt(p.forward)} forward steps`).join('; ') +
              '.'
            }
          />
        ),
    },
    measured: {
      title: 'Measured against the formulas',
      render: () => <CostTable data={data} />,
    },
  };
}
