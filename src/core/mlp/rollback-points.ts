/**
 * Where a diverged run rolls back to: the start of the newest slice whose step losses all stayed calm
 * (at most 10 × the best loss so far, or twice the first loss, whichever is larger), else the start
 * of the slice that blew up. The weights just before the first non-finite step are finite but can be
 * huge (a rate too high for a few slices before the overflow), and rolled back to them training
 * diverged again at the next step, whatever the rate; from before the climb it trains on.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface RollbackPoint {
  theta: tf.Tensor1D;
  step: number;
}

/** How far above the best loss so far a step loss may be and its slice still count as calm. */
const CALM_FACTOR = 10;

export class RollbackPoints {
  private calm: RollbackPoint | null = null;
  private current: RollbackPoint | null = null;
  private best = Infinity;
  private first = NaN;

  /** Before a slice: the weights it starts from (copied). */
  begin(theta: tf.Tensor1D, step: number): void {
    this.current?.theta.dispose();
    this.current = { theta: tf.clone(theta), step };
  }

  /** After a slice that stayed finite: its start becomes the rollback point if its losses stayed calm. */
  settle(losses: ArrayLike<number>): void {
    let max = -Infinity;
    for (let i = 0; i < losses.length; i++) {
      const l = losses[i]!;
      if (Number.isNaN(this.first)) this.first = l;
      this.best = Math.min(this.best, l);
      max = Math.max(max, l);
    }
    if (this.current && max <= Math.max(CALM_FACTOR * this.best, 2 * this.first)) {
      this.calm?.theta.dispose();
      this.calm = this.current;
      this.current = null;
    }
  }

  /** After a divergence: the point to go back to, now the caller's to dispose; the others are dropped. */
  take(): RollbackPoint | null {
    const point = this.calm ?? this.current;
    if (point !== this.current) this.current?.theta.dispose();
    this.calm = null;
    this.current = null;
    return point;
  }

  /** A new run or another timeline (reset, rebuild, restore): nothing from before applies. */
  clear(): void {
    this.calm?.theta.dispose();
    this.current?.theta.dispose();
    this.calm = null;
    this.current = null;
    this.best = Infinity;
    this.first = NaN;
  }
}
