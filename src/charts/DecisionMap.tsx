import { useEffect, useRef, type ReactNode } from 'react';
import { interpolateRgb, scaleLinear, type ScaleLinear } from 'd3';
import { Axis } from './Axis';
import { classColors } from './palette';
import { colourTable, tableColour } from './raster';
import { ChartFrame } from './ChartFrame';

interface DecisionMapProps {
  /** Class-1 probability on a grid × grid raster, row 0 at the top (largest y). */
  heatmap: Float32Array;
  grid: number;
  /** The raster covers [-extent, extent]² in data coordinates. */
  extent: number;
  /** Point coordinates, row-major [n, 2]. */
  pointsX: Float32Array;
  /** Class label of each point. */
  labels: Int32Array;
  /** 1 for a training point, 0 for a test point (drawn hollow). */
  train: Uint8Array;
  /** Side of the square plot in CSS pixels, axes included. */
  size: number;
  description: string;
  /** Drawn over the points in data coordinates (e.g. the kink line of the unit the reader points at). */
  overlay?: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>) => ReactNode;
  /** False when there are no test points (a drawn set is its own test set): the legend leaves them out. */
  testLegend?: boolean;
}

const margin = { top: 8, right: 8, bottom: 36, left: 40 };
const shade = interpolateRgb(classColors[0], classColors[1]);

/** The decision boundary: a dense raster on canvas, with the points and axes in SVG on top. */
export function DecisionMap({ heatmap, grid, extent, pointsX, labels, train, size, description, overlay, testLegend = true }: DecisionMapProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const inner = Math.max(40, size - margin.left - margin.right);
  const x = scaleLinear().domain([-extent, extent]).range([0, inner]);
  const y = scaleLinear().domain([-extent, extent]).range([inner, 0]);

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(grid, grid);
    const table = colourTable((t) => shade(0.15 + 0.7 * t));
    for (let k = 0; k < grid * grid; k++) {
      const p = heatmap[k]!;
      image.data.set(tableColour(table, p), 4 * k);
      // Confident regions are strong, the boundary fades to white.
      image.data[4 * k + 3] = Number.isFinite(p) ? 40 + Math.round(120 * Math.abs(2 * p - 1)) : 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [heatmap, grid]);

  const points = [];
  for (let i = 0; i < labels.length; i++) {
    const px = x(pointsX[2 * i]!);
    const py = y(pointsX[2 * i + 1]!);
    if (!(px >= 0 && px <= inner && py >= 0 && py <= inner)) continue;
    const color = classColors[labels[i] === 1 ? 1 : 0];
    points.push(
      <circle key={i} cx={px} cy={py} r={3.2} fill={train[i] ? color : 'white'} stroke={train[i] ? 'white' : color} strokeWidth={train[i] ? 0.8 : 1.6} />,
    );
  }
  const caption = (
    <figcaption className="legend">
      <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={classColors[0]} /></svg>class 0</span>
      <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={classColors[1]} /></svg>class 1</span>
      {testLegend && <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="3.5" fill="white" stroke="currentColor" /></svg>hollow = test point</span>}
    </figcaption>
  );
  return (
    <ChartFrame width={size} height={inner + margin.top + margin.bottom} margin={margin} description={description} raster={{ width: inner, height: inner, pixels: [grid, grid], rendering: 'auto' }} canvasRef={canvasRef} className="chart decision-map" style={{ width: size }} legend={caption}>
      <rect width={inner} height={inner} fill="none" stroke="currentColor" strokeOpacity={0.3} />
      {points}
      {overlay?.(x, y)}
      <Axis scale={x} orient="bottom" offset={inner} ticks={5} label="x₁" />
      <Axis scale={y} orient="left" offset={0} ticks={5} label="x₂" labelGap={28} />
    </ChartFrame>
  );
}
