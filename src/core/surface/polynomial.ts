/**
 * Real roots of the polynomials the exact kink walk (kinks.ts) meets along a line in weight space:
 * coefficients lowest degree first. Closed form up to degree 2 (allocation-free variants for the walk's
 * inner loop), bracketed bisection between critical points above that.
 */

/** p(t) by Horner; coefficients lowest degree first. */
export function evaluate(p: Float64Array, t: number): number {
  let v = 0;
  for (let i = p.length - 1; i >= 0; i--) v = v * t + p[i]!;
  return v;
}

export function derivative(p: Float64Array): Float64Array {
  const d = new Float64Array(Math.max(1, p.length - 1));
  for (let i = 1; i < p.length; i++) d[i - 1] = i * p[i]!;
  return d;
}

/**
 * The sign of p just to the right of t (1, −1, or 0 for the zero polynomial): the sign of the first
 * Taylor coefficient at t that is not zero up to rounding.
 */
export function signRight(p: Float64Array, t: number): number {
  if (p.length <= 3) return signRightAt(p, 0, p.length, t);
  let q = p;
  let scale = 0;
  for (let i = 0; i < p.length; i++) scale = Math.max(scale, Math.abs(p[i]!) * Math.max(1, Math.abs(t)) ** i);
  const tol = 1e-12 * scale;
  for (let k = 0; k < p.length; k++) {
    const v = evaluate(q, t);
    if (Math.abs(v) > tol) return v > 0 ? 1 : -1;
    q = derivative(q);
  }
  return 0;
}

/** Real roots of p in the open interval (a, b) where p changes sign, ascending. */
export function signChangeRoots(p: Float64Array, a: number, b: number): number[] {
  let deg = p.length - 1;
  while (deg > 0 && p[deg] === 0) deg--;
  if (deg === 0) return [];
  if (deg === 1) {
    const r = -p[0]! / p[1]!;
    return r > a && r < b ? [r] : [];
  }
  if (deg === 2) {
    const [c, bb, aa] = [p[0]!, p[1]!, p[2]!];
    const disc = bb * bb - 4 * aa * c;
    if (disc <= 0) return []; // no root, or a double root where the sign does not change
    // The stable pair of roots: q = −(b + sign(b)√disc)/2, roots q/a and c/q.
    const q = -0.5 * (bb + (bb >= 0 ? 1 : -1) * Math.sqrt(disc));
    const roots = [q / aa, q !== 0 ? c / q : -bb / aa].sort((x, y) => x - y);
    return roots.filter((r) => r > a && r < b);
  }
  // Higher degree: p is monotone between consecutive critical points, so each piece whose ends differ
  // in sign holds exactly one root, found by bisection to the last bit.
  const cuts = [a, ...signChangeRoots(derivative(p.subarray(0, deg + 1)), a, b), b];
  const roots: number[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    let lo = cuts[i]!;
    let hi = cuts[i + 1]!;
    let flo = evaluate(p, lo);
    const fhi = evaluate(p, hi);
    if (flo === 0 || fhi === 0 || flo > 0 === fhi > 0) continue;
    for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); it++) {
      const mid = 0.5 * (lo + hi);
      const fm = evaluate(p, mid);
      if (fm === 0) {
        lo = hi = mid;
        break;
      }
      if (fm > 0 === flo > 0) {
        lo = mid;
        flo = fm;
      } else hi = mid;
    }
    roots.push(0.5 * (lo + hi));
  }
  return roots;
}

/**
 * For a polynomial of degree ≤ 2 stored at p[o … o + len): writes its sign-changing roots in (t, hi)
 * into `out` (cleared first) and returns its sign just right of t. No allocation: the walk calls this
 * for every unit of a layer after each crossing.
 */
export function lowRoots(p: Float64Array, o: number, len: number, t: number, hi: number, out: number[]): number {
  const c0 = p[o]!;
  const c1 = len > 1 ? p[o + 1]! : 0;
  const c2 = len > 2 ? p[o + 2]! : 0;
  out.length = 0;
  if (c2 !== 0) {
    const disc = c1 * c1 - 4 * c2 * c0;
    if (disc > 0) {
      const q = -0.5 * (c1 + (c1 >= 0 ? 1 : -1) * Math.sqrt(disc));
      let r1 = q / c2;
      let r2 = q !== 0 ? c0 / q : -c1 / c2;
      if (r1 > r2) [r1, r2] = [r2, r1];
      if (r1 > t && r1 < hi) out.push(r1);
      if (r2 > t && r2 < hi) out.push(r2);
    }
  } else if (c1 !== 0) {
    const r = -c0 / c1;
    if (r > t && r < hi) out.push(r);
  }
  return signRightAt(p, o, len, t);
}

/** signRight for a polynomial of degree ≤ 2 stored at p[o … o + len), without allocating. */
export function signRightAt(p: Float64Array, o: number, len: number, t: number): number {
  const c0 = p[o]!;
  const c1 = len > 1 ? p[o + 1]! : 0;
  const c2 = len > 2 ? p[o + 2]! : 0;
  const at = Math.max(1, Math.abs(t));
  const tol = 1e-12 * Math.max(Math.abs(c0), Math.abs(c1) * at, Math.abs(c2) * at * at);
  const v = c0 + t * (c1 + t * c2);
  if (Math.abs(v) > tol) return v > 0 ? 1 : -1;
  const slope = c1 + 2 * c2 * t;
  if (Math.abs(slope) > tol) return slope > 0 ? 1 : -1;
  return c2 > 0 ? 1 : c2 < 0 ? -1 : 0;
}

/** lowRoots for any degree (allocates; used past the second hidden layer). */
export function highRoots(z: Float64Array, t: number, hi: number, out: number[]): number {
  out.length = 0;
  out.push(...signChangeRoots(z, t, hi));
  return signRight(z, t);
}
