import { describe, expect, it } from 'vitest';
import {
  drawnUnits,
  gridPoints,
  kinkSegments,
  lineInSquare,
  mapIndex,
  MAX_DRAWN_UNITS,
  quantiseMaps,
  unitValues,
  zeroContour,
  type NetworkFrame,
} from './network-frame';
import { createRng } from '../rng';

/** Endpoints compared as an unordered pair, each coordinate within `tol`. */
function expectSegment(got: ArrayLike<number> | null, want: [number, number, number, number], tol = 1e-9) {
  expect(got).not.toBeNull();
  const g = Array.from(got!);
  const same = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);
  const flipped = [want[2], want[3], want[0], want[1]];
  expect(same(g, want) || same(g, flipped), `${g} vs ${want}`).toBe(true);
}

describe('the kink line of a first-layer unit, w·x + b = 0, on the square [-2, 2]²', () => {
  it('has its exact endpoints on the border', () => {
    // x₁ + x₂ = 0: the anti-diagonal, corner to corner.
    expectSegment(lineInSquare(1, 1, 0, 2), [-2, 2, 2, -2]);
    // x₁ = 0.5: vertical.
    expectSegment(lineInSquare(1, 0, -0.5, 2), [0.5, -2, 0.5, 2]);
    // x₂ = -1.25: horizontal.
    expectSegment(lineInSquare(0, 2, 2.5, 2), [-2, -1.25, 2, -1.25]);
    // x₁ + 2x₂ + 1 = 0 crosses the left border at x₂ = 0.5 and the right at x₂ = -1.5.
    expectSegment(lineInSquare(1, 2, 1, 2), [-2, 0.5, 2, -1.5]);
    // 3x₁ − x₂ − 1 = 0 crosses the bottom at x₁ = -1/3 and the top at x₁ = 1.
    expectSegment(lineInSquare(3, -1, -1, 2), [-1 / 3, -2, 1, 2], 1e-12);
  });

  it('is absent when the line misses the square, or the weights are zero', () => {
    expect(lineInSquare(1, 0, -3, 2)).toBeNull();
    expect(lineInSquare(1, 1, 5, 2)).toBeNull();
    expect(lineInSquare(0, 0, 1, 2)).toBeNull();
  });

  it('in a frame, comes from that unit’s own weights and bias', () => {
    // A 2-3-2 net: first layer w [2, 3] row-major, then b [3].
    const sizes = [2, 3, 2];
    const weights = new Float32Array(2 * 3 + 3 + 3 * 2 + 2);
    weights.set([1, 1, 3, /* x₂ row */ 1, 0, -1], 0);
    weights.set([0, -0.5, -1], 6);
    const frame = fakeFrame(sizes, weights);
    expectSegment(kinkSegments(frame, { layer: 0, unit: 0 }), [-2, 2, 2, -2], 1e-6);
    expectSegment(kinkSegments(frame, { layer: 0, unit: 1 }), [0.5, -2, 0.5, 2], 1e-6);
    expectSegment(kinkSegments(frame, { layer: 0, unit: 2 }), [-1 / 3, -2, 1, 2], 1e-6);
    expect(kinkSegments(frame, { layer: 0, unit: 3 }).length).toBe(0);
    expect(kinkSegments({ ...frame, finite: false }, { layer: 0, unit: 0 }).length).toBe(0);
  });
});

function fakeFrame(sizes: number[], weights: Float32Array, resolution = 8): NetworkFrame {
  const drawn = drawnUnits(sizes);
  const units = drawn.reduce((a, b) => a + b, 0);
  return {
    sizes,
    drawn,
    activation: 'relu',
    resolution,
    extent: 2,
    maps: new Uint8Array(units * resolution * resolution),
    ranges: new Float32Array(2 * units),
    output: new Uint8Array(resolution * resolution),
    weights,
    finite: true,
  };
}

