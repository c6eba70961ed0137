/**
 * "Draw your own data" (issue 16) for the experiments whose data set is two classes in the plane: the
 * toolbar (Draw on/off, class A/B, add/erase, Clear, Add noise, Export / Import), the drawing layer's
 * callbacks, and the message for a set that cannot be trained on. A drawn set is the `drawn` parameter
 * and the data set choice 'drawn'; every edit is a `setParam` of an `effect: 'data'` parameter, so the
 * run keeps its weights (Reset is the user's, as ever).
 */
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { scaleLinear, type ScaleLinear } from 'd3';
import { useApp } from '../../store/store';
import { setParam } from '../../store/actions';
import { metaOf } from '../../core/catalog';
import { DRAWN, addDrawnPoint, eraseDrawnPoints, jitterDrawn } from '../../core/data/drawn';
import { classCounts, pointCount } from '../../params/point-set';
import type { PointsParam } from '../../params/kinds';
import { DrawLayer, type DrawTool } from '../../charts/DrawLayer';
import { classColors } from '../../charts/palette';
import { drawnToCsv, drawnToJson, parseDrawnFile } from '../../export/drawn-file';
import { downloadBlob } from '../../export/capture';
import './DrawData.css';

export interface DrawState {
  /** The plane takes clicks (the Draw button is pressed). */
  on: boolean;
  tool: DrawTool;
  label: 0 | 1;
  points: number[];
  spec: PointsParam | null;
  /** The drawn set is the data now. */
  active: boolean;
}

interface DrawControls {
  state: DrawState;
  setOn: (on: boolean) => void;
  setTool: (tool: DrawTool) => void;
  setLabel: (label: 0 | 1) => void;
}

/** The panel's drawing state: one per panel, shared by its toolbar and its plane. */
export function useDrawState(): DrawControls {
  const params = useApp((s) => s.params);
  const experimentId = useApp((s) => s.experimentId);
  const [on, setOnState] = useState(false);
  const [tool, setTool] = useState<DrawTool>('add');
  const [label, setLabel] = useState<0 | 1>(0);
  const spec = metaOf(experimentId)?.schema.drawn;
  const points = Array.isArray(params.drawn) ? (params.drawn as number[]) : [];
  const active = params.dataset === DRAWN;
  const setOn = (next: boolean) => {
    setOnState(next);
    // Drawing means training on the drawing: switch the data over (the weights stay).
    if (next && !active) void setParam('dataset', DRAWN);
  };
  return { state: { on: on && active, tool, label, points, spec: spec?.kind === 'points' ? spec : null, active }, setOn, setTool, setLabel };
}

/** The plane's drawing layer, for a chart's overlay (data-coordinate scales), while Draw is on. */
export function drawOverlay(state: DrawState, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): ReactNode {
  if (!state.on) return null;
  const points = state.points;
  return (
    <DrawLayer
      x={x}
      y={y}
      points={points}
      tool={state.tool}
      label={state.label}
      onAdd={(px, py) => {
        if (state.spec && pointCount(points) >= state.spec.maxPoints) return;
        void setParam('drawn', addDrawnPoint(points, px, py, state.label));
      }}
      onErase={(px, py, r) => {
        const left = eraseDrawnPoints(points, px, py, r);
        if (left.length !== points.length) void setParam('drawn', left);
      }}
      planeLabel={`Drawing plane, ${pointCount(points)} points. ${state.tool === 'erase' ? 'Click or drag to erase' : `Click to add a class ${state.label === 0 ? 'A' : 'B'} point; Shift-drag erases`}. Keys: arrows move the cross-hair, Enter applies the tool, Delete erases.`}
    />
  );
}

/** A bare plane to draw on, for a panel whose hero is not a map of the plane (the loss surface). */
export function DrawPlane({ state, size }: { state: DrawState; size: number }) {
  const inner = size - 16;
  const x = scaleLinear().domain([-2, 2]).range([0, inner]);
  const y = scaleLinear().domain([-2, 2]).range([inner, 0]);
  return (
    <svg className="draw-plane" width={size} height={size} viewBox={`-8 -8 ${size} ${size}`} data-testid="draw-plane" role="img" aria-label={`The drawn points on the plane [-2, 2]²: ${pointCount(state.points)}`}>
      <rect width={inner} height={inner} fill="none" stroke="currentColor" strokeOpacity={0.35} />
      <path d={`M${x(0)},0V${inner}M0,${y(0)}H${inner}`} stroke="currentColor" strokeOpacity={0.12} />
      {state.on ? drawOverlay(state, x, y) : <DrawLayerPreview state={state} x={x} y={y} />}
    </svg>
  );
}

/** The drawn points without the drawing surface (Draw is off). */
function DrawLayerPreview({ state, x, y }: { state: DrawState; x: ScaleLinear<number, number>; y: ScaleLinear<number, number> }) {
  const marks = [];
  for (let i = 0; i + 2 < state.points.length; i += 3) {
    marks.push(<circle key={i} cx={x(state.points[i]!)} cy={y(state.points[i + 1]!)} r={2.5} fill="currentColor" fillOpacity={0.4} />);
  }
  return <g>{marks}</g>;
}

