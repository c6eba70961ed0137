import { extent } from 'd3';

/**
 * The x and y extents of line series, over the points a chart can draw (finite, and positive on a log
 * y axis). On a log axis the bottom is kept within `logFloor` of the top, so one tiny value does not
 * stretch the axis over dozens of decades. A flat y range is left to the chart (each pads its own way).
 */
export function seriesDomain(
  series: readonly { x: ArrayLike<number>; y: ArrayLike<number> }[],
  logY: boolean,
  logFloor: number,
): { x: [number, number]; y: [number, number] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v) || (logY && v <= 0)) continue;
      xs.push(s.x[i]!);
      ys.push(v);
    }
  }
  const [x0 = 0, x1 = 1] = extent(xs);
  let [y0 = 0, y1 = 1] = extent(ys);
  if (logY) {
    y0 = Math.max(y0, y1 * logFloor, 1e-12);
    if (y1 <= y0) y1 = y0 * 10;
  }
  return { x: [x0, x1], y: [y0, y1] };
}
