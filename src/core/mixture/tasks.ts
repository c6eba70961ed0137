/**
 * The two conditional tasks whose answer has several values for one input:
 * - `inverse`: Bishop's inverse problem (Pattern Recognition and Machine Learning §5.6): y ~ U(0, 1),
 *   x = y + 0.3 sin(2πy) + noise; predicting y from x has up to three answers (three branches of the
 *   inverse of x(y) for 0.414 < x < 0.586, one elsewhere).
 * - `arms`: a 2-D answer. x ~ U(0, 1) and the point lies on one of three arms that turn with x: angle
 *   2πk/3 + πx (k = 0, 1, 2 equally likely), radius 0.35 + 0.45x, plus isotropic noise. At every x there
 *   are three answers, and their average is the origin, where no data lie.
 * Everything here is plain arithmetic on the run's seeded streams.
 */
import type { Rng } from '../rng';

export type TaskId = 'inverse' | 'arms';

export interface TaskInfo {
  id: TaskId;
  /** Output dimension. */
  D: 1 | 2;
  /** Range of the input drawn in figures. */
  xRange: [number, number];
  /** Range of each output coordinate drawn in figures. */
  yRange: [number, number];
  /** Where the mixture's means start (the middle of the data). */
  centre: number;
}

export const TASKS: Record<TaskId, TaskInfo> = {
  inverse: { id: 'inverse', D: 1, xRange: [-0.1, 1.1], yRange: [-0.1, 1.1], centre: 0.5 },
  arms: { id: 'arms', D: 2, xRange: [0, 1], yRange: [-1, 1], centre: 0 },
};

/** x(y) of the inverse problem without noise. */
export const forward = (y: number) => y + 0.3 * Math.sin(2 * Math.PI * y);

/** The network's input: x moved to about [−1, 1], so tanh units start in their working range. */
export const inputOf = (x: number) => 2 * (x - 0.5);

export interface Dataset {
  n: number;
  D: number;
  x: Float64Array;
  /** Row-major [n, D]. */
  y: Float64Array;
}

/** n points of a task, drawn from `rng` in a fixed order (so the same seed gives the same data). */
export function sampleTask(task: TaskId, n: number, noise: number, rng: Rng): Dataset {
  const D = TASKS[task].D;
  const x = new Float64Array(n);
  const y = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    if (task === 'inverse') {
      const t = rng.next();
      y[i] = t;
      x[i] = forward(t) + noise * rng.normal();
    } else {
      const t = rng.next();
      const k = rng.int(3);
      const [a, b] = armPoint(k, t);
      x[i] = t;
      y[2 * i] = a + noise * rng.normal();
      y[2 * i + 1] = b + noise * rng.normal();
    }
  }
  return { n, D, x, y };
}

/** The noise-free point of arm k at input x. */
export function armPoint(k: number, x: number): [number, number] {
  const angle = (2 * Math.PI * k) / 3 + Math.PI * x;
  const r = 0.35 + 0.45 * x;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

/**
 * All y in [0, 1] with y + 0.3 sin(2πy) = x: a scan for sign changes on 2,000 cells, then 60 bisection
 * steps each (exact to about 1e-15). These are the branches, and the modes of p(y | x) as the noise
 * shrinks.
 */
export function inverseBranches(x: number): number[] {
  const cells = 2000;
  const roots: number[] = [];
  const g = (y: number) => forward(y) - x;
  let a = 0;
  let ga = g(a);
  if (ga === 0) roots.push(0);
  for (let i = 1; i <= cells; i++) {
    const b = i / cells;
    const gb = g(b);
    if (gb === 0) roots.push(b);
    else if (ga * gb < 0) {
      let lo = a;
      let hi = b;
      for (let j = 0; j < 60; j++) {
        const mid = (lo + hi) / 2;
        if (g(lo) * g(mid) <= 0) hi = mid;
        else lo = mid;
      }
      roots.push((lo + hi) / 2);
    }
    a = b;
    ga = gb;
  }
  return roots;
}

/** The true answers at input x, each a D-vector. */
export function trueModes(task: TaskId, x: number): number[][] {
  if (task === 'inverse') return inverseBranches(x).map((y) => [y]);
  return [0, 1, 2].map((k) => armPoint(k, x));
}

/** Input points where mode coverage is judged: inside the data's range, away from its ends. */
export function coverageInputs(task: TaskId, count = 41): Float64Array {
  const [lo, hi] = task === 'inverse' ? [0.05, 0.95] : [0.05, 0.95];
  return Float64Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}
