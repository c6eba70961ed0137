/** Helpers for the canvas rasters under the charts (heatmaps, surfaces, image grids). */
import { rgb } from 'd3';

/**
 * Size a canvas's buffer to width × height CSS pixels at the screen's pixel ratio (capped at 2: more
 * would multiply the drawing for no visible gain) and clear it; draw on it in CSS pixels afterwards.
 */
export function fitCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number): void {
  const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
}

/** Values as a surface colours them (log10 when asked, floored at 1e-12) and their range (never empty). */
export function shownRange(values: ArrayLike<number>, log: boolean): { shown: Float64Array; lo: number; hi: number } {
  const shown = Float64Array.from(values, (v) => (log ? Math.log10(Math.max(v, 1e-12)) : v));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of shown) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { shown, lo, hi: hi > lo ? hi : lo + 1e-9 };
}

export type Rgb = readonly [number, number, number];

/** 256 colours of a scale over [0, 1], so a raster is painted pixel by pixel without a string per pixel. */
export function colourTable(scale: (t: number) => string): readonly Rgb[] {
  return Array.from({ length: 256 }, (_, i) => {
    const c = rgb(scale(i / 255));
    return [c.r, c.g, c.b] as const;
  });
}

/** The table's colour of v in [0, 1] (clamped); light grey for a value that is not finite. */
export function tableColour(table: readonly Rgb[], v: number): Rgb {
  return Number.isFinite(v) ? table[Math.round(Math.min(1, Math.max(0, v)) * 255)]! : [200, 200, 200];
}
