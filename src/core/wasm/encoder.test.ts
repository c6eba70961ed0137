import { describe, expect, it } from 'vitest';
import { encodeModule, F32, FunctionBody, I32, sleb, uleb } from './encoder';

describe('LEB128', () => {
  it('encodes unsigned values as the specification’s examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow();
  });
  it('encodes signed 32-bit values', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(() => sleb(2 ** 31)).toThrow();
  });
});

describe('a generated module', () => {
  it('validates, runs, and computes with SIMD, a loop and memory', () => {
    // f(a, n) = Σ_{i<n} lanes of (a · [m[i], m[i], m[i], m[i]] + 1) with m in memory: exercises
    // locals, loop/br_if, load32_splat, f32x4 arithmetic, extract_lane.
    const f = new FunctionBody([F32, I32], [F32]);
    const i = f.local(I32);
    const acc = f.local(0x7b);
    f.loop();
    f.get(acc).get(i).load32Splat(0).get(0).f32x4Splat().f32x4Mul().f32x4Const(1).f32x4Add().f32x4Add().set(acc);
    f.get(i).i32(4).i32Add().tee(i).get(1).i32LtU().brIf(0);
    f.end();
    f.get(acc).f32x4ExtractLane(0).get(acc).f32x4ExtractLane(3).f32Add();
    const bytes = encodeModule([{ name: 'f', body: f }], 1);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const memory = instance.exports.memory as WebAssembly.Memory;
    new Float32Array(memory.buffer).set([1, 2, 3]);
    const run = instance.exports.f as (a: number, bytes: number) => number;
    // Two lanes of Σ (0.5 · m + 1) over m = 1, 2, 3: 2 · (3 + 3) = 12.
    expect(run(0.5, 12)).toBe(12);
    expect(memory.grow(1)).toBe(1);
  });
});
