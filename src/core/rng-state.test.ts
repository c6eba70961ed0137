import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('Rng state', () => {
  it('setState(getState()) continues the stream exactly, including a cached normal', () => {
    const a = createRng(7);
    for (let i = 0; i < 5; i++) a.next();
    a.normal(); // leaves the second Box–Muller value cached
    const b = createRng(123);
    b.setState(a.getState());
    expect(Number.isNaN(a.getState()[1]!)).toBe(false);
    const take = (r: ReturnType<typeof createRng>) => [r.normal(), r.normal(), r.next(), r.int(1000)];
    expect(take(b)).toEqual(take(a));
    // No spare cached: NaN; a bad state changes nothing.
    const c = createRng(3);
    expect(Number.isNaN(c.getState()[1]!)).toBe(true);
    const before = c.getState();
    c.setState([]);
    c.setState([NaN, 0]);
    expect(c.getState()).toEqual(before);
  });

  it('fillUniform is the stream of next(), clamped to [lo, hi], and leaves the state where next() would', () => {
    for (const seed of [1, 7, 0x7fffffff, 0xfffffff0]) {
      const a = createRng(seed);
      const b = createRng(seed);
      const filled = new Float32Array(10_000);
      a.fillUniform(filled, 1e-3, 1 - 1e-3);
      const expected = Float32Array.from({ length: filled.length }, () => Math.min(Math.max(b.next(), 1e-3), 1 - 1e-3));
      expect(filled).toEqual(expected);
      expect(a.getState()).toEqual(b.getState());
      expect(a.next()).toBe(b.next());
    }
  });
});
