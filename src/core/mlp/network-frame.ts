/**
 * "Inside the network": what the page needs to draw an MLP as layers of units, each with a small map
 * of its response over the input plane (as TF Playground does), and where each rectifier kinks.
 * tfjs-free: the worker builds the frame (unit-maps.ts runs the batched pass), the page reads it, and
 * the geometry here (kink lines, zero contours) is shared by both and by the tests.
 *
 * Transfer size. A 2-16-16-2 net at 64 × 64 per unit is 32 maps × 4,096 = 131k values: as Float32
 * that is 512 KB per frame, at up to 60 frames a second. Each map is quantised to Uint8 in its own
 * range [lo, hi] instead (128 KB), which costs at most (hi − lo)/510 per value: invisible in a map a
 * few dozen pixels wide, and well under a grid cell where the zero contour is interpolated.
 */

/** Side of each unit's map, in grid points. */
export const MAP_GRID = 64;
/** The plane the maps cover, [-2, 2]²: the baseline decision map's extent, which holds every 2-D data set. */
export const MAP_EXTENT = 2;
/**
 * At most this many units of a hidden layer get a map (and are drawn): the first ones by index, so
 * the same units stay on screen while the net trains. A wider layer is drawn capped, with a note.
 */
export const MAX_DRAWN_UNITS = 16;

export interface NetworkFrame {
  /** Layer sizes, input and output included, e.g. [2, 16, 16, 2]. */
  sizes: number[];
  /** Units with a map in each hidden layer (min(size, MAX_DRAWN_UNITS)), one entry per hidden layer. */
  drawn: number[];
  activation: string;
  /** Side of each map in grid points (MAP_GRID). */
  resolution: number;
  /** The maps cover [-extent, extent]², row 0 at the top (largest x₂), as the decision map. */
  extent: number;
  /**
   * Each drawn hidden unit's PRE-activation z over the grid, quantised to 0–255 in that map's own
   * range: [unit][row][col], units in layer order. Pre- rather than post-activation so the page can
   * both colour the activation (act(z)) and find where z = 0 (the kink of a rectifier).
   */
  maps: Uint8Array;
  /** [lo, hi] of each map's pre-activation (NaN when the weights are not finite). */
  ranges: Float32Array;
  /** The network's class-1 probability on the same grid, × 255: the output unit's map. */
  output: Uint8Array;
  /** All weights and biases in the flat layout's order ([inputs, outputs] row-major, then bias). */
  weights: Float32Array;
  /** False when some weight is NaN or infinite (a diverged run): there is nothing to map. */
  finite: boolean;
}

/** A hidden unit: its hidden layer (0 = the first hidden layer) and its index in that layer. */
export interface UnitRef {
  layer: number;
  unit: number;
}

/** Data coordinates of the grid points, row-major [resolution², 2], at cell centres, row 0 at the top. */
export function gridPoints(resolution: number, extent: number): Float32Array {
  const xy = new Float32Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const k = r * resolution + c;
      xy[2 * k] = -extent + (2 * extent * (c + 0.5)) / resolution;
      xy[2 * k + 1] = extent - (2 * extent * (r + 0.5)) / resolution;
    }
  }
  return xy;
}

/** Units drawn per hidden layer for layer sizes [in, ...hidden, out]. */
export function drawnUnits(sizes: readonly number[]): number[] {
  return sizes.slice(1, -1).map((n) => Math.min(n, MAX_DRAWN_UNITS));
}

/** Offset of a flat-layout layer's weights and bias (mirrors flat-mlp's mlpLayout, without tfjs). */
export function layerOffsets(sizes: readonly number[]): { wOffset: number; bOffset: number; inputs: number; outputs: number }[] {
  const out = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    out.push({ wOffset: offset, bOffset: offset + inputs * outputs, inputs, outputs });
    offset += inputs * outputs + outputs;
  }
  return out;
}

/**
 * Quantise maps read back point-major ([points, units], as the batched pass yields them) into
 * unit-major Uint8 maps, each in its own [lo, hi]. A map that is constant gets q = 0 and lo = hi.
 */
export function quantiseMaps(values: Float32Array, points: number, units: number): { maps: Uint8Array; ranges: Float32Array; finite: boolean } {
  return quantiseLayer(values, 0, points, units, units);
}

