/**
 * Seeded 2-D classification sets, two classes, coordinates roughly in [-1.5, 1.5]. Each generator is
 * a few lines of closed-form geometry plus Gaussian noise scaled by `noise`.
 */
import { createRng, type Rng } from '../rng';

export const DATASETS = ['moons', 'circles', 'xor', 'spiral'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface PointSet {
  /** Row-major [n, 2]. */
  x: Float32Array;
  /** Class labels 0 or 1. */
  y: Int32Array;
  n: number;
}

export interface SplitSet {
  train: PointSet;
  test: PointSet;
}

type Generator = (rng: Rng, label: number, i: number, n: number) => [number, number];

const generators: Record<DatasetName, Generator> = {
  moons(rng, label) {
    const t = Math.PI * rng.next();
    return label === 0 ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
  },
  circles(rng, label) {
    const t = 2 * Math.PI * rng.next();
    const r = label === 0 ? 1.2 : 0.5;
    return [r * Math.cos(t), r * Math.sin(t)];
  },
  xor(rng, label) {
    // Class 1 where the two coordinates share a sign: pick x's sign freely, then y's from the label.
    const sx = rng.next() < 0.5 ? -1 : 1;
    const sy = label === 1 ? sx : -sx;
    return [sx * (0.1 + rng.next()), sy * (0.1 + rng.next())];
  },
  spiral(_rng, label, i, n) {
    const t = (i / n) * 1.75 * 2 * Math.PI;
    const r = (0.15 + i / n) * 1.2;
    const phase = label === 0 ? 0 : Math.PI;
    return [r * Math.cos(t + phase), r * Math.sin(t + phase)];
  },
};

function makePoints(name: DatasetName, n: number, noise: number, rng: Rng): PointSet {
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const perClass = [0, 0];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const [px, py] = generators[name](rng, label, perClass[label]!, Math.ceil(n / 2));
    perClass[label]!++;
    x[2 * i] = px + noise * rng.normal();
    x[2 * i + 1] = py + noise * rng.normal();
    y[i] = label;
  }
  return { x, y, n };
}

/**
 * Generate `count` points and split them: the first `round(count * trainFraction)` of a seeded
 * shuffle train, the rest test. At least one point lands on each side.
 */
export function makeDataset(
  name: DatasetName,
  count: number,
  noise: number,
  trainFraction: number,
  rng: Rng = createRng(1),
): SplitSet {
  const all = makePoints(name, count, noise, rng);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTrain = Math.min(count - 1, Math.max(1, Math.round(count * trainFraction)));
  const pick = (idx: number[]): PointSet => {
    const x = new Float32Array(idx.length * 2);
    const y = new Int32Array(idx.length);
    idx.forEach((src, k) => {
      x[2 * k] = all.x[2 * src]!;
      x[2 * k + 1] = all.x[2 * src + 1]!;
      y[k] = all.y[src]!;
    });
    return { x, y, n: idx.length };
  };
  return { train: pick(order.slice(0, nTrain)), test: pick(order.slice(nTrain)) };
}
