/**
 * The network as layers of units, each unit's map over the input plane drawn in its place (as TF
 * Playground does), edges coloured by the sign of their weight and as wide as its size. The maps and
 * edges go on one canvas (hundreds of lines and dozens of maps redrawn every frame would be as many
 * DOM nodes in SVG); an SVG on top holds the labels and one focusable target per hidden unit.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { layerOffsets, type NetworkFrame, type UnitRef } from '../../core/mlp/network-frame';
import { NEGATIVE, POSITIVE, unitPixels } from './colors';
import { diagramLayout, LABEL_HEIGHT, type DiagramLayout } from './layout';
import { sameUnit } from './useUnitFocus';
import { useOnScreen } from './useOnScreen';
import { TEST_BUILD } from '../../app/build-mode';

const ACTIVATION_NAMES: Record<string, string> = { relu: 'ReLU', tanh: 'tanh', linear: 'linear' };

/** Weight of the edge from unit i of row r to unit j of row r + 1 (the output row: w·₁ − w·₀, as p = σ(z₁ − z₀)). */
function edgeWeight(net: NetworkFrame, offsets: ReturnType<typeof layerOffsets>, r: number, i: number, j: number): number {
  const l = offsets[r]!;
  const w = net.weights;
  if (r === net.drawn.length) return w[l.wOffset + i * l.outputs + 1]! - w[l.wOffset + i * l.outputs]!;
  return w[l.wOffset + i * l.outputs + j]!;
}

/** Row labels: "inputs", "hidden layer 1: 16 ReLU units" (or "first 16 of 64 …"), "output". */
export function rowLabels(net: NetworkFrame): string[] {
  const act = ACTIVATION_NAMES[net.activation] ?? net.activation;
  const hidden = net.drawn.map((d, l) => {
    const size = net.sizes[l + 1]!;
    return d < size ? `layer ${l + 1}: first ${d} of ${size} ${act} units` : `layer ${l + 1}: ${size} ${act} units`;
  });
  return ['inputs x₁, x₂', ...hidden, 'output p(class 1)'];
}

/** Each diagram's atlas of maps, kept between frames (a new canvas and image each frame is garbage). */
const atlases = new WeakMap<HTMLCanvasElement, { atlas: HTMLCanvasElement; image: ImageData }>();

function atlasFor(canvas: HTMLCanvasElement, width: number, height: number): { atlas: HTMLCanvasElement; image: ImageData } {
  const kept = atlases.get(canvas);
  if (kept && kept.image.width === width && kept.image.height === height) return kept;
  const atlas = document.createElement('canvas');
  atlas.width = width;
  atlas.height = height;
  const made = { atlas, image: new ImageData(width, height) };
  atlases.set(canvas, made);
  return made;
}

/** Edge strengths are drawn in this many steps of |w| / max |w|: one path per step and sign, not one per edge. */
const LEVELS = 8;

function draw(canvas: HTMLCanvasElement, net: NetworkFrame, layout: DiagramLayout, shown: UnitRef | null): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(layout.width * dpr);
  const h = Math.round(layout.height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  // Edges, each row pair scaled to its own largest |w| (layers' weights differ in scale), gathered
  // into one path per (sign, strength step, faded): a few dozen strokes instead of hundreds.
  const paths = new Map<number, Path2D>();
  const offsets = layerOffsets(net.sizes);
  for (let r = 0; r + 1 < layout.rows.length; r++) {
    const from = layout.rows[r]!;
    const to = layout.rows[r + 1]!;
    let max = 1e-9;
    for (const a of from) for (const b of to) max = Math.max(max, Math.abs(edgeWeight(net, offsets, r, a.index, b.index)));
    for (const a of from) {
      for (const b of to) {
        const wt = edgeWeight(net, offsets, r, a.index, b.index);
        if (!Number.isFinite(wt)) continue;
        const level = Math.min(LEVELS - 1, Math.floor((Math.abs(wt) / max) * LEVELS));
        // The shown unit's own edges stay strong; the rest fade, so its inputs and outputs stand out.
        const touches = !!shown && ((shown.layer === r - 1 && shown.unit === a.index) || (shown.layer === r && shown.unit === b.index));
        const key = (wt >= 0 ? 1 : 0) + 2 * level + 2 * LEVELS * (shown && !touches ? 1 : 0);
        let path = paths.get(key);
        if (!path) paths.set(key, (path = new Path2D()));
        path.moveTo(a.x + a.size / 2, a.y + a.size);
        path.lineTo(b.x + b.size / 2, b.y);
      }
    }
  }
  for (const [key, path] of paths) {
    const positive = key % 2 === 1;
    const level = Math.floor(key / 2) % LEVELS;
    const faded = key >= 2 * LEVELS;
    const s = (level + 0.5) / LEVELS;
    ctx.globalAlpha = (0.2 + 0.7 * s) * (faded ? 0.3 : 1);
    ctx.strokeStyle = positive ? POSITIVE : NEGATIVE;
    ctx.lineWidth = 0.4 + 3.2 * s;
    ctx.stroke(path);
  }
  ctx.globalAlpha = 1;
  // Maps: every unit's 64 × 64 pixels side by side in one atlas (one upload), each then scaled
  // (smoothed) from there into its box.
  const n = net.resolution;
  const units = layout.rows.flat();
  const { atlas, image } = atlasFor(canvas, n * units.length, n);
  const one = new Uint8ClampedArray(4 * n * n);
  units.forEach((u, i) => {
    unitPixels(net, u.row, u.index, one);
    for (let r = 0; r < n; r++) image.data.set(one.subarray(4 * r * n, 4 * (r + 1) * n), 4 * (r * n * units.length + i * n));
  });
  atlas.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  units.forEach((u, i) => ctx.drawImage(atlas, i * n, 0, n, n, u.x, u.y, u.size, u.size));
}

