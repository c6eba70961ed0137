import type { CSSProperties, ReactNode, Ref } from 'react';

/** Room around the plot box for the axes' ticks and labels, in CSS pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot box: the chart's size less its margins, never below `min` pixels either way. */
export function plotSize(width: number, height: number, margin: Margin, min = 10): { innerW: number; innerH: number } {
  return {
    innerW: Math.max(min, width - margin.left - margin.right),
    innerH: Math.max(min, height - margin.top - margin.bottom),
  };
}

/** A canvas raster (heatmaps, images) drawn under the SVG marks, filling the plot box. */
export interface Raster {
  /** The plot box in CSS pixels: where the canvas sits. */
  width: number;
  height: number;
  /** The canvas's own pixels, when fixed (otherwise the chart sets them as it draws). */
  pixels?: [number, number];
  /** 'pixelated' shows each cell as a square (the default); 'auto' smooths a fine raster. */
  rendering?: 'pixelated' | 'auto';
}

interface ChartFrameProps {
  width: number;
  height: number;
  margin: Margin;
  /** Accessible description of what the chart shows right now (the SVG's aria-label). */
  description: string;
  raster?: Raster;
  /** The raster's canvas, for the chart to draw into. */
  canvasRef?: Ref<HTMLCanvasElement>;
  className?: string;
  style?: CSSProperties;
  /** The legend (a figcaption) under the plot. */
  legend?: ReactNode;
  /** The marks and axes, in plot coordinates (origin at the plot box's top left). */
  children: ReactNode;
}

/**
 * The frame every chart shares: a figure, an SVG labelled for screen readers, a group translated to
 * the plot box, an optional canvas raster under the marks, and the legend beneath.
 */
export function ChartFrame({ width, height, margin, description, raster, canvasRef, className = 'chart', style, legend, children }: ChartFrameProps) {
  const svg = (
    <svg width={width} height={height} role="img" aria-label={description} style={raster ? { position: 'absolute', inset: 0 } : undefined}>
      <g transform={`translate(${margin.left},${margin.top})`}>{children}</g>
    </svg>
  );
  return (
    <figure className={className} style={style}>
      {raster ? (
        <div style={{ position: 'relative', width, height }}>
          <canvas
            ref={canvasRef}
            width={raster.pixels?.[0]}
            height={raster.pixels?.[1]}
            aria-hidden="true"
            style={{ position: 'absolute', left: margin.left, top: margin.top, width: raster.width, height: raster.height, imageRendering: raster.rendering ?? 'pixelated' }}
          />
          {svg}
        </div>
      ) : (
        svg
      )}
      {legend}
    </figure>
  );
}
