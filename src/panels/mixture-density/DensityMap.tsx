import { useEffect, useMemo, useRef } from 'react';
import { interpolateViridis, rgb, scaleLinear } from 'd3';
import { Axis } from '../../charts/Axis';
import { palette } from '../../charts/palette';

interface DensityMapProps {
  /** p(y | x) on a grid × grid raster, row 0 at the top. Empty: the learner is off. */
  heat: Float32Array;
  grid: number;
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
  /** Training points drawn on top (x across, y up). */
  pointsX: Float32Array;
  pointsY: Float32Array;
  /** The truth: a curve (inverse problem) or marked points (the arms' three answers). */
  truthX: Float32Array;
  truthY: Float32Array;
  truthAsPoints: boolean;
  width: number;
  height: number;
  description: string;
  testId?: string;
  /** Tick labels and axis names around the map; a small multiple too small for them is drawn bare. */
  axes?: boolean;
}

// Room for lecture mode's 14 px tick labels and 16 px axis titles.
const AXES_MARGIN = { top: 6, right: 6, bottom: 38, left: 50 };
const BARE_MARGIN = { top: 1, right: 1, bottom: 1, left: 1 };

/** 256 viridis colours, built once. */
const LUT = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateViridis(i / 255));
  return [c.r, c.g, c.b] as const;
});

/**
 * One learner's conditional density as a canvas raster (one putImageData per refresh) under SVG axes,
 * the data and the truth. Colour is √(p / max p) of this map, so a faint mode still shows beside a
 * sharp one; each map is scaled on its own (the readouts carry the comparable test NLL).
 */
export function DensityMap({ heat, grid, xDomain, yDomain, xLabel, yLabel, pointsX, pointsY, truthX, truthY, truthAsPoints, width, height, description, testId, axes = true }: DensityMapProps) {
  const margin = axes ? AXES_MARGIN : BARE_MARGIN;
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const innerW = Math.max(40, width - margin.left - margin.right);
  const innerH = Math.max(40, height - margin.top - margin.bottom);
  const x = scaleLinear().domain(xDomain).range([0, innerW]);
  const y = scaleLinear().domain(yDomain).range([innerH, 0]);

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx || heat.length !== grid * grid) return;
    let max = 0;
    for (let i = 0; i < heat.length; i++) if (heat[i]! > max) max = heat[i]!;
    const image = ctx.createImageData(grid, grid);
    const scale = max > 0 ? 1 / max : 0;
    for (let i = 0; i < heat.length; i++) {
      const c = LUT[Math.min(255, Math.round(Math.sqrt(heat[i]! * scale) * 255))] ?? LUT[0]!;
      image.data[4 * i] = c[0];
      image.data[4 * i + 1] = c[1];
      image.data[4 * i + 2] = c[2];
      image.data[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [heat, grid]);

  const truthPath = useMemo(() => {
    if (truthAsPoints || truthX.length < 2) return '';
    let d = '';
    for (let i = 0; i < truthX.length; i++) d += `${i ? 'L' : 'M'}${x(truthX[i]!).toFixed(1)},${y(truthY[i]!).toFixed(1)}`;
    return d;
  }, [truthX, truthY, truthAsPoints, x, y]);

  // The points as one path of small circles: one element per map instead of hundreds, redrawn each frame.
  let dots = '';
  for (let i = 0; i < pointsX.length; i++) {
    const px = x(pointsX[i]!);
    const py = y(pointsY[i]!);
    dots += `M${(px - 1.3).toFixed(1)},${py.toFixed(1)}a1.3,1.3 0 1,0 2.6,0a1.3,1.3 0 1,0 -2.6,0`;
  }

  return (
    <div style={{ position: 'relative', width, height }} data-testid={testId}>
      <canvas
        ref={canvasRef}
        width={grid}
        height={grid}
        aria-hidden="true"
        style={{ position: 'absolute', left: margin.left, top: margin.top, width: innerW, height: innerH, imageRendering: 'pixelated', opacity: heat.length ? 1 : 0.15 }}
      />
      <svg width={width} height={height} role="img" aria-label={description} style={{ position: 'absolute', inset: 0 }}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <rect width={innerW} height={innerH} fill="none" stroke="currentColor" strokeOpacity={0.3} />
          <path d={dots} fill="#fff" fillOpacity={0.55} />
          {truthPath && <path d={truthPath} fill="none" stroke={palette.orange} strokeWidth={1.2} strokeDasharray="4 3" />}
          {truthAsPoints &&
            Array.from(truthX, (tx, i) => <circle key={i} cx={x(tx)} cy={y(truthY[i]!)} r={4} fill="none" stroke={palette.orange} strokeWidth={1.8} />)}
          {axes && <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} ticks={3} />}
          {axes && <Axis scale={y} orient="left" offset={0} label={yLabel} ticks={3} labelGap={30} />}
        </g>
      </svg>
    </div>
  );
}
