/**
 * The drawing surface laid over a plane in data coordinates (the decision map's overlay, or a bare
 * plane): the drawn points, and a focusable rectangle that turns clicks, drags, touches and keys into
 * "add a point here" and "erase around here". Prop-only: the panel decides what a point does.
 *
 * Pointer: with the Add tool a click (or tap) adds a point of the chosen class; with the Erase tool,
 * or holding Shift with any tool, a press and drag erases every point it passes over.
 * Keyboard (the plane is one tab stop): the arrow keys move a cross-hair (Shift: a bigger step), Enter
 * or Space applies the tool there, Delete or Backspace erases there.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ScaleLinear } from 'd3';
import { classColors } from './palette';

export type DrawTool = 'add' | 'erase';

interface DrawLayerProps {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Flat x, y, class triples. */
  points: readonly number[];
  tool: DrawTool;
  /** The class a new point gets. */
  label: 0 | 1;
  onAdd: (px: number, py: number) => void;
  /** Erase the points within `radius` (data units) of (px, py). */
  onErase: (px: number, py: number, radius: number) => void;
  /** The accessible name of the plane: what it is and how to use it. */
  planeLabel: string;
}

/** Erase radius in CSS pixels: about a fingertip's reach at the map's usual size. */
const ERASE_PX = 12;
/** Cross-hair steps for the keyboard, in data units (Shift: the larger). */
const KEY_STEP = 0.05;
const KEY_STEP_BIG = 0.25;

export function DrawLayer({ x, y, points, tool, label, onAdd, onErase, planeLabel }: DrawLayerProps) {
  const [w0, w1] = x.range() as [number, number];
  const [h1, h0] = y.range() as [number, number];
  const width = w1 - w0;
  const height = h1 - h0;
  const erasing = useRef(false);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [d0, d1] = x.domain() as [number, number];
  const radius = ERASE_PX * ((d1 - d0) / Math.max(1, width));

  const toData = (e: PointerEvent<SVGRectElement>): [number, number] => {
    const box = e.currentTarget.getBoundingClientRect();
    // The rect is drawn at the plot's scale; its box on screen may be scaled (CSS), so go by fractions.
    return [x.invert(((e.clientX - box.left) / box.width) * width + w0), y.invert(((e.clientY - box.top) / box.height) * height + h0)];
  };

  const down = (e: PointerEvent<SVGRectElement>) => {
    if (e.button !== 0) return;
    const [px, py] = toData(e);
    if (tool === 'erase' || e.shiftKey) {
      erasing.current = true;
      e.currentTarget.setPointerCapture?.(e.pointerId);
      onErase(px, py, radius);
    } else {
      onAdd(px, py);
    }
  };
  const move = (e: PointerEvent<SVGRectElement>) => {
    if (!erasing.current) return;
    const [px, py] = toData(e);
    onErase(px, py, radius);
  };
  const up = () => {
    erasing.current = false;
  };

  const key = (e: KeyboardEvent<SVGRectElement>) => {
    const step = e.shiftKey ? KEY_STEP_BIG : KEY_STEP;
    const [cx, cy] = cursor ?? [0, 0];
    const clamp = (v: number) => Math.min(d1, Math.max(d0, v));
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[e.key];
    if (m) {
      setCursor([clamp(cx + m[0]), clamp(cy + m[1])]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (tool === 'erase') onErase(cx, cy, radius);
      else onAdd(cx, cy);
      setCursor([cx, cy]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      onErase(cx, cy, radius);
    } else {
      return;
    }
    // These keys belong to the plane while it has focus (not to the page's shortcuts or scrolling).
    e.preventDefault();
    e.stopPropagation();
  };

  const marks = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const c = points[i + 2] === 1 ? 1 : 0;
    const px = x(points[i]!);
    const py = y(points[i + 1]!);
    // The same marks as the decision map's points (its legend names the classes), a little larger.
    marks.push(<circle key={i} cx={px} cy={py} r={4} fill={classColors[c]} stroke="white" strokeWidth={0.9} />);
  }
  return (
    <g className="draw-layer" data-testid="draw-layer" data-count={Math.floor(points.length / 3)}>
      {marks}
      {cursor && (
        <g className="draw-cursor" pointerEvents="none" transform={`translate(${x(cursor[0])},${y(cursor[1])})`} data-testid="draw-cursor">
          {tool === 'erase' ? (
            <circle r={ERASE_PX} fill="none" stroke="currentColor" strokeDasharray="3 2" />
          ) : (
            <>
              <path d="M-9,0H9M0,-9V9" stroke="currentColor" strokeWidth={1.5} />
              <circle r={4} fill={classColors[label]} fillOpacity={0.5} />
            </>
          )}
        </g>
      )}
      <rect
        className="draw-surface"
        x={w0}
        y={h0}
        width={width}
        height={height}
        fill="transparent"
        tabIndex={0}
        role="application"
        aria-label={planeLabel}
        data-testid="draw-surface"
        style={{ touchAction: 'none', cursor: tool === 'erase' ? 'cell' : 'crosshair' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onFocus={() => setCursor((c) => c ?? [0, 0])}
        onBlur={() => setCursor(null)}
        onKeyDown={key}
      />
    </g>
  );
}
