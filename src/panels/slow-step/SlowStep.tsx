/**
 * "A step in slow motion" on the network figure (issue 16): the controls (start, speed, pause, next,
 * skip, close) and the replay itself — the network diagram with its edges showing the weights, then
 * the gradient layer by layer, then the new weights, each row's units lit in turn with their numbers.
 * The step was taken in full by the worker; this plays back the trace it returned.
 */
import './slow-step.css';
import type { NetworkFrame } from '../../core/mlp/network-frame';
import { STEP_PHASES } from '../../core/mlp/step-trace-frame';
import { useReducedMotion } from '../../charts/useReducedMotion';
import {
  closeSlowStep,
  nextBeat,
  pauseSlowStep,
  previousBeat,
  resumeSlowStep,
  setSlowSpeed,
  skipToEnd,
  SLOW_SPEEDS,
  startSlowStep,
  useSlowStep,
} from '../../store/slow-step-actions';
import { NetworkDiagram } from '../network/NetworkDiagram';
import { diagramLayout } from '../network/layout';
import { NEGATIVE, POSITIVE } from '../network/colors';
import { beatWords, edgeValues, unitValue, valueKind } from './beat-words';

const PHASE_NAMES = { forward: 'forward', loss: 'loss', backward: 'backward', update: 'update' } as const;

/** Short number for a unit's label: two significant digits, a real minus sign. */
function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 100 || a < 0.01 ? a.toExponential(0) : String(Number(a.toPrecision(2))).replace(/^0\./, '.');
  return (v < 0 ? '−' : '') + s;
}

/** Σ|v| of the values the edges show, for the tests (which weights are on screen). */
function edgeSum(v: Float32Array): string {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += Math.abs(v[k]!);
  return s.toPrecision(9);
}

