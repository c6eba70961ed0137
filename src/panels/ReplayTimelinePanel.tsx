import { useMemo, useState } from 'react';
import { useApp } from '../store/store';
import { reset, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart } from '../charts/LineChart';
import { ReplayTimeline } from '../charts/ReplayTimeline';
import { CostFrontier, type StrategyMark } from '../charts/CostFrontier';
import { useWidth } from '../charts/useWidth';
import { useReducedMotion } from '../charts/useReducedMotion';
import { palette } from '../charts/palette';
import { bpttMemorySchema } from '../core/experiments/bptt-memory.schema';
import { fmt, fmtInt } from '../app/format';
import { frontier, strategyCost, type StrategyId } from './replay-costs';
import type { PanelProps } from './panel-props';

/** What the bptt-memory snapshot carries (src/core/experiments/bptt-memory.ts, snapshot()). */
interface BpttFrameData {
  T: number;
  strategy: StrategyId;
  strategyLabel: string;
  k: number | null;
  s: number | null;
  budget: number;
  batch: number;
  delay: number;
  refused: string | null;
  trainingRefused: string | null;
  schedule: {
    kind: Uint8Array;
    from: Int32Array;
    to: Int32Array;
    clock: Int32Array;
    live: Int32Array;
    total: number;
    thinned: 'none' | 'restore-free' | 'stride';
    stride: number;
    cost: number;
    computed: Int32Array;
  } | null;
  measured: { peakStates: number; forwardSteps: number; backwardSteps: number; forwardEvaluations: number; source: 'rnn' | 'dry-run' } | null;
  formula: {
    peakStates: number;
    forwardSteps: number;
    forwardEvaluations: number;
    approxStates: number;
    approxForward: number;
    optimalForwardAtSameMemory: number;
    r: number | null;
    beta: number | null;
    gruslys: number | null;
  } | null;
  gradNorm: Float32Array;
  loss: number | null;
  lossHistory: { steps: Float32Array; loss: Float32Array };
  parameterCount: number;
}

const STRATEGY_STYLE: Record<StrategyId, Pick<StrategyMark, 'color' | 'shape'>> = {
  'store-all': { color: palette.purple, shape: 'circle' },
  'every-k': { color: palette.sky, shape: 'square' },
  sqrt: { color: palette.green, shape: 'diamond' },
  revolve: { color: palette.blue, shape: 'triangle' },
};

type Seen = Record<string, { states: number; forward: number }>;

/**
 * Panel for memory in backprop through time: the schedule as a timeline with a playhead, the gradient
 * reaching each step, and every strategy placed against the optimal memory/recompute frontier.
 */