/**
 * One layer's maps from its whole pre-activation matrix as read back ([rows, stride], row-major):
 * the rows from `firstRow` on, the first `units` columns. Reading the matrix whole and picking here
 * avoids a slice on the backend (wasm's is an element-by-element loop, slower than this whole pass).
 */
export function quantiseLayer(
  values: Float32Array,
  firstRow: number,
  points: number,
  stride: number,
  units: number,
): { maps: Uint8Array; ranges: Float32Array; finite: boolean } {
  const maps = new Uint8Array(points * units);
  const ranges = new Float32Array(2 * units);
  const lo = new Float64Array(units).fill(Infinity);
  const hi = new Float64Array(units).fill(-Infinity);
  const bad = new Uint8Array(units);
  // Both passes read `values` in its own (point-major) order: it is the big array.
  for (let p = 0; p < points; p++) {
    const row = (firstRow + p) * stride;
    for (let u = 0; u < units; u++) {
      const v = values[row + u]!;
      if (v < lo[u]!) lo[u] = v;
      if (v > hi[u]!) hi[u] = v;
      if (v - v !== 0) bad[u] = 1; // NaN or ±Infinity
    }
  }
  const scale = new Float64Array(units);
  let finite = true;
  for (let u = 0; u < units; u++) {
    if (bad[u]) {
      finite = false;
      ranges[2 * u] = NaN;
      ranges[2 * u + 1] = NaN;
      continue;
    }
    ranges[2 * u] = lo[u]!;
    ranges[2 * u + 1] = hi[u]!;
    scale[u] = hi[u]! > lo[u]! ? 255 / (hi[u]! - lo[u]!) : 0;
  }
  for (let p = 0; p < points; p++) {
    const row = (firstRow + p) * stride;
    for (let u = 0; u < units; u++) {
      // Rounds half up (the value is ≥ 0; a Uint8Array store truncates); a non-finite map's codes stay 0.
      if (!bad[u]) maps[u * points + p] = (values[row + u]! - lo[u]!) * scale[u]! + 0.5;
    }
  }
  return { maps, ranges, finite };
}

/** Index of a unit's map among all drawn maps, or -1 when it is not drawn. */
export function mapIndex(drawn: readonly number[], ref: UnitRef): number {
  if (ref.layer < 0 || ref.layer >= drawn.length || ref.unit < 0 || ref.unit >= drawn[ref.layer]!) return -1;
  let i = 0;
  for (let l = 0; l < ref.layer; l++) i += drawn[l]!;
  return i + ref.unit;
}

/** A unit's pre-activation over the grid, dequantised: row-major [resolution²]. Null if it has no map. */
export function unitValues(frame: NetworkFrame, ref: UnitRef): Float32Array | null {
  const i = mapIndex(frame.drawn, ref);
  if (i < 0) return null;
  const n = frame.resolution * frame.resolution;
  const lo = frame.ranges[2 * i]!;
  const hi = frame.ranges[2 * i + 1]!;
  const step = (hi - lo) / 255;
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = lo + frame.maps[i * n + k]! * step;
  return out;
}

/**
 * Where w₁x₁ + w₂x₂ + b = 0 crosses the square [-extent, extent]²: its two endpoints on the border
 * [x₁, y₁, x₂, y₂], or null when the line misses the square (or w = 0).
 */
export function lineInSquare(w1: number, w2: number, b: number, extent: number): [number, number, number, number] | null {
  const hits: [number, number][] = [];
  const add = (x: number, y: number) => {
    const eps = 1e-9 * extent;
    if (x < -extent - eps || x > extent + eps || y < -extent - eps || y > extent + eps) return;
    if (hits.some(([hx, hy]) => Math.abs(hx - x) <= eps && Math.abs(hy - y) <= eps)) return;
    hits.push([x, y]);
  };
  if (w2 !== 0) {
    for (const x of [-extent, extent]) add(x, -(w1 * x + b) / w2);
  }
  if (w1 !== 0) {
    for (const y of [-extent, extent]) add(-(w2 * y + b) / w1, y);
  }
  if (hits.length < 2) return null;
  // A line through a corner hits two borders there: keep the two points farthest apart.
  let best: [number, number, number, number] = [...hits[0]!, ...hits[1]!];
  let bestD = -1;
  for (let i = 0; i < hits.length; i++) {
    for (let j = i + 1; j < hits.length; j++) {
      const d = (hits[i]![0] - hits[j]![0]) ** 2 + (hits[i]![1] - hits[j]![1]) ** 2;
      if (d > bestD) {
        bestD = d;
        best = [...hits[i]!, ...hits[j]!];
      }
    }
  }
  return bestD > 0 ? best : null;
}