describe('the zero contour traced from a map', () => {
  it('of an affine function lies on its exact line, to float precision, over 5 seeds (all 5)', () => {
    const n = 64;
    const xy = gridPoints(n, 2);
    for (let seed = 1; seed <= 5; seed++) {
      const rng = createRng(seed);
      const [w1, w2, b] = [rng.normal(), rng.normal(), 0.5 * rng.normal()];
      const values = new Float32Array(n * n);
      for (let k = 0; k < n * n; k++) values[k] = w1 * xy[2 * k]! + w2 * xy[2 * k + 1]! + b;
      const seg = zeroContour(values, n, 2);
      const line = lineInSquare(w1, w2, b, 2);
      if (!line) {
        expect(seg.length, `seed ${seed}`).toBe(0);
        continue;
      }
      expect(seg.length, `seed ${seed}`).toBeGreaterThan(0);
      const norm = Math.hypot(w1, w2);
      for (let i = 0; i < seg.length; i += 2) {
        // Linear interpolation of a linear function is exact: distance to the line ~ float32 rounding.
        expect(Math.abs(w1 * seg[i]! + w2 * seg[i + 1]! + b) / norm, `seed ${seed}`).toBeLessThan(1e-5);
      }
      // It ends exactly where the line leaves the grid's hull (cell centres: half a cell inside the border).
      const hull = lineInSquare(w1, w2, b, 2 - 2 / n);
      if (!hull) continue;
      for (const [ex, ey] of [[hull[0], hull[1]], [hull[2], hull[3]]] as [number, number][]) {
        let nearest = Infinity;
        for (let i = 0; i < seg.length; i += 2) nearest = Math.min(nearest, Math.hypot(seg[i]! - ex, seg[i + 1]! - ey));
        expect(nearest, `seed ${seed}`).toBeLessThan(1e-5);
      }
    }
  });

  it('of |x| − 1 (two lines) finds both, and none for a function with no zero', () => {
    const n = 16;
    const xy = gridPoints(n, 2);
    const v = new Float32Array(n * n);
    for (let k = 0; k < n * n; k++) v[k] = Math.abs(xy[2 * k]!) - 1;
    const seg = zeroContour(v, n, 2);
    const xs = new Set<number>();
    for (let i = 0; i < seg.length; i += 2) xs.add(Math.round(seg[i]! * 1e4) / 1e4);
    expect([...xs].sort()).toEqual([-1, 1]);
    expect(zeroContour(new Float32Array(n * n).fill(1), n, 2).length).toBe(0);
  });
});

describe('quantised maps', () => {
  it('round-trip within (hi − lo)/510 per value, each map in its own range, over 5 seeds (all 5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = createRng(seed);
      const points = 100;
      const units = 3;
      const values = Float32Array.from({ length: points * units }, (_, i) => (i % units === 2 ? 7 : (1 + (i % units) * 10) * rng.normal()));
      const { maps, ranges, finite } = quantiseMaps(values, points, units);
      expect(finite).toBe(true);
      for (let u = 0; u < units; u++) {
        const lo = ranges[2 * u]!;
        const hi = ranges[2 * u + 1]!;
        for (let p = 0; p < points; p++) {
          const back = lo + (maps[u * points + p]! * (hi - lo)) / 255;
          expect(Math.abs(back - values[p * units + u]!)).toBeLessThanOrEqual((hi - lo) / 510 + 1e-6 * Math.abs(hi));
        }
      }
      // A constant map: its range is that constant, every code 0.
      expect([ranges[4], ranges[5]]).toEqual([7, 7]);
    }
  });

  it('marks non-finite values, so the page says there is nothing to map', () => {
    const { finite, ranges } = quantiseMaps(Float32Array.from([1, NaN, 2, 3]), 2, 2);
    expect(finite).toBe(false);
    expect(ranges[0]).toBe(1);
    expect(ranges[2]).toBeNaN();
  });
});

describe('which units are drawn', () => {
  it('caps each hidden layer at MAX_DRAWN_UNITS and indexes maps in layer order', () => {
    expect(drawnUnits([2, 16, 16, 2])).toEqual([16, 16]);
    expect(drawnUnits([2, 64, 3, 2])).toEqual([MAX_DRAWN_UNITS, 3]);
    const drawn = drawnUnits([2, 64, 3, 2]);
    expect(mapIndex(drawn, { layer: 1, unit: 2 })).toBe(MAX_DRAWN_UNITS + 2);
    expect(mapIndex(drawn, { layer: 0, unit: 20 })).toBe(-1);
    expect(mapIndex(drawn, { layer: 2, unit: 0 })).toBe(-1);
    const frame = fakeFrame([2, 3, 2], new Float32Array(17));
    expect(unitValues(frame, { layer: 0, unit: 5 })).toBeNull();
  });
});