export function ReplayTimelinePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const reducedMotion = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const [seen, setSeen] = useState<Seen>({});
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'bptt-memory' ? (frame.snapshot.data as unknown as BpttFrameData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const step = frame?.snapshot.step ?? 0;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(300, Math.max(220, chartW * 0.62)));

  const strategy = (data?.strategy ?? params.strategy ?? 'sqrt') as StrategyId;
  const hideNow = useMemo(() => {
    const out = new Set(hidden);
    if (strategy !== 'every-k') out.add('k');
    if (strategy !== 'revolve') out.add('s');
    return out;
  }, [hidden, strategy]);

  const T = data?.T ?? 0;
  const k = Number(params.k ?? 16);
  const s = Number(params.s ?? 4);
  const front = useMemo(() => (T > 1 ? frontier(T) : null), [T]);

  // Measured counts per strategy at this T, k and s, remembered so a strategy keeps its filled mark.
  const seenKey = (id: StrategyId) => `${T}|${id}|${id === 'every-k' ? k : ''}|${id === 'revolve' ? s : ''}`;
  const m = data?.measured ?? null;
  if (data && m && seen[seenKey(strategy)]?.forward !== m.forwardSteps) {
    setSeen({ ...seen, [seenKey(strategy)]: { states: m.peakStates, forward: m.forwardSteps } });
  }

  const marks: StrategyMark[] = data
    ? bpttMemorySchema.strategy.options.map((id) => {
        const active = id === strategy;
        const hit = active && m ? { states: m.peakStates, forward: m.forwardSteps } : seen[seenKey(id)];
        const at = hit ?? strategyCost(id, T, k, s);
        const label = `${bpttMemorySchema.strategy.optionLabels[id]}${id === 'every-k' ? ` (k = ${Math.min(T, k)})` : id === 'revolve' ? ` (s = ${s})` : ''}`;
        return { id, label, ...at, ...STRATEGY_STYLE[id], measured: Boolean(hit), active };
      })
    : [];

  const sched = data?.schedule ?? null;
  const f = data?.formula ?? null;
  const norms = data?.gradNorm ?? new Float32Array(0);
  const tAxis = useMemo(() => Float32Array.from({ length: norms.length }, (_, i) => i + 1), [norms.length]);
  // The worker applies a change after the training step it is in; at large T that can take seconds.
  const pending =
    data !== null &&
    (['T', 'strategy', 'budget'] as const).some((key) => params[key] !== undefined && String(params[key]) !== String(data[key]));
  const same = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && a === b ? ' ✓' : '');

  return (
    <section className="panel" aria-labelledby="bptt-title" data-testid="panel-bptt-memory">
      <header className="panel-head">
        <h2 id="bptt-title">Reverse replay in backprop through time: what to keep, what to recompute</h2>
        <p>
          To send an error back through T steps of a recurrent network, each backward step needs the hidden state the
          forward pass had at that step, and the backward pass visits them in reverse: T first, step 1 last. Keeping all
          of them costs memory that grows with T. Keeping only a few checkpoints and re-running the network forward from
          the nearest one costs extra computation instead. The timeline draws the whole plan: the first forward run, the
          checkpoints it keeps, each stretch it recomputes, and the backward pass replaying time in reverse.
        </p>
      </header>
      {diverged && (
        <div className="alert alert-error" role="alert">
          <span>
            <strong>Training stopped at step {fmtInt(diverged.step)}.</strong> {diverged.reason}
          </span>
          <button type="button" onClick={() => void reset()}>
            Reset the run
          </button>
        </div>
      )}
      {data?.refused && (
        <div className="alert alert-error" role="alert" data-testid="bptt-refused">
          <span>
            <strong>No schedule for these settings.</strong> {data.refused}
          </span>
        </div>
      )}
      {data?.trainingRefused && (
        <div className="alert" role="alert" data-testid="bptt-training-refused">
          <span>
            <strong>Training paused for this schedule.</strong> {data.trainingRefused}
          </span>
        </div>
      )}
      <div className="panel-body">
        <aside className="controls" aria-label="Memory strategy settings">
          <ParamGroup schema={bpttMemorySchema} values={params} onChange={(key, v) => void setParam(key, v)} hidden={hideNow} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <p className="placeholder" role="status">
              {phase === 'failed'
                ? 'Training is not running (see the message above).'
                : phase === 'ready'
                  ? `Running the first training step through T = ${String(params.T)} steps… a long sequence can take several seconds.`
                  : 'Starting the training worker…'}
            </p>
          ) : (
            <>
              <div className="figure-block">
                <div className="figure-title-row">
                  <h3>
                    Schedule of {data.strategyLabel}, T = {fmtInt(T)}
                  </h3>
                  {sched && !reducedMotion && (
                    <button type="button" className="small" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
                      {paused ? '▶ Play the playhead' : '❚❚ Pause the playhead'}
                    </button>
                  )}
                </div>
                {pending && (
                  <p className="hint" role="status">
                    Applying the new settings after the training step in progress…
                  </p>
                )}
                {sched ? (
                  <>
                    <ReplayTimeline
                      schedule={sched}
                      T={T}
                      cost={sched.cost}
                      width={width}
                      height={Math.round(Math.min(340, Math.max(220, width * 0.32)))}
                      animate={!reducedMotion && !paused}
                      description={
                        `Timeline of ${data.strategyLabel} at T = ${T}: ${fmtInt(sched.total)} operations, ` +
                        `${fmtInt(m?.forwardSteps ?? 0)} forward steps and ${fmtInt(m?.backwardSteps ?? T)} backward steps from step ${T} down to 1, ` +
                        `at most ${fmtInt(m?.peakStates ?? 0)} checkpoints held at once.`
                      }
                    />
                    <p className="hint">
                      {reducedMotion
                        ? 'The playhead is off because your system asks for reduced motion; the whole schedule is drawn at once. '
                        : ''}
                      {sched.thinned === 'restore-free'
                        ? `Drawn without the reloads and drops of checkpoints (${fmtInt(sched.total - sched.kind.length)} of ${fmtInt(sched.total)} operations); every step computed, every checkpoint and every backward step is shown.`
                        : sched.thinned === 'stride'
                          ? `Drawn from one operation in ${sched.stride} of ${fmtInt(sched.total)}.`
                          : `All ${fmtInt(sched.total)} operations drawn.`}
                    </p>
                  </>
                ) : (
                  <p className="refused-figure">
                    Nothing to replay: the {data.strategyLabel} schedule does not fit a budget of {fmtInt(data.budget)} stored
                    states at T = {fmtInt(T)}. The chart below shows where it would sit.
                  </p>
                )}
              </div>
              <div className="figure-row">
                <div>
                  <h3>Gradient reaching each step</h3>
                  {norms.length > 0 ? (
                    <LineChart
                      width={chartW}
                      height={chartH}
                      xLabel="time step t"
                      yLabel="‖∂L/∂hₜ‖"
                      logY
                      description={`Norm of the loss gradient with respect to each hidden state, t = 1 to ${norms.length}, after ${step} steps: ${fmt(norms[norms.length - 1])} at step ${norms.length}, ${fmt(norms[0])} at step 1.`}
                      series={[{ name: `‖∂L/∂hₜ‖, batch of ${data.batch}, copy delay ${data.delay}`, color: palette.vermillion, x: tAxis, y: norms }]}
                    />
                  ) : (
                    <p className="refused-figure">
                      {data.refused || data.trainingRefused
                        ? 'No training step has run with these settings yet, so there is no gradient to show.'
                        : 'Waiting for the first training step…'}
                    </p>
                  )}
                  <p className="hint">
                    Every strategy gives exactly the same gradient: the schedule changes only what is kept and what is
                    recomputed, never the arithmetic.
                  </p>
                </div>
                <div>
                  <h3>Memory against recomputation</h3>
                  {front && (
                    <CostFrontier
                      frontierStates={front.states}
                      frontierForward={front.forward}
                      marks={marks}
                      budget={data.budget}
                      T={T}
                      width={chartW}
                      height={chartH}
                      description={
                        `Peak stored states against forward steps at T = ${T} on log axes. ` +
                        marks.map((p) => `${p.label}: ${fmtInt(p.states)} states, ${fmtInt(p.forward)} forward steps`).join('; ') +
                        '.'
                      }
                    />
                  )}
                </div>
              </div>
              <h3 className="table-title">Measured against the formulas</h3>
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
                Formula: the exact cost of this plan. Textbook: the usual estimate (about T/k + k states and one extra
                forward run for segments). Optimal: the fewest forward steps any schedule needs with the same number of stored
                states. Every backward step also re-runs its own step once, hence the last row.
              </p>
              {f && f.r !== null && (
                <p className="hint">
                  Binomial checkpointing with s = {data.s}: r = {f.r} repetitions, β(s, r) = C(s + r, s) = {fmtInt(f.beta ?? 0)} ≥ T; NUMFORW = rT − β(s + 1, r − 1).
                  Gruslys et al.&apos;s dynamic program gives C(T, s) = {fmtInt(f.gruslys ?? 0)} evaluations, the same plan counted with its T re-runs.
                </p>
              )}
              <dl className="readouts">
                <div><dt>copy-task loss</dt><dd data-testid="bptt-loss">{fmt(data.loss)}</dd></div>
                <div><dt>training steps</dt><dd>{fmtInt(step)}</dd></div>
                <div><dt>parameters</dt><dd>{fmtInt(data.parameterCount)}</dd></div>
              </dl>
              <div className="explain">
                <h3>Reading the picture</h3>
                <p>
                  <strong>Store all</strong> keeps every state: one forward run, memory of T states. <strong>Segments</strong>{' '}
                  keep only the start of each stretch of k steps, then recompute one stretch at a time just before the backward
                  pass needs it; with k near √T the memory is about 2√T states for roughly one extra forward run (Chen et al.,
                  2016). <strong>Binomial checkpointing</strong> (revolve) places s checkpoints recursively and needs the fewest
                  forward steps any schedule can with s stored states (Griewank, 1992; Griewank &amp; Walther, 2000). That
                  minimum is the frontier in the chart above; a mark above it wastes recomputation for its memory.
                </p>
                <p>
                  The backward pass itself is the same in every case: a sweep from step T back to step 1, each step consuming a
                  state in the reverse of the order it was made. The hippocampus panel shows a brain doing something that looks
                  alike: replaying a journey backwards once the reward is in.
                </p>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
