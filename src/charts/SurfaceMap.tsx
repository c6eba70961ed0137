import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { contours, geoIdentity, geoPath, interpolateViridis, line, rgb, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { palette } from './palette';
import { ViridisSwatch } from './ViridisSwatch';
import { ChartFrame } from './ChartFrame';
import { shownRange } from './raster';

interface SurfaceMapProps {
  /** Loss on a res × res grid, row-major, row 0 at β = +span, column 0 at α = −span. All finite. */
  values: Float32Array;
  resolution: number;
  /** The grid covers [−span, span]² in plane coordinates. */
  span: number;
  /** Colour (and contour levels) by log(loss) instead of loss. */
  logColor: boolean;
  /** The optimisation path in plane coordinates (may be empty). */
  pathA?: ArrayLike<number>;
  pathB?: ArrayLike<number>;
  /** Labelled points in plane coordinates; the current weights (0, 0) are always marked. */
  marks?: { label: string; a: number; b: number }[];
  axisA: string;
  axisB: string;
  /** Side of the square plot in CSS pixels, axes included. */
  size: number;
  description: string;
}

const margin = { top: 8, right: 10, bottom: 44, left: 56 };
const CONTOURS = 12;

const fmtLoss = (v: number) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4));

/** A loss surface over a plane: a canvas raster with SVG contours, path, marks, axes and a hover readout. */
export function SurfaceMap({ values, resolution: res, span, logColor, pathA, pathB, marks = [], axisA, axisB, size, description }: SurfaceMapProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [hover, setHover] = useState<{ q: number; r: number } | null>(null);
  const clipId = `surface-clip-${useId().replace(/:/g, '')}`;
  const inner = Math.max(60, size - margin.left - margin.right);
  const h = (2 * span) / (res - 1);
  const x = scaleLinear().domain([-span - h / 2, span + h / 2]).range([0, inner]);
  const y = scaleLinear().domain([-span - h / 2, span + h / 2]).range([inner, 0]);

  const { shown, lo, hi } = useMemo(() => shownRange(values, logColor), [values, logColor]);

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx || shown.length !== res * res) return;
    const image = ctx.createImageData(res, res);
    for (let k = 0; k < res * res; k++) {
      const c = rgb(interpolateViridis((shown[k]! - lo) / (hi - lo)));
      image.data.set([c.r, c.g, c.b, 255], 4 * k);
    }
    ctx.putImageData(image, 0, 0);
  }, [shown, res, lo, hi]);

  const levels = useMemo(() => {
    const thresholds = Array.from({ length: CONTOURS }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / CONTOURS);
    const toPixels = geoPath(geoIdentity().scale(inner / res));
    return contours().size([res, res]).thresholds(thresholds)(Array.from(shown)).map((g) => toPixels(g) ?? '');
  }, [shown, res, lo, hi, inner]);

  const path =
    pathA && pathB && pathA.length > 1
      ? line<number>()
          .x((i) => x(pathA[i]!))
          .y((i) => y(pathB[i]!))(Array.from({ length: pathA.length }, (_, i) => i))
      : null;
  const hv = hover ? values[hover.r * res + hover.q] : undefined;
  const onMove = (e: React.MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const q = Math.floor(((e.clientX - box.left) / box.width) * res);
    const r = Math.floor(((e.clientY - box.top) / box.height) * res);
    setHover(q >= 0 && q < res && r >= 0 && r < res ? { q, r } : null);
  };
  const cellA = (q: number) => -span + q * h;
  const cellB = (r: number) => span - r * h;

  const caption = (
    <figcaption className="legend">
      <span>
        <ViridisSwatch width={70} />
        loss {fmtLoss(logColor ? 10 ** lo : lo)} → {fmtLoss(logColor ? 10 ** hi : hi)}
        {logColor ? ' (log colour)' : ''}
      </span>
      <span data-testid="surface-hover" aria-live="off">
        {hover && hv !== undefined ? `at (${cellA(hover.q).toPrecision(3)}, ${cellB(hover.r).toPrecision(3)}): loss ${fmtLoss(hv)}` : 'hover for values'}
      </span>
    </figcaption>
  );
  return (
    <ChartFrame width={size} height={inner + margin.top + margin.bottom} margin={margin} description={description} raster={{ width: inner, height: inner, pixels: [res, res] }} canvasRef={canvasRef} className="chart surface-map" style={{ width: size }} legend={caption}>
      {levels.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="white" strokeOpacity={0.55} strokeWidth={0.8} />
      ))}
      <clipPath id={clipId}>
        <rect width={inner} height={inner} />
      </clipPath>
      {path && <path d={path} fill="none" stroke={palette.vermillion} strokeWidth={2} clipPath={`url(#${clipId})`} />}
      {marks.filter((m) => Math.abs(m.a) <= span && Math.abs(m.b) <= span).map((m) => (
        <g key={m.label} transform={`translate(${x(m.a)},${y(m.b)})`}>
          <circle r={4.5} fill="white" stroke={palette.vermillion} strokeWidth={2} />
          <text x={7} y={-6} className="surface-mark">{m.label}</text>
        </g>
      ))}
      <g transform={`translate(${x(0)},${y(0)})`}>
        <circle r={5} fill={palette.vermillion} stroke="white" strokeWidth={1.5} />
        <text x={7} y={14} className="surface-mark">now</text>
      </g>
      <Axis scale={x} orient="bottom" offset={inner} ticks={5} label={axisA} />
      <Axis scale={y} orient="left" offset={0} ticks={5} label={axisB} labelGap={44} />
      <rect width={inner} height={inner} fill="transparent" stroke="currentColor" strokeOpacity={0.3} onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
    </ChartFrame>
  );
}