/** Why the drawn set cannot be trained on, as the run said it (null when it can, or is not in use). */
export function DrawRefusal({ reason }: { reason: string | null | undefined }) {
  if (!reason) return null;
  return (
    <p className="draw-refused" role="status" data-testid="drawn-refused">
      <strong>Not training:</strong> {reason}
    </p>
  );
}

/** The toolbar: Draw, the class, the tool, Clear, Add noise, Export / Import, and what the set is. */
export function DrawToolbar({ controls, refused }: { controls: DrawControls; refused?: string | null }) {
  const { state, setOn, setTool, setLabel } = controls;
  const seed = useApp((s) => s.seed);
  const presses = useRef(0);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [message, setMessage] = useState('');
  const spec = state.spec;
  if (!spec) return null;
  const n = pointCount(state.points);
  const [a, b] = classCounts(state.points);

  const addNoise = () => {
    // Each press draws from its own seeded stream (seed, press number), so the same clicks reproduce.
    void setParam('drawn', jitterDrawn(state.points, seed, presses.current++));
    setMessage(`Moved every point by Gaussian noise (σ = 0.08), press ${presses.current}.`);
  };
  const save = (kind: 'csv' | 'json') => {
    const text = kind === 'csv' ? drawnToCsv(state.points) : drawnToJson(state.points);
    downloadBlob(new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/json' }), `gb-drawn-points-${n}.${kind}`);
    setMessage(`Saved ${n} points as ${kind.toUpperCase()}.`);
  };
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const read = parseDrawnFile(await file.text(), spec.maxPoints);
    if ('error' in read) {
      // The drawing on the plane stays as it was.
      setMessage(`Not imported: ${read.error}`);
      return;
    }
    await setParam('drawn', read.points);
    if (!state.active) await setParam('dataset', DRAWN);
    setMessage(`Imported ${pointCount(read.points)} points from ${file.name}.`);
  };

  return (
    <div className="draw-tools" role="group" aria-label="Draw your own data" data-testid="draw-tools">
      <div className="draw-row">
        <button type="button" className="small" aria-pressed={state.on} onClick={() => setOn(!state.on)} data-testid="draw-toggle">
          {state.on ? 'Done drawing' : '✎ Draw data'}
        </button>
        {state.active && (
          <span className="draw-count" data-testid="draw-count" data-count={n}>
            {n} drawn ({a} A, {b} B)
          </span>
        )}
      </div>
      {state.on && (
        <div className="draw-row">
          <span className="draw-seg" role="radiogroup" aria-label="Class of a new point">
            {([0, 1] as const).map((c) => (
              <button key={c} type="button" role="radio" aria-checked={state.tool === 'add' && state.label === c} className={`small draw-class-${c}`} onClick={() => { setLabel(c); setTool('add'); }} data-testid={`draw-class-${c === 0 ? 'a' : 'b'}`}>
                <svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={classColors[c]} /></svg> {c === 0 ? 'A (class 0)' : 'B (class 1)'}
              </button>
            ))}
            <button type="button" role="radio" aria-checked={state.tool === 'erase'} className="small" onClick={() => setTool('erase')} data-testid="draw-erase" title="Click or drag over points to erase them (Shift-drag erases with any tool)">
              Erase
            </button>
          </span>
          <button type="button" className="small" onClick={() => void setParam('drawn', [])} disabled={n === 0} data-testid="draw-clear">Clear</button>
          <button type="button" className="small" onClick={addNoise} disabled={n === 0} data-testid="draw-noise" title="Move every drawn point by a small Gaussian (σ = 0.08), from a seeded stream">
            Add noise
          </button>
        </div>
      )}
      {state.on && (
        <div className="draw-row draw-files">
          <button type="button" className="small" onClick={() => save('csv')} disabled={n === 0} data-testid="draw-export-csv">Export CSV</button>
          <button type="button" className="small" onClick={() => save('json')} disabled={n === 0} data-testid="draw-export-json">JSON</button>
          <button type="button" className="small" onClick={() => fileRef.current?.click()} data-testid="draw-import">Import…</button>
          <input ref={fileRef} type="file" accept=".csv,.json,text/csv,application/json" hidden onChange={(e) => void load(e)} data-testid="draw-import-file" />
        </div>
      )}
      {state.active && n > spec.linkMax && (
        <p className="draw-note" data-testid="draw-link-note">
          {n} points are more than a link carries ({spec.linkMax}): the link leaves them out. Export them to keep them.
        </p>
      )}
      {state.active && <DrawRefusal reason={refused} />}
      {state.on && (
        <p className="draw-note">
          Click to add; Erase (or Shift-drag) removes. No held-out split: the drawn points are the test set too, so “test”
          measures the fit to your drawing.
        </p>
      )}
      {message && <p className="draw-note" role="status">{message}</p>}
    </div>
  );
}
