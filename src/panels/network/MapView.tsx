import { useEffect, useRef, type ReactNode } from 'react';
import { scaleLinear, type ScaleLinear } from 'd3';
import type { NetworkFrame } from '../../core/mlp/network-frame';
import { unitPixels } from './colors';

interface MapViewProps {
  net: NetworkFrame;
  /** Diagram row (0 = inputs, last = output) and index of the unit whose map this is. */
  row: number;
  index: number;
  size: number;
  label: string;
  testId: string;
  /** Drawn over the map in data coordinates (e.g. a kink line). */
  overlay?: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>) => ReactNode;
}

/** One unit's map, large: the 64 × 64 codes on a canvas (smoothed), an SVG overlay on top. */
export function MapView({ net, row, index, size, label, testId, overlay }: MapViewProps) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const n = net.resolution;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(n, n);
    unitPixels(net, row, index, image.data);
    ctx.putImageData(image, 0, 0);
  }, [net, row, index, n]);
  const x = scaleLinear().domain([-net.extent, net.extent]).range([0, size]);
  const y = scaleLinear().domain([-net.extent, net.extent]).range([size, 0]);
  return (
    <div className="net-mapview" style={{ width: size, height: size }} data-testid={testId}>
      <canvas ref={ref} width={n} height={n} aria-hidden="true" style={{ width: size, height: size }} />
      <svg width={size} height={size} role="img" aria-label={label}>
        <rect width={size} height={size} fill="none" stroke="currentColor" strokeOpacity={0.35} />
        {overlay?.(x, y)}
      </svg>
    </div>
  );
}
