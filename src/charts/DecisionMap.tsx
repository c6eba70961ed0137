import { useEffect, useRef, type ReactNode } from 'react';
import { interpolateRgb, scaleLinear, type ScaleLinear } from 'd3';
import { Axis } from './Axis';
import { classColors } from './palette';

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
}

const margin = { top: 8, right: 8, bottom: 36, left: 40 };
const shade = interpolateRgb(classColors[0], classColors[1]);

/** The decision boundary: a dense raster on canvas, with the points and axes in SVG on top. */
export function DecisionMap({ heatmap, grid, extent, pointsX, labels, train, size, description, overlay }: DecisionMapProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const inner = Math.max(40, size - margin.left - margin.right);
  const x = scaleLinear().domain([-extent, extent]).range([0, inner]);
  const y = scaleLinear().domain([-extent, extent]).range([inner, 0]);

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(grid, grid);
    const lut = Array.from({ length: 256 }, (_, i) => {
      const c = shade(0.15 + (0.7 * i) / 255);
      const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(c);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
    });
    for (let k = 0; k < grid * grid; k++) {
      const p = heatmap[k]!;
      const [r, g, b] = Number.isFinite(p) ? lut[Math.round(Math.min(1, Math.max(0, p)) * 255)]! : [200, 200, 200];
      image.data[4 * k] = r!;
      image.data[4 * k + 1] = g!;
      image.data[4 * k + 2] = b!;
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
  return (
    <figure className="chart decision-map" style={{ width: size }}>
      <div style={{ position: 'relative', width: size, height: inner + margin.top + margin.bottom }}>
        <canvas
          ref={canvasRef}
          width={grid}
          height={grid}
          aria-hidden="true"
          style={{ position: 'absolute', left: margin.left, top: margin.top, width: inner, height: inner, imageRendering: 'auto' }}
        />
        <svg width={size} height={inner + margin.top + margin.bottom} role="img" aria-label={description} style={{ position: 'absolute', inset: 0 }}>
          <g transform={`translate(${margin.left},${margin.top})`}>
            <rect width={inner} height={inner} fill="none" stroke="currentColor" strokeOpacity={0.3} />
            {points}
            {overlay?.(x, y)}
            <Axis scale={x} orient="bottom" offset={inner} ticks={5} label="x₁" />
            <Axis scale={y} orient="left" offset={0} ticks={5} label="x₂" labelGap={28} />
          </g>
        </svg>
      </div>
      <figcaption className="legend">
        <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={classColors[0]} /></svg>class 0</span>
        <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={classColors[1]} /></svg>class 1</span>
        <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="3.5" fill="white" stroke="currentColor" /></svg>hollow = test point</span>
      </figcaption>
    </figure>
  );
}