interface NetworkDiagramProps {
  net: NetworkFrame;
  width: number;
  shown: UnitRef | null;
  pinned: UnitRef | null;
  onHover: (unit: UnitRef | null) => void;
  onPin: (unit: UnitRef) => void;
}

export function NetworkDiagram({ net, width, shown, pinned, onHover, onPin }: NetworkDiagramProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const counts = [2, ...net.drawn, 1];
  const layout = diagramLayout(counts, width);
  const onScreen = useOnScreen(canvasRef);
  // Every render while on screen (a new frame, a resize, another unit shown); none while hidden.
  useEffect(() => {
    if (!canvasRef.current || !onScreen) return;
    const start = performance.now();
    draw(canvasRef.current, net, layout, shown);
    // The bench reads what one redraw costs the main thread (test and bench builds only).
    if (TEST_BUILD) performance.measure('gb-network-draw', { start });
  });
  const labels = rowLabels(net);
  const act = ACTIVATION_NAMES[net.activation] ?? net.activation;
  // Roving focus: one hidden unit is in the tab order; arrow keys move between units and layers.
  const current = shown ?? pinned ?? { layer: 0, unit: 0 };
  const move = (e: KeyboardEvent, ref: UnitRef) => {
    const d = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPin(ref);
      return;
    }
    if (e.key === 'Escape') {
      onHover(null);
      return;
    }
    if (!d) return;
    e.preventDefault();
    const layer = Math.max(0, Math.min(net.drawn.length - 1, ref.layer + d[0]!));
    const unit = Math.max(0, Math.min(net.drawn[layer]! - 1, d[0] ? ref.unit : ref.unit + d[1]!));
    svgRef.current?.querySelector<SVGElement>(`[data-unit="${layer}-${unit}"]`)?.focus();
  };
  return (
    <div className="net-diagram" style={{ width: layout.width, height: layout.height }}>
      <canvas ref={canvasRef} aria-hidden="true" style={{ width: layout.width, height: layout.height }} />
      <svg ref={svgRef} width={layout.width} height={layout.height} aria-label={`The network, ${net.sizes.join('–')}, ${act} units`} role="group">
        {layout.rows.map((row, r) => (
          <text key={`l${r}`} x={layout.width / 2} y={layout.labelY[r]! + LABEL_HEIGHT - 4} textAnchor="middle" className="net-row-label">
            {labels[r]}
          </text>
        ))}
        {layout.rows.map((row) =>
          row.map((u) => {
            const ends = u.row === 0 || u.row === layout.rows.length - 1;
            if (ends) return <rect key={`${u.row}-${u.index}`} x={u.x} y={u.y} width={u.size} height={u.size} fill="none" stroke="currentColor" strokeOpacity={0.3} />;
            const ref = { layer: u.row - 1, unit: u.index };
            const isShown = sameUnit(shown, ref);
            return (
              <rect
                key={`${u.row}-${u.index}`}
                data-unit={`${ref.layer}-${ref.unit}`}
                data-testid="net-unit"
                className={`net-unit${isShown ? ' net-unit-shown' : ''}`}
                x={u.x - 1}
                y={u.y - 1}
                width={u.size + 2}
                height={u.size + 2}
                tabIndex={sameUnit(current, ref) ? 0 : -1}
                role="button"
                aria-pressed={sameUnit(pinned, ref)}
                aria-label={`Layer ${ref.layer + 1}, unit ${ref.unit + 1}: show its map and where it kinks`}
                onMouseEnter={() => onHover(ref)}
                onMouseLeave={() => onHover(null)}
                onFocus={() => onHover(ref)}
                onBlur={() => onHover(null)}
                onClick={() => onPin(ref)}
                onKeyDown={(e) => move(e, ref)}
              />
            );
          }),
        )}
      </svg>
    </div>
  );
}
