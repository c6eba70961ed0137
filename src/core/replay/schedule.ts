/**
 * A memory schedule for backprop through time: the list of operations a strategy emits and the
 * executor runs. Advances are stored as runs (from -> to), so even s = 1 at T = 4096 (8.4 million
 * advances) is a schedule of about 3T operations the timeline can draw.
 *
 * The machine it drives has one working register holding some h_t, plus checkpoints:
 *   advance a -> b   register h_a becomes h_b (b - a forward steps)
 *   store t          copy the register (h_t) into a checkpoint
 *   restore t        copy checkpoint t into the register
 *   free t           drop checkpoint t
 *   backward t       with h_{t-1} in the register, re-run step t and send dL/dh_t back to dL/dh_{t-1}
 */

export const OP = { advance: 0, store: 1, restore: 2, free: 3, backward: 4 } as const;
export type OpKind = (typeof OP)[keyof typeof OP];
export const OP_NAMES = ['advance', 'store', 'restore', 'free', 'backward'] as const;

export interface Schedule {
  /** Steps reversed. */
  T: number;
  /** Operations, in order. */
  length: number;
  kind: Uint8Array;
  /** The state an advance starts from; the time step of every other operation. */
  from: Int32Array;
  /** The state an advance ends at; equal to `from` for every other operation. */
  to: Int32Array;
}

/** Writes a schedule while tracking where the register will be, so restores are only emitted when needed. */
export class ScheduleBuilder {
  private kind = new Uint8Array(256);
  private from = new Int32Array(256);
  private to = new Int32Array(256);
  private count = 0;
  /** The state index the register holds after the operations written so far. */
  register = 0;

  constructor(readonly T: number) {}

  private push(kind: OpKind, from: number, to: number): void {
    if (this.count === this.kind.length) {
      const grow = <A extends Uint8Array | Int32Array>(a: A, make: (n: number) => A): A => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.kind = grow(this.kind, (n) => new Uint8Array(n));
      this.from = grow(this.from, (n) => new Int32Array(n));
      this.to = grow(this.to, (n) => new Int32Array(n));
    }
    this.kind[this.count] = kind;
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.count++;
  }

  advance(to: number): void {
    if (to <= this.register) return;
    this.push(OP.advance, this.register, to);
    this.register = to;
  }

  store(): void {
    this.push(OP.store, this.register, this.register);
  }

  restore(t: number): void {
    if (this.register === t) return;
    this.push(OP.restore, t, t);
    this.register = t;
  }

  free(t: number): void {
    this.push(OP.free, t, t);
  }

  /** Reverse step t; the register must hold h_{t-1} and keeps it. */
  backward(t: number): void {
    this.push(OP.backward, t, t);
  }

  build(): Schedule {
    return {
      T: this.T,
      length: this.count,
      kind: this.kind.slice(0, this.count),
      from: this.from.slice(0, this.count),
      to: this.to.slice(0, this.count),
    };
  }
}