/**
 * The zero level set of a function sampled at the grid points (gridPoints' layout), by marching
 * squares with linear interpolation along each cell edge: segments [x₁, y₁, x₂, y₂, …] in data
 * coordinates. For a function linear in the input it is exactly that line, inside the grid's hull.
 */
export function zeroContour(values: Float32Array, resolution: number, extent: number): Float32Array {
  const out: number[] = [];
  const h = (2 * extent) / resolution;
  const px = (c: number) => -extent + h * (c + 0.5);
  const py = (r: number) => extent - h * (r + 0.5);
  const at = (r: number, c: number) => values[r * resolution + c]!;
  // Interpolated crossing between two grid points (a sign change between va and vb is assumed).
  const cross = (va: number, vb: number, xa: number, ya: number, xb: number, yb: number): [number, number] => {
    const t = va / (va - vb);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let r = 0; r + 1 < resolution; r++) {
    for (let c = 0; c + 1 < resolution; c++) {
      const tl = at(r, c);
      const tr = at(r, c + 1);
      const bl = at(r + 1, c);
      const br = at(r + 1, c + 1);
      if (!(Number.isFinite(tl) && Number.isFinite(tr) && Number.isFinite(bl) && Number.isFinite(br))) continue;
      const pts: [number, number][] = [];
      // Edges in order round the cell: top, right, bottom, left. A point is "on" when z ≥ 0.
      if (tl >= 0 !== tr >= 0) pts.push(cross(tl, tr, px(c), py(r), px(c + 1), py(r)));
      if (tr >= 0 !== br >= 0) pts.push(cross(tr, br, px(c + 1), py(r), px(c + 1), py(r + 1)));
      if (br >= 0 !== bl >= 0) pts.push(cross(br, bl, px(c + 1), py(r + 1), px(c), py(r + 1)));
      if (bl >= 0 !== tl >= 0) pts.push(cross(bl, tl, px(c), py(r + 1), px(c), py(r)));
      if (pts.length === 2) {
        out.push(...pts[0]!, ...pts[1]!);
      } else if (pts.length === 4) {
        // A saddle: the cell's mean decides which corners are joined.
        const centreOn = (tl + tr + bl + br) / 4 >= 0;
        if (centreOn === tl >= 0) out.push(...pts[0]!, ...pts[1]!, ...pts[2]!, ...pts[3]!);
        else out.push(...pts[0]!, ...pts[3]!, ...pts[1]!, ...pts[2]!);
      }
    }
  }
  return Float32Array.from(out);
}

/**
 * Where a hidden unit's pre-activation is zero over the input plane, as segments in data coordinates.
 * A first-layer unit's pre-activation is w·x + b, so its kink is that exact line (clipped to the
 * square); a deeper unit's is piecewise linear, bent wherever an earlier unit kinks, and is traced
 * from its map (to within a grid cell).
 */
export function kinkSegments(frame: NetworkFrame, ref: UnitRef): Float32Array {
  if (!frame.finite || mapIndex(frame.drawn, ref) < 0) return new Float32Array(0);
  if (ref.layer === 0) {
    const l = layerOffsets(frame.sizes)[0]!;
    const w = frame.weights;
    const line = lineInSquare(w[l.wOffset + ref.unit]!, w[l.wOffset + l.outputs + ref.unit]!, w[l.bOffset + ref.unit]!, frame.extent);
    return line ? Float32Array.from(line) : new Float32Array(0);
  }
  const values = unitValues(frame, ref);
  return values ? zeroContour(values, frame.resolution, frame.extent) : new Float32Array(0);
}
