import { useMemo, useState } from 'react';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import type { StrategyMark } from '../charts/CostFrontier';
import { useReducedMotion } from '../charts/useReducedMotion';
import { palette } from '../charts/palette';
import { bpttMemorySchema, type BpttMemoryFrame } from '../core/experiments/bptt-memory.schema';
import { fmt, fmtInt } from '../app/format';
import { frontier, strategyCost } from './replay-costs';
import type { PanelProps } from './panel-props';
import { PanelShell } from './common/PanelShell';
import { RunStopped } from './common/RunStopped';
import { memoryFigures } from './bptt-memory/figures';

const STRATEGY_STYLE: Record<Strategy, Pick<StrategyMark, 'color' | 'shape'>> = {
  'store-all': { color: palette.purple, shape: 'circle' },
  'every-k': { color: palette.sky, shape: 'square' },
  sqrt: { color: palette.green, shape: 'diamond' },
  revolve: { color: palette.blue, shape: 'triangle' },
};

type Strategy = BpttMemoryFrame['strategy'];
type Seen = Record<string, { states: number; forward: number }>;

/** The hero's answer in words: how much memory the plan keeps, and what it pays in recomputation. */
function verdictOf(data: BpttMemoryFrame) {
  const m = data.measured;
  if (!m) return <p>No plan: {data.strategyLabel} does not fit {fmtInt(data.budget)} stored states at T = {fmtInt(data.T)}.</p>;
  return (
    <p>
      Memory kept: {fmtInt(m.peakStates)} states of the {fmtInt(data.T)} store-all keeps. Paid for with{' '}
      {fmtInt(m.forwardSteps)} forward steps, {fmt(m.forwardSteps / data.T, 3)}× one forward run.
    </p>
  );
}

/** A schedule or training the settings rule out, and why (a role=alert the e2e suite finds by its testid). */
function Refusal({ testId, title, reason, error = false }: { testId: string; title: string; reason: string; error?: boolean }) {
  return (
    <div className={error ? 'alert alert-error' : 'alert'} role="alert" data-testid={testId}>
      <span>
        <strong>{title}</strong> {reason}
      </span>
    </div>
  );
}

function Alerts({ data, diverged }: { data: BpttMemoryFrame | null; diverged: Parameters<typeof RunStopped>[0]['diverged'] | null }) {
  return (
    <>
      {diverged && <RunStopped diverged={diverged} />}
      {data?.refused && <Refusal testId="bptt-refused" error title="No schedule for these settings." reason={data.refused} />}
      {data?.trainingRefused && <Refusal testId="bptt-training-refused" title="Training paused for this schedule." reason={data.trainingRefused} />}
    </>
  );
}

function Explanation({ data, step }: { data: BpttMemoryFrame; step: number }) {
  return (
    <>
      <dl className="readouts">
        <div><dt>copy-task loss</dt><dd data-testid="bptt-loss">{fmt(data.loss)}</dd></div>
        <div><dt>training steps</dt><dd>{fmtInt(step)}</dd></div>
        <div><dt>parameters</dt><dd>{fmtInt(data.parameterCount)}</dd></div>
      </dl>
      <div className="explain">
        <h3>Reading the picture</h3>
        <p>
          The timeline draws the whole plan: the first forward run, the checkpoints it keeps, each stretch it recomputes,
          and the backward pass replaying time in reverse. <strong>Store all</strong> keeps every state: one forward run,
          memory of T states. <strong>Segments</strong> keep only the start of each stretch of k steps, then recompute one
          stretch at a time just before the backward pass needs it; with k near √T the memory is about 2√T states for
          roughly one extra forward run (Chen et al., 2016). <strong>Binomial checkpointing</strong> (revolve) places s
          checkpoints recursively and needs the fewest forward steps any schedule can with s stored states (Griewank, 1992;
          Griewank &amp; Walther, 2000). That minimum is the frontier in the memory-against-recomputation chart; a mark above
          it wastes recomputation for its memory.
        </p>
        <p>
          The backward pass itself is the same in every case: a sweep from step T back to step 1, each step consuming a
          state in the reverse of the order it was made. The hippocampus panel shows a brain doing something that looks
          alike: replaying a journey backwards once the reward is in.
        </p>
      </div>
    </>
  );
}

/**
 * Panel for memory in backprop through time: the schedule as a timeline with a playhead (the hero),
 * the gradient reaching each step, and every strategy placed against the optimal memory/recompute frontier.
 */
export function ReplayTimelinePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('bptt-memory');
  const reducedMotion = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const [seen, setSeen] = useState<Seen>({});
  const data = snapshot?.data ?? null;
  const step = snapshot?.step ?? 0;

  const strategy = (data?.strategy ?? params.strategy ?? 'sqrt') as Strategy;
  // k and s matter only to the strategy that uses them.
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
  const norms = data?.gradNorm.length ?? 0;
  const tAxis = useMemo(() => Float32Array.from({ length: norms }, (_, i) => i + 1), [norms]);

  // Measured counts per strategy at this T, k and s, remembered so a strategy keeps its filled mark.
  const seenKey = (id: Strategy) => `${T}|${id}|${id === 'every-k' ? k : ''}|${id === 'revolve' ? s : ''}`;
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
  // The worker applies a change after the training step it is in; at large T that can take seconds.
  const pending =
    data !== null && (['T', 'strategy', 'budget'] as const).some((key) => params[key] !== undefined && String(params[key]) !== String(data[key]));

  const view = { step, marks, front, tAxis, pending, reducedMotion, paused, togglePause: () => setPaused((p) => !p) };
  return (
    <PanelShell
      id="bptt-memory"
      title="Reverse replay in backprop through time: what to keep, what to recompute"
      claim="To send an error back through T steps, each backward step needs the forward pass's state at that step, visited in reverse. Keeping all of them costs memory that grows with T; keeping a few checkpoints and re-running forward from the nearest costs computation instead."
      hidden={hideNow}
      figures={data ? memoryFigures(data, view) : null}
      verdict={data ? verdictOf(data) : undefined}
      alert={<Alerts data={data} diverged={snapshot?.diverged ?? null} />}
      more={data ? <Explanation data={data} step={step} /> : undefined}
    />
  );
}
