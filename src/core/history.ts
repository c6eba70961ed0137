/**
 * A bounded record of named series over steps. It keeps one point every `every` steps; when it holds
 * more than `capacity` points it drops every other one and doubles `every`, so a long run costs fixed
 * memory and the curve keeps its shape. Deterministic: what is kept depends only on step numbers.
 */
/** What `toSnapshot` returns: the kept steps and one array per series name. */
export type HistoryFrame<N extends string = string> = { steps: Float32Array } & { [K in N]: Float32Array };

export class History<N extends string = string> {
  private steps: number[] = [];
  private series: number[][];
  private every: number;

  constructor(
    readonly names: readonly N[],
    private readonly baseEvery: number,
    private readonly capacity = 1024,
  ) {
    this.every = baseEvery;
    this.series = names.map(() => []);
  }

  due(step: number): boolean {
    return step % this.every === 0;
  }

  push(step: number, values: readonly number[]): void {
    if (!this.due(step)) return;
    this.steps.push(step);
    values.forEach((v, i) => this.series[i]!.push(v));
    if (this.steps.length > this.capacity) {
      this.every *= 2;
      const keep = (_: number, i: number) => this.steps[i]! % this.every === 0;
      this.series = this.series.map((s) => s.filter(keep));
      this.steps = this.steps.filter((s) => s % this.every === 0);
    }
  }

  /** Load what toSnapshot produced (used when a restarted worker resumes a run). */
  load(steps: ArrayLike<number>, series: ArrayLike<number>[]): void {
    this.steps = Array.from(steps);
    this.series = this.names.map((_, i) => Array.from(series[i] ?? []));
    this.every = this.baseEvery;
    const last = this.steps.length > 1 ? this.steps[this.steps.length - 1]! - this.steps[this.steps.length - 2]! : this.baseEvery;
    while (this.every < last) this.every *= 2;
  }

  clear(): void {
    this.every = this.baseEvery;
    this.steps = [];
    this.series = this.names.map(() => []);
  }

  get length(): number {
    return this.steps.length;
  }

  /** Fresh typed arrays (safe to transfer). */
  toSnapshot(): HistoryFrame<N> {
    const out: Record<string, Float32Array> = { steps: Float32Array.from(this.steps) };
    this.names.forEach((name, i) => (out[name] = Float32Array.from(this.series[i]!)));
    return out as HistoryFrame<N>;
  }
}