/** The start button and, while a step is shown, its transport. `onStart` runs first (open and scroll to the figure). */
export function SlowStepControls({ onStart }: { onStart?: () => void }) {
  const reduced = useReducedMotion();
  const { status, speed, beat, beats, message } = useSlowStep((s) => s);
  const active = status !== 'idle';
  const current = beats[beat];
  return (
    <div className="slow-step-bar" data-testid="slow-step" data-status={status} data-phase={active && current ? current.phase : undefined}>
      <div className="button-row">
        <button
          type="button"
          className="small"
          data-testid="slow-step-start"
          disabled={status === 'taking'}
          onClick={() => {
            onStart?.();
            void startSlowStep(!reduced);
          }}
          title="Take the next training step and play it back: forward pass, loss, backward pass, update (pauses training)"
        >
          {active ? 'Next step in slow motion' : 'Step in slow motion'}
        </button>
        {!reduced && (
          <label className="slow-step-speed">
            speed{' '}
            <select value={speed} onChange={(e) => setSlowSpeed(Number(e.target.value))} data-testid="slow-step-speed">
              {SLOW_SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
        )}
        {active && status !== 'taking' && (
          <>
            {!reduced && status === 'playing' && (
              <button type="button" className="small" onClick={pauseSlowStep}>Pause</button>
            )}
            {!reduced && status === 'paused' && (
              <button type="button" className="small" onClick={resumeSlowStep}>Play</button>
            )}
            {(reduced || status !== 'playing') && (
              <>
                <button type="button" className="small" onClick={previousBeat} disabled={beat === 0}>Back</button>
                <button type="button" className="small" data-testid="slow-step-next" onClick={nextBeat} disabled={status === 'done'}>Next</button>
              </>
            )}
            <button type="button" className="small" data-testid="slow-step-skip" onClick={skipToEnd} disabled={status === 'done'}>Skip to end</button>
            <button type="button" className="small" onClick={closeSlowStep}>Close</button>
          </>
        )}
      </div>
      {active && current && (
        <ol className="slow-step-phases" aria-label="Phases of the step">
          {STEP_PHASES.map((p) => (
            <li key={p} aria-current={p === current.phase ? 'step' : undefined} className={p === current.phase ? 'now' : ''}>
              {PHASE_NAMES[p]}
            </li>
          ))}
        </ol>
      )}
      {message && <p className="hint" role="status">{message}</p>}
    </div>
  );
}

/** The replay on the diagram; null when no step is being shown (the panel then draws the live figure). */
export function SlowStepView({ live, width }: { live: NetworkFrame | null; width: number }) {
  const { trace, beat, beats, net: before, status } = useSlowStep((s) => s);
  const current = beats[beat];
  // Maps: the network as it was when the step began, the live one (after it) once the update is shown.
  const base = current?.phase === 'update' ? (live ?? before) : (before ?? live);
  if (status === 'idle' || status === 'taking' || !trace || !current || !base) return null;
  if (!trace.finite) {
    return <p className="alert alert-error" role="alert">This step's loss or new weights are not finite: the run diverged here. Lower the learning rate, then roll back or reset.</p>;
  }
  const shown = { ...base, weights: edgeValues(trace, current) };
  const w = Math.max(220, Math.floor(width));
  const counts = [2, ...base.drawn, 1];
  const layout = diagramLayout(counts, w);
  const numbers = layout.size >= 18;
  const backward = current.phase === 'backward';
  return (
    <figure className="chart net-figure slow-step-figure" style={{ width: w }} data-testid="slow-step-figure" data-phase={current.phase} data-row={current.row} data-step={trace.step} data-edge-sum={edgeSum(shown.weights)}>
      {/* 12 px under the diagram for the output row's number. */}
      <div className="slow-step-stage" style={{ width: layout.width, height: layout.height + 12 }}>
        {/* Inert: its units do nothing during the replay; the words below carry what it shows. */}
        <div inert>
          <NetworkDiagram net={shown} width={w} shown={null} pinned={null} onHover={() => undefined} onPin={() => undefined} />
        </div>
        <svg className="slow-step-overlay" width={layout.width} height={layout.height + 12} aria-hidden="true">
          {layout.rows.map((row, r) => {
            // Scale each row's colour to its own largest |value|: deltas differ by orders of magnitude between layers.
            const values = row.map((u) => unitValue(trace, current, r, u.index));
            const max = Math.max(1e-12, ...values.map((v) => (v === null ? 0 : Math.abs(v))));
            const lit = current.phase === 'forward' ? r === current.row : backward ? r === current.row : current.phase === 'loss' ? r === layout.rows.length - 1 : r > 0;
            return row.map((u, i) => {
              const v = values[i] ?? null;
              return (
                <g key={`${r}-${u.index}`}>
                  {backward && v !== null && (
                    <rect x={u.x} y={u.y} width={u.size} height={u.size} fill={v >= 0 ? POSITIVE : NEGATIVE} fillOpacity={0.15 + 0.6 * (Math.abs(v) / max)} />
                  )}
                  {v === null && current.phase === 'forward' && <rect x={u.x} y={u.y} width={u.size} height={u.size} className="slow-step-dim" />}
                  {lit && <rect x={u.x - 2} y={u.y - 2} width={u.size + 4} height={u.size + 4} className="slow-step-lit" />}
                  {numbers && v !== null && (
                    <text x={u.x + u.size / 2} y={u.y + u.size + 10} textAnchor="middle" className="slow-step-num" data-testid="slow-step-num">
                      {short(v)}
                    </text>
                  )}
                </g>
              );
            });
          })}
        </svg>
      </div>
      <p className="slow-step-words" aria-live="polite" data-testid="slow-step-words">
        <strong>{PHASE_NAMES[current.phase]}</strong> · {beatWords(trace, current)}
      </p>
      <figcaption className="legend">
        <span>{valueKind(current)}</span>
        <span>teal: positive · brown: negative</span>
        {current.phase === 'loss' && <span className="slow-step-loss" data-testid="slow-step-loss">loss {trace.loss.toPrecision(4)}</span>}
      </figcaption>
    </figure>
  );
}
