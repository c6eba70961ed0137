/**
 * What a learner's network says, read without training: the mixture at an input, the density
 * p(y | x) on a grid (the hero heatmap), the components' means and weights across x, the test NLL,
 * which true modes it covers and which components it no longer uses.
 */
import { forwardNet, LOG_2PI, mixtureHead } from './network';
import { Scratch } from './credit';
import type { Learner } from './learner';
import { coverageInputs, inputOf, TASKS, trueModes, type Dataset, type TaskId } from './tasks';

/** A component covers a true mode when it holds at least this weight at x ... */
export const COVER_WEIGHT = 0.05;
/** ... and its mean lies within this distance of the mode (data units). */
export const COVER_TOLERANCE = 0.08;
/** Branches of the inverse problem closer than this to another branch (near a fold) are not judged. */
export const MODE_SEPARATION = 0.16;
/** A component whose weight stays below this at every judged input is unused (“dead”). */
export const DEAD_WEIGHT = 0.01;

export interface MixtureView {
  K: number;
  pi: Float64Array;
  /** [K, D] */
  mu: Float64Array;
  sigma: Float64Array;
}

/** Evaluates learners' mixtures at chosen inputs; one per learner (it owns scratch space). */
export class MixtureReader {
  private readonly s: Scratch;
  readonly view: MixtureView;

  constructor(
    readonly learner: Learner,
    /** σ of the single Gaussian (its RMS residual on the training data); unused for mixtures. */
    private readonly singleSigma: number,
  ) {
    const K = learner.mixture ? learner.K : 1;
    this.s = new Scratch(learner.shape, Math.max(K, 1));
    this.view = { K, pi: new Float64Array(K), mu: new Float64Array(K * learner.D), sigma: new Float64Array(K) };
  }

  /** The mixture the learner predicts at input x (written into this.view). */
  at(x: number, floor: number): MixtureView {
    const l = this.learner;
    const v = this.view;
    forwardNet(l.params, l.shape, inputOf(x), this.s.hidden, this.s.out);
    if (!l.mixture) {
      v.pi[0] = 1;
      for (let d = 0; d < l.D; d++) v.mu[d] = this.s.out[d]!;
      v.sigma[0] = this.singleSigma;
      return v;
    }
    mixtureHead(this.s.out, l.K, l.D, floor, this.s.logPi, v.sigma);
    for (let k = 0; k < l.K; k++) v.pi[k] = Math.exp(this.s.logPi[k]!);
    for (let i = 0; i < l.K * l.D; i++) v.mu[i] = this.s.out[l.K + i]!;
    return v;
  }
}

/** Density of the mixture `v` at the D-vector y. */
export function density(v: MixtureView, D: number, y: ArrayLike<number>): number {
  let p = 0;
  for (let k = 0; k < v.K; k++) {
    const s = v.sigma[k]!;
    let d2 = 0;
    for (let d = 0; d < D; d++) d2 += (y[d]! - v.mu[k * D + d]!) ** 2;
    p += v.pi[k]! * Math.exp(-D * Math.log(s) - 0.5 * D * LOG_2PI - d2 / (2 * s * s));
  }
  return p;
}

/** RMS residual of the single Gaussian's mean on a data set (its maximum-likelihood σ). */
export function residualSigma(learner: Learner, data: Dataset): number {
  const s = new Scratch(learner.shape, 1);
  let sum = 0;
  for (let i = 0; i < data.n; i++) {
    forwardNet(learner.params, learner.shape, inputOf(data.x[i]!), s.hidden, s.out);
    for (let d = 0; d < data.D; d++) sum += (s.out[d]! - data.y[i * data.D + d]!) ** 2;
  }
  return Math.sqrt(sum / (data.n * data.D)) || 1e-6;
}

/** Mean negative log-likelihood of a data set under the learner's mixture (nats per point). */
export function meanNll(reader: MixtureReader, data: Dataset, floor: number): number {
  let s = 0;
  const y = new Float64Array(data.D);
  for (let i = 0; i < data.n; i++) {
    const v = reader.at(data.x[i]!, floor);
    for (let d = 0; d < data.D; d++) y[d] = data.y[i * data.D + d]!;
    s -= Math.log(density(v, data.D, y));
  }
  return s / data.n;
}

/**
 * The density of `v` at `count` points of one coordinate line, one exp per point and component: the
 * per-component constants (π/(σ√2π)^D, 1/2σ², the fixed coordinates' squared distance) are set once.
 * `fixed` is the other coordinate's value (D = 2) or unused (D = 1); the line runs along coordinate 0
 * for D = 2 and along y for D = 1.
 */
function densityLine(v: MixtureView, D: number, fixed: number, start: number, delta: number, count: number, out: Float32Array, offset: number, stride: number): void {
  for (let i = 0; i < count; i++) out[offset + i * stride] = 0;
  for (let k = 0; k < v.K; k++) {
    const s = v.sigma[k]!;
    const coef = v.pi[k]! * Math.exp(-D * Math.log(s) - 0.5 * D * LOG_2PI);
    const inv = 1 / (2 * s * s);
    const base = D === 2 ? (fixed - v.mu[k * D + 1]!) ** 2 : 0;
    const mu0 = v.mu[k * D]!;
    for (let i = 0; i < count; i++) {
      const e = start + i * delta - mu0;
      out[offset + i * stride] = out[offset + i * stride]! + coef * Math.exp(-(base + e * e) * inv);
    }
  }
}

