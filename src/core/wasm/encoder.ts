/**
 * A minimal WebAssembly binary writer: one module with its own memory and a few exported functions,
 * and the handful of instructions (integer and float scalars, 128-bit SIMD) that the generated
 * kernels here use. Writing the bytes from TypeScript lets a kernel be specialised to a network's
 * shape at run time, in the worker, in Node tests and in the CLI alike, with no build step and no
 * generated file. Opcodes and encodings: the WebAssembly core specification, binary format
 * (https://webassembly.github.io/spec/core/binary/), SIMD prefix 0xfd.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new Error(`uleb: ${value} is not a non-negative integer`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new Error(`sleb: ${value} is not a 32-bit integer`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function f32Bytes(value: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [...b];
}

const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  f32x4Splat: 0x13,
  f32x4ExtractLane: 0x1f,
  f32x4Nearest: 0x6a,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmax: 0xeb,
  i32x4TruncSatF32x4S: 0xf8,
} as const;

/** One function's body: locals are declared up front by type, then instructions appended in order. */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  /** `params` are the function's parameters; they are locals 0 … params.length − 1. */
  constructor(readonly params: ValType[], readonly results: ValType[]) {}

  /** A new local of this type; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  private simd(sub: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(sub), ...rest);
  }

  get(index: number): this {
    return this.op(0x20, ...uleb(index));
  }
  set(index: number): this {
    return this.op(0x21, ...uleb(index));
  }
  tee(index: number): this {
    return this.op(0x22, ...uleb(index));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  f32(value: number): this {
    return this.op(0x43, ...f32Bytes(value));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Xor(): this {
    return this.op(0x73);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  /** A loop whose body `br_if 0` repeats; `end` closes it. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  end(): this {
    return this.op(0x0b);
  }

  /** v128.load at the address on the stack plus `offset` bytes (16-byte aligned). */
  v128Load(offset: number): this {
    return this.simd(SIMD.load, 4, ...uleb(offset));
  }
  /** v128.store of the vector on the stack at the address below it plus `offset`. */
  v128Store(offset: number): this {
    return this.simd(SIMD.store, 4, ...uleb(offset));
  }
  /** Four copies of the f32 at the address on the stack plus `offset` bytes. */
  load32Splat(offset: number): this {
    return this.simd(SIMD.load32Splat, 2, ...uleb(offset));
  }
  /** A v128 constant of four equal f32 lanes. */
  f32x4Const(value: number): this {
    const lane = f32Bytes(value);
    return this.simd(SIMD.const, ...lane, ...lane, ...lane, ...lane);
  }
  /** A v128 constant of four equal i32 lanes. */
  i32x4Const(value: number): this {
    const lane = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
    return this.simd(SIMD.const, ...lane, ...lane, ...lane, ...lane);
  }
  f32x4Splat(): this {
    return this.simd(SIMD.f32x4Splat);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(SIMD.f32x4ExtractLane, lane);
  }
  f32x4Add(): this {
    return this.simd(SIMD.f32x4Add);
  }
  f32x4Sub(): this {
    return this.simd(SIMD.f32x4Sub);
  }
  f32x4Mul(): this {
    return this.simd(SIMD.f32x4Mul);
  }
  f32x4Div(): this {
    return this.simd(SIMD.f32x4Div);
  }
  f32x4Min(): this {
    return this.simd(SIMD.f32x4Min);
  }
  f32x4Max(): this {
    return this.simd(SIMD.f32x4Max);
  }
  /** Pseudo-maximum: a < b ? b : a for (a, b) on the stack; one instruction on x86, keeps a NaN in a. */
  f32x4Pmax(): this {
    return this.simd(SIMD.f32x4Pmax);
  }
  f32x4Abs(): this {
    return this.simd(SIMD.f32x4Abs);
  }
  f32x4Neg(): this {
    return this.simd(SIMD.f32x4Neg);
  }
  f32x4Nearest(): this {
    return this.simd(SIMD.f32x4Nearest);
  }
  i32x4TruncSatF32x4S(): this {
    return this.simd(SIMD.i32x4TruncSatF32x4S);
  }
  i32x4Add(): this {
    return this.simd(SIMD.i32x4Add);
  }
  /** Shifts each i32 lane of the vector below the i32 on the stack left by that count. */
  i32x4Shl(): this {
    return this.simd(SIMD.i32x4Shl);
  }

  /** The body's bytes: local declarations (runs of one type), instructions, end. */
  bytes(): number[] {
    const runs: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const body = [...uleb(runs.length), ...runs.flatMap(([n, t]) => [...uleb(n), t]), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module of exported functions and one exported, growable memory named "memory" of `pages`
 * 64 KiB pages at first.
 */
export function encodeModule(functions: { name: string; body: FunctionBody }[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map(({ body }) => [0x60, ...uleb(body.params.length), ...body.params, ...uleb(body.results.length), ...body.results]);
  const out = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(types.length), ...types.flat()]),
    ...section(3, [...uleb(functions.length), ...functions.flatMap((_, i) => uleb(i))]),
    // Memory: min `pages`, no maximum (it grows to the inputs it is given).
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [
      ...uleb(functions.length + 1),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
      ...name('memory'),
      0x02,
      0,
    ]),
    ...section(10, [...uleb(functions.length), ...functions.flatMap((f) => f.body.bytes())]),
  ];
  return Uint8Array.from(out);
}
