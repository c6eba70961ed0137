import { useEffect, useMemo, useRef, useState } from 'react';
import { interpolateViridis } from 'd3';
import { fitCanvas, shownRange } from './raster';

interface SurfaceMeshProps {
  /** Loss on a res × res grid, row-major, row 0 at β = +span, column 0 at α = −span. All finite. */
  values: Float32Array;
  resolution: number;
  span: number;
  /** Height (and colour) by log₁₀(loss) instead of loss. */
  logColor: boolean;
  axisA: string;
  axisB: string;
  /** Width of the canvas in CSS pixels (height is 3/4 of it). */
  size: number;
  description: string;
}

const fmtLoss = (v: number) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(3));

/**
 * The same plane as SurfaceMap drawn as a 3-D mesh on a canvas: one quad per grid cell, coloured by
 * height, painted back to front. Drag (or use the arrow keys) to turn it.
 */
export function SurfaceMesh({ values, resolution: res, span, logColor, axisA, axisB, size, description }: SurfaceMeshProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [view, setView] = useState({ yaw: -0.6, pitch: 0.55 });
  const drag = useRef<{ x: number; y: number; yaw: number; pitch: number } | null>(null);
  const width = Math.max(200, size);
  const height = Math.round(width * 0.75);

  const { shown, lo, hi } = useMemo(() => shownRange(values, logColor), [values, logColor]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || shown.length !== res * res) return;
    fitCanvas(canvas, ctx, width, height);
    const { yaw, pitch } = view;
    const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
    // The turned unit box spans at most ±√2 across and ±1.6 up and down: keep all of it in view.
    const scale = Math.min(width / 3.3, height / 3.4);
    // Grid point (q, r) → unit cube coordinates (u along α, v along β, w up), then turn and project.
    const project = (u: number, v: number, w: number) => {
      const x1 = u * cy - v * sy;
      const y1 = u * sy + v * cy;
      return { px: width / 2 + scale * x1, py: height / 2 - scale * (w * cp - y1 * sp), depth: y1 * cp + w * sp };
    };
    const coord = (i: number) => (res === 1 ? 0 : -1 + (2 * i) / (res - 1));
    const heightOf = (k: number) => ((shown[k]! - lo) / (hi - lo)) * 1.1 - 0.55;
    const pts = new Array<{ px: number; py: number; depth: number }>(res * res);
    for (let r = 0; r < res; r++) for (let q = 0; q < res; q++) pts[r * res + q] = project(coord(q), -coord(r), heightOf(r * res + q));
    const cells: { k: number; depth: number }[] = [];
    for (let r = 0; r + 1 < res; r++) {
      for (let q = 0; q + 1 < res; q++) {
        const k = r * res + q;
        cells.push({ k, depth: (pts[k]!.depth + pts[k + 1]!.depth + pts[k + res]!.depth + pts[k + res + 1]!.depth) / 4 });
      }
    }
    // Farthest first: larger depth is towards the viewer here.
    cells.sort((a, b) => a.depth - b.depth);
    ctx.lineWidth = 0.5;
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    for (const { k } of cells) {
      const corners = [pts[k]!, pts[k + 1]!, pts[k + res + 1]!, pts[k + res]!];
      const mean = (shown[k]! + shown[k + 1]! + shown[k + res]! + shown[k + res + 1]!) / 4;
      ctx.beginPath();
      ctx.moveTo(corners[0]!.px, corners[0]!.py);
      for (let i = 1; i < 4; i++) ctx.lineTo(corners[i]!.px, corners[i]!.py);
      ctx.closePath();
      ctx.fillStyle = interpolateViridis((mean - lo) / (hi - lo));
      ctx.fill();
      if (res <= 51) ctx.stroke();
    }
    // The current weights: the grid's centre.
    const mid = Math.floor(res / 2);
    if (res % 2 === 1) {
      const c = pts[mid * res + mid]!;
      ctx.fillStyle = '#d55e00';
      ctx.beginPath();
      ctx.arc(c.px, c.py, 4, 0, 2 * Math.PI);
      ctx.fill();
    }
    // Axis labels at the ends of the two plane axes.
    // The canvas's own text colour (currentColor), so the labels read in the light and the dark theme.
    ctx.fillStyle = getComputedStyle(canvas).color || '#333';
    ctx.font = '11px system-ui, sans-serif';
    const ea = project(1.15, 0, -0.55);
    const eb = project(0, 1.15, -0.55);
    ctx.textAlign = 'center';
    ctx.fillText(`α → +${span}`, ea.px, ea.py);
    ctx.fillText(`β → +${span}`, eb.px, eb.py);
  }, [shown, lo, hi, res, span, view, width, height]);

  const turn = (dyaw: number, dpitch: number) =>
    setView((v) => ({ yaw: v.yaw + dyaw, pitch: Math.max(0.05, Math.min(1.5, v.pitch + dpitch)) }));

  return (
    <figure className="chart surface-mesh">
      <canvas
        ref={canvasRef}
        style={{ width, height, touchAction: 'none', cursor: 'grab', display: 'block' }}
        role="img"
        aria-label={`${description} Drawn as a 3-D mesh; drag or use the arrow keys to turn it.`}
        tabIndex={0}
        data-testid="surface-mesh"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY, ...view };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          setView({ yaw: d.yaw + (e.clientX - d.x) * 0.01, pitch: Math.max(0.05, Math.min(1.5, d.pitch + (e.clientY - d.y) * 0.01)) });
        }}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={(e) => {
          const step = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] }[e.key];
          if (step) {
            e.preventDefault();
            turn(step[0]!, step[1]!);
          }
        }}
      />
      <figcaption className="surface-mesh-caption">
        Height and colour: {logColor ? 'log₁₀(training loss)' : 'training loss'}, from {fmtLoss(logColor ? 10 ** lo : lo)} (dark purple) to{' '}
        {fmtLoss(logColor ? 10 ** hi : hi)} (yellow). Horizontal axes: {axisA} and {axisB}, each from −{span} to +{span}. Orange dot: the current weights.
      </figcaption>
    </figure>
  );
}
