/**
 * Directions in weight space for loss-surface plots, as plain Float32Arrays in the flat MLP's layout.
 * Everything here is cheap JS over a few hundred numbers; the expensive part (evaluating the loss at
 * many points along them) is batched in `batched-loss.ts`.
 */
import type { MlpLayout } from '../mlp/flat-mlp';
import type { Rng } from '../rng';

/** A Gaussian vector shaped like the weights (the raw material of a random direction). */
export function gaussianDirection(layout: MlpLayout, rng: Rng): Float32Array {
  const d = new Float32Array(layout.size);
  for (let k = 0; k < d.length; k++) d[k] = rng.normal();
  return d;
}

/**
 * Filter normalisation (Li et al. 2018): every neuron's incoming weights in `d` are rescaled to the
 * norm of the same neuron's weights in `theta`, so a step of 1 along `d` moves each neuron by about its
 * own size whatever the layer's scale; biases get 0. Returns a new array.
 */
export function filterNormalize(raw: Float32Array, theta: Float32Array, layout: MlpLayout): Float32Array {
  const d = new Float32Array(layout.size);
  for (const l of layout.layers) {
    for (let j = 0; j < l.outputs; j++) {
      let dn = 0;
      let tn = 0;
      for (let i = 0; i < l.inputs; i++) {
        const k = l.wOffset + i * l.outputs + j;
        dn += raw[k]! * raw[k]!;
        tn += theta[k]! * theta[k]!;
      }
      const scale = Math.sqrt(tn) / (Math.sqrt(dn) + 1e-10);
      for (let i = 0; i < l.inputs; i++) {
        const k = l.wOffset + i * l.outputs + j;
        d[k] = raw[k]! * scale;
      }
    }
  }
  return d;
}

/** Norm of neuron j's incoming weights in layer l (the "filter" of filter normalisation). */
export function neuronNorm(v: Float32Array, layout: MlpLayout, l: number, j: number): number {
  const layer = layout.layers[l]!;
  let s = 0;
  for (let i = 0; i < layer.inputs; i++) s += v[layer.wOffset + i * layer.outputs + j]! ** 2;
  return Math.sqrt(s);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function difference(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k]! - b[k]!;
  return out;
}

/** `v` minus its component along `u`, rescaled to `length` (0 when nothing is left). */
export function orthogonalTo(v: Float32Array, u: Float32Array, length: number): Float32Array {
  const uu = dot(u, u);
  const c = uu > 0 ? dot(v, u) / uu : 0;
  const out = new Float32Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = v[k]! - c * u[k]!;
  const n = norm(out);
  if (!(n > 0)) return new Float32Array(v.length);
  for (let k = 0; k < out.length; k++) out[k] = (out[k]! * length) / n;
  return out;
}

export interface PcaResult {
  /** Unit principal directions of the trajectory, scaled so the path's largest |coordinate| along each is 1. */
  d1: Float32Array;
  d2: Float32Array;
  /** Coordinates of each recorded point (relative to `centre`) along d1 and d2. */
  a: Float32Array;
  b: Float32Array;
  /** Share of the trajectory's variance each direction explains. */
  explained: [number, number];
}

/**
 * Top-2 principal directions of the recorded weight trajectory around `centre` (the current weights),
 * as in Li et al.'s path plots. Uses the T×T Gram matrix (T ≤ a few hundred points) and power
 * iteration with deflation. Returns null when the trajectory spans fewer than two directions.
 */
export function trajectoryPca(points: Float32Array[], centre: Float32Array): PcaResult | null {
  const t = points.length;
  if (t < 3) return null;
  const rows = points.map((p) => difference(p, centre));
  const gram = new Float64Array(t * t);
  let total = 0;
  for (let i = 0; i < t; i++) {
    for (let j = i; j < t; j++) {
      const g = dot(rows[i]!, rows[j]!);
      gram[i * t + j] = g;
      gram[j * t + i] = g;
    }
    total += gram[i * t + i]!;
  }
  if (!(total > 0) || !Number.isFinite(total)) return null;
  const vectors: Float64Array[] = [];
  const values: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(t).map((_, i) => 1 + ((i * 7919) % 13) / 13);
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(t);
      for (let i = 0; i < t; i++) {
        let s = 0;
        for (let j = 0; j < t; j++) s += gram[i * t + j]! * v[j]!;
        w[i] = s;
      }
      for (let p = 0; p < vectors.length; p++) {
        const u = vectors[p]!;
        const proj = values[p]! * dot(u, v);
        for (let i = 0; i < t; i++) w[i]! -= proj * u[i]!;
      }
      const n = norm(w);
      if (!(n > 0)) break;
      lambda = n;
      const next = w.map((x) => x / n);
      const change = Math.abs(1 - Math.abs(dot(next, v)));
      v = next;
      if (change < 1e-12) break;
    }
    vectors.push(v);
    values.push(lambda);
  }
  if (!(values[1]! > total * 1e-9)) return null;
  // Map the Gram eigenvectors back to weight space: d = Σ_i v_i row_i, then make unit length.
  const dirs = vectors.map((v) => {
    const d = new Float32Array(centre.length);
    for (let i = 0; i < t; i++) for (let k = 0; k < d.length; k++) d[k]! += v[i]! * rows[i]![k]!;
    const n = norm(d);
    for (let k = 0; k < d.length; k++) d[k] = d[k]! / n;
    return d;
  });
  const coords = dirs.map((d) => Float32Array.from(rows, (r) => dot(r, d)));
  // Scale each direction to the path's reach along it, so a span of 1 frames the whole path.
  coords.forEach((c, idx) => {
    const reach = Math.max(...Array.from(c, Math.abs)) || 1;
    for (let k = 0; k < dirs[idx]!.length; k++) dirs[idx]![k] = dirs[idx]![k]! * reach;
    for (let k = 0; k < c.length; k++) c[k] = c[k]! / reach;
  });
  return { d1: dirs[0]!, d2: dirs[1]!, a: coords[0]!, b: coords[1]!, explained: [values[0]! / total, values[1]! / total] };
}