/**
 * p(y | x) on a G × G grid, row 0 at the top. Inverse problem: x across, y up. Arms: the plane of
 * answers (y₁ across, y₂ up) at the one input x = slice.
 */
export function densityGrid(reader: MixtureReader, task: TaskId, floor: number, slice: number, G: number, out: Float32Array): void {
  const info = TASKS[task];
  const [y0, y1] = info.yRange;
  const h = (y1 - y0) / G;
  if (task === 'inverse') {
    const [x0, x1] = info.xRange;
    // Column c: y from the top row (y1 − h/2) downwards.
    for (let c = 0; c < G; c++) densityLine(reader.at(x0 + ((c + 0.5) * (x1 - x0)) / G, floor), 1, 0, y1 - h / 2, -h, G, out, c, G);
    return;
  }
  const v = reader.at(slice, floor);
  for (let r = 0; r < G; r++) densityLine(v, 2, y1 - (r + 0.5) * h, y0 + h / 2, h, G, out, r * G, 1);
}

export interface Components {
  xs: Float32Array;
  /** [nX, K, D] */
  means: Float32Array;
  /** [nX, K] */
  weights: Float32Array;
  /** [nX, K] */
  sigmas: Float32Array;
}

/** The nX inputs, evenly spaced over 0–1 (the data's range), where the components are drawn. */
export function componentInputs(_task: TaskId, nX: number): Float32Array {
  return Float32Array.from({ length: nX }, (_, i) => i / (nX - 1));
}

/** The components' means, weights and σ at nX inputs across the task's range. */
export function componentsAcross(reader: MixtureReader, task: TaskId, floor: number, nX: number): Components {
  const xsIn = componentInputs(task, nX);
  const K = reader.view.K;
  const D = reader.learner.D;
  const out: Components = { xs: new Float32Array(nX), means: new Float32Array(nX * K * D), weights: new Float32Array(nX * K), sigmas: new Float32Array(nX * K) };
  for (let i = 0; i < nX; i++) {
    const x = xsIn[i]!;
    const v = reader.at(x, floor);
    out.xs[i] = x;
    out.means.set(v.mu, i * K * D);
    out.weights.set(v.pi, i * K);
    out.sigmas.set(v.sigma, i * K);
  }
  return out;
}

export interface Coverage {
  /** Share of the judged (input, true mode) pairs that some component covers. */
  fraction: number;
  /** Mean number of modes covered at the inputs with three judged modes. */
  modesAtThree: number;
  /** Components whose weight stays below DEAD_WEIGHT at every judged input. */
  dead: number;
}

/** Which true modes the learner's components cover (rule: COVER_WEIGHT and COVER_TOLERANCE above). */
export function coverage(reader: MixtureReader, task: TaskId, floor: number): Coverage {
  const D = reader.learner.D;
  const K = reader.view.K;
  const maxWeight = new Float64Array(K);
  let judged = 0;
  let covered = 0;
  let threeInputs = 0;
  let threeCovered = 0;
  for (const x of coverageInputs(task)) {
    const v = reader.at(x, floor);
    for (let k = 0; k < K; k++) maxWeight[k] = Math.max(maxWeight[k]!, v.pi[k]!);
    const modes = judgedModes(task, x);
    let here = 0;
    for (const m of modes) {
      let hit = false;
      for (let k = 0; k < K && !hit; k++) hit = v.pi[k]! >= COVER_WEIGHT && dist(m, v.mu.subarray(k * D, (k + 1) * D)) <= COVER_TOLERANCE;
      if (hit) here++;
    }
    judged += modes.length;
    covered += here;
    if (modes.length === 3) {
      threeInputs++;
      threeCovered += here;
    }
  }
  let dead = 0;
  for (let k = 0; k < K; k++) if (maxWeight[k]! < DEAD_WEIGHT) dead++;
  return { fraction: judged ? covered / judged : NaN, modesAtThree: threeInputs ? threeCovered / threeInputs : NaN, dead };
}

/** The true modes judged at x (those at least MODE_SEPARATION from the others), cached: root finding is the costly part. */
const modeCache = new Map<string, number[][]>();
function judgedModes(task: TaskId, x: number): number[][] {
  const key = `${task}:${x}`;
  let modes = modeCache.get(key);
  if (!modes) {
    const all = trueModes(task, x);
    modes = all.filter((m, i) => all.every((o, j) => j === i || dist(m, o) >= MODE_SEPARATION));
    if (modeCache.size > 1000) modeCache.clear();
    modeCache.set(key, modes);
  }
  return modes;
}

function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += (a[d]! - b[d]!) ** 2;
  return Math.sqrt(s);
}
