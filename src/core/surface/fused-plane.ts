/**
 * The loss surface's rows as one fused WebAssembly SIMD kernel, generated for the network's shape.
 *
 * Why not tfjs ops: on a grid every point has its own weights θ = o + a·d₁ + b·d₂, so no tfjs matmul
 * can share a weight matrix across points without extra work (batched-loss.ts's rowLosses carries
 * each unit and a × it, 34 columns a pair where one network needs 16), and every op writes its whole
 * activation tensor to memory and reads it back. Here one call evaluates one grid point over all
 * examples, four examples to a vector: layer 1, layer 2, the logit margin, softplus and the mean,
 * with the activations never leaving registers and the weights read from a scratch block the call
 * mixes first (base + a · dir). Its multiply-adds are the network's own but for layer 1, redone once
 * per tile below (2-16-16-2: 352 a pair against the 320 of the floor the bench counts), plus softplus.
 *
 * The code is fully unrolled over the layer widths (known when the module is generated), with the
 * second layer's outputs in tiles of TILE accumulators so they stay in registers; each tile
 * recomputes layer 1 (2 multiply-adds a unit for 2-D inputs, cheap next to layer 2). In Chromium
 * 156 on the bench machine the 51 x 51 plane of a 2-16-16-2 net over 512 examples takes ~31 ms
 * (tiles of 4, 6, 8, 16: 33, 34, 31, 39 ms), against 102-108 ms for rowLosses' tfjs ops on wasm.
 *
 * Softplus is evaluated in the kernel as max(t, 0) + log1p(exp(−|t|)): exp by range reduction to
 * 2^k · e^r with Cephes' expf polynomial (relative error ~1e-7), log1p(u) = 2·atanh(u / (2 + u)) by
 * its odd series to s¹³ (u ≤ 1, so s ≤ 1/3: truncation < 2e-8 relative).
 *
 * Valid for two-class nets with one or two hidden layers, ReLU or linear units (fusedPlaneApplies).
 * Pure: WebAssembly is a language global, present in workers, Node and every browser this app runs in;
 * `fusedPlaneSupported` says whether this one compiles and runs a generated SIMD kernel.
 */
import type { MlpLayout } from '../mlp/flat-mlp';
import { encodeModule, FunctionBody, F32, I32, V128 } from '../wasm/encoder';

/** Second-layer outputs accumulated at once (registers: TILE accumulators, the inputs, a unit, the margin). */
const TILE = 8;
const PAGE = 65536;

/** The part of the WebAssembly API used here (the core compiles without the DOM's type library). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/** The shape a kernel is generated for. */
export interface FusedShape {
  inputs: number;
  h1: number;
  /** Units of the second hidden layer; 0 for a net with one hidden layer. */
  h2: number;
  activation: 'relu' | 'linear';
}

export function fusedShapeOf(layout: MlpLayout, activation: 'relu' | 'linear'): FusedShape {
  const deep = layout.layers.length === 3;
  return { inputs: layout.layers[0]!.inputs, h1: layout.layers[0]!.outputs, h2: deep ? layout.layers[1]!.outputs : 0, activation };
}

/** Whether the fused kernel evaluates this net: two classes, one or two hidden layers, ReLU or linear. */
export function fusedPlaneApplies(layout: MlpLayout, activation: string, classes: number): activation is 'relu' | 'linear' {
  return (activation === 'relu' || activation === 'linear') && classes === 2 && layout.sizes[layout.sizes.length - 1] === 2 && (layout.layers.length === 2 || layout.layers.length === 3);
}

/**
 * The kernel's weights block, in floats: W₁ [inputs][h1], b₁, W₂ [h1][h2], b₂, v, c, where
 * v = W_last[:, 1] − W_last[:, 0] and c = b_last[1] − b_last[0] give the logit margin δ = a·v + c.
 * All of it is linear in θ, so a point's block is base + a · dir of the blocks of its row's origin
 * and of d₁. Padded to whole vectors.
 */
export function blockLayout(shape: FusedShape): { w1: number; b1: number; w2: number; b2: number; v: number; c: number; size: number } {
  const { inputs, h1, h2 } = shape;
  const w1 = 0;
  const b1 = w1 + inputs * h1;
  const w2 = b1 + h1;
  const b2 = w2 + h1 * h2;
  const v = b2 + h2;
  const c = v + (h2 > 0 ? h2 : h1);
  const size = Math.ceil((c + 1) / 4) * 4;
  return { w1, b1, w2, b2, v, c, size };
}

/** θ (flat, `layout`'s order) → the kernel's block, written into `out` at `at`. */
export function writeBlock(theta: ArrayLike<number>, thetaAt: number, layout: MlpLayout, out: Float32Array, at: number): void {
  const l1 = layout.layers[0]!;
  const deep = layout.layers.length === 3;
  const last = layout.layers[layout.layers.length - 1]!;
  const shape: FusedShape = { inputs: l1.inputs, h1: l1.outputs, h2: deep ? layout.layers[1]!.outputs : 0, activation: 'relu' };
  const b = blockLayout(shape);
  const copy = (from: number, count: number, to: number) => {
    for (let i = 0; i < count; i++) out[at + to + i] = theta[thetaAt + from + i]!;
  };
  copy(l1.wOffset, l1.inputs * l1.outputs, b.w1);
  copy(l1.bOffset, l1.outputs, b.b1);
  if (deep) {
    const l2 = layout.layers[1]!;
    copy(l2.wOffset, l2.inputs * l2.outputs, b.w2);
    copy(l2.bOffset, l2.outputs, b.b2);
  }
  for (let j = 0; j < last.inputs; j++) out[at + b.v + j] = theta[thetaAt + last.wOffset + 2 * j + 1]! - theta[thetaAt + last.wOffset + 2 * j]!;
  out[at + b.c] = theta[thetaAt + last.bOffset + 1]! - theta[thetaAt + last.bOffset]!;
  for (let i = b.c + 1; i < b.size; i++) out[at + i] = 0;
}

// Cephes expf: e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2, after y = k·ln2 + r (ln2 split in two for exactness).
const EXP_P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
const LOG2E = Math.LOG2E;

/**
 * Generates the module: `point(a, first, end) → mean loss` over the example blocks at [first, end),
 * for the weights base + a · dir (blocks at BASE and DIR), and the memory the caller fills.
 */
function generate(shape: FusedShape): { bytes: Uint8Array; blockFloats: number } {
  const { inputs, h1, h2, activation } = shape;
  const lay = blockLayout(shape);
  const blockBytes = lay.size * 4;
  // The point's weights are mixed into two equal copies, and the loop reads them from the copy at
  // `weights`, a local that flips between the two every iteration. Why: written as constants, each
  // weight's address is loop-invariant, so TurboFan hoists all of them out of the loop and spills
  // hundreds of addresses to the stack (the kernel ran 2.2x slower than under V8's baseline compiler,
  // measured); an address that changes each iteration stays one load at register + immediate.
  const f = new FunctionBody([F32, I32, I32], [F32]);
  const [A, PTR, END] = [0, 1, 2];
  const weights = f.local(I32);
  const alpha = f.local(V128);
  const q = f.local(I32);
  const xs = Array.from({ length: inputs }, () => f.local(V128));
  const unit = f.local(V128);
  const delta = f.local(V128);
  const acc = Array.from({ length: Math.min(TILE, Math.max(1, h2)) }, () => f.local(V128));
  const total = f.local(V128);
  const t = f.local(V128);
  const k = f.local(V128);
  const u = f.local(V128);
  const s = f.local(V128);
  const act = () => {
    if (activation === 'relu') f.f32x4Const(0).f32x4Pmax();
  };
  const weight = (floatIndex: number) => f.get(weights).i32(floatIndex * 4).i32Add().load32Splat(0);

  // The point's weights, twice: scratch [0, size) and its copy [size, 2 size) = base + a · dir.
  f.get(A).f32x4Splat().set(alpha);
  f.i32(0).set(q);
  f.loop();
  f.get(q).get(q).v128Load(2 * blockBytes).get(q).v128Load(3 * blockBytes).get(alpha).f32x4Mul().f32x4Add().tee(s).v128Store(0);
  f.get(q).get(s).v128Store(blockBytes);
  f.get(q).i32(16).i32Add().tee(q).i32(blockBytes).i32LtU().brIf(0);
  f.end();

  // Layer 1's unit j of the four examples in the registers, activated, left in `unit`.
  const layer1Unit = (j: number) => {
    weight(lay.b1 + j);
    for (let d = 0; d < inputs; d++) {
      f.get(xs[d]!);
      weight(lay.w1 + d * h1 + j).f32x4Mul().f32x4Add();
    }
    act();
    f.set(unit);
  };

  f.f32x4Const(0).set(total);
  f.loop();
  for (let d = 0; d < inputs; d++) f.get(PTR).v128Load(16 * d).set(xs[d]!);
  weight(lay.c).set(delta);
  if (h2 > 0) {
    for (let start = 0; start < h2; start += TILE) {
      const width = Math.min(TILE, h2 - start);
      for (let j = 0; j < width; j++) weight(lay.b2 + start + j).set(acc[j]!);
      for (let i = 0; i < h1; i++) {
        layer1Unit(i);
        for (let j = 0; j < width; j++) {
          f.get(acc[j]!).get(unit);
          weight(lay.w2 + i * h2 + start + j).f32x4Mul().f32x4Add().set(acc[j]!);
        }
      }
      for (let j = 0; j < width; j++) {
        f.get(delta).get(acc[j]!);
        act();
        weight(lay.v + start + j).f32x4Mul().f32x4Add().set(delta);
      }
    }
  } else {
    for (let i = 0; i < h1; i++) {
      layer1Unit(i);
      f.get(delta).get(unit);
      weight(lay.v + i).f32x4Mul().f32x4Add().set(delta);
    }
  }
  // t = ±δ (the block's sign vector: +1 label 0, −1 label 1, 0 padding); loss softplus(t).
  f.get(delta).get(PTR).v128Load(16 * inputs).f32x4Mul().set(t);
  // k = nearest(y · log2 e) for y = max(−|t|, −87) (e^−87 is still a normal float, so 2^k is too).
  f.get(t).f32x4Abs().f32x4Neg().f32x4Const(-87).f32x4Pmax().set(u);
  f.get(u).f32x4Const(LOG2E).f32x4Mul().f32x4Nearest().set(k);
  // r = y − k·ln2, in s.
  f.get(u).get(k).f32x4Const(LN2_HI).f32x4Mul().f32x4Sub().get(k).f32x4Const(LN2_LO).f32x4Mul().f32x4Sub().set(s);
  // e^r = 1 + r + r²·P(r), in u.
  f.f32x4Const(EXP_P[0]!);
  for (const coefficient of EXP_P.slice(1)) f.get(s).f32x4Mul().f32x4Const(coefficient).f32x4Add();
  f.get(s).get(s).f32x4Mul().f32x4Mul().get(s).f32x4Add().f32x4Const(1).f32x4Add();
  // × 2^k, built from its exponent bits: (k + 127) << 23.
  f.get(k).i32x4TruncSatF32x4S().i32x4Const(127).i32x4Add().i32(23).i32x4Shl().f32x4Mul().set(u);
  // log1p(u) = 2·atanh(s), s = u / (2 + u) ≤ 1/3: s·(2 + z·(2/3 + z·(2/5 + …))) with z = s².
  f.get(u).get(u).f32x4Const(2).f32x4Add().f32x4Div().set(s);
  f.get(s).get(s).f32x4Mul().set(k);
  f.f32x4Const(2 / 13);
  for (const odd of [11, 9, 7, 5, 3, 1]) f.get(k).f32x4Mul().f32x4Const(2 / odd).f32x4Add();
  f.get(s).f32x4Mul();
  // + max(t, 0), weighted by the block's 1/n (0 for padding) into the running total.
  f.get(t).f32x4Const(0).f32x4Pmax().f32x4Add().get(PTR).v128Load(16 * (inputs + 1)).f32x4Mul().get(total).f32x4Add().set(total);
  f.get(weights).i32(blockBytes).i32Xor().set(weights);
  f.get(PTR).i32(16 * (inputs + 2)).i32Add().tee(PTR).get(END).i32LtU().brIf(0);
  f.end();
  // The four lanes' sums, in a fixed order.
  f.get(total).f32x4ExtractLane(0).get(total).f32x4ExtractLane(1).f32Add().get(total).f32x4ExtractLane(2).f32Add().get(total).f32x4ExtractLane(3).f32Add();
  return { bytes: encodeModule([{ name: 'point', body: f }], 1), blockFloats: lay.size };
}

/** A compiled kernel for one shape, with its own memory: [scratch | scratch copy | base | dir | example blocks]. */
class FusedPlane {
  private readonly memory: WasmMemory;
  private readonly point: (a: number, first: number, end: number) => number;
  private readonly blockFloats: number;
  private first = 0;
  private end = 0;

  constructor(readonly shape: FusedShape) {
    const api = wasmApi();
    if (!api) throw new Error('fused-plane: no WebAssembly here');
    const { bytes, blockFloats } = generate(shape);
    const instance = new api.Instance(new api.Module(bytes));
    this.memory = instance.exports.memory as WasmMemory;
    this.point = instance.exports.point as (a: number, first: number, end: number) => number;
    this.blockFloats = blockFloats;
  }

  private floats(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  /** Lays the examples out four to a block: each input's four values, the four signs, the four 1/n. */
  setExamples(x: ArrayLike<number>, onehot: ArrayLike<number>, n: number): void {
    const { inputs } = this.shape;
    const stride = 4 * (inputs + 2);
    const blocks = Math.ceil(n / 4);
    const start = 4 * this.blockFloats;
    const needed = 4 * (start + blocks * stride);
    if (needed > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
    const m = this.floats();
    for (let b = 0; b < blocks; b++) {
      const at = start + b * stride;
      for (let lane = 0; lane < 4; lane++) {
        const i = 4 * b + lane;
        const real = i < n;
        for (let d = 0; d < inputs; d++) m[at + 4 * d + lane] = real ? x[i * inputs + d]! : 0;
        m[at + 4 * inputs + lane] = real ? onehot[2 * i]! - onehot[2 * i + 1]! : 0;
        m[at + 4 * (inputs + 1) + lane] = real ? 1 / n : 0;
      }
    }
    this.first = 4 * start;
    this.end = 4 * (start + blocks * stride);
  }

  /**
   * Mean losses at θ = o + a·d₁ + b·d₂ for the rows [b, first point, end] (as batched-loss.ts's
   * rowLosses takes them), given the kernel blocks of o, d₁ and d₂ (d₂'s may be all zeros).
   */
  rows(blocks: { origin: Float32Array; d1: Float32Array; d2: Float32Array }, a: ArrayLike<number>, rows: [number, number, number][]): Float32Array {
    const size = this.blockFloats;
    const m = this.floats();
    m.set(blocks.d1, 3 * size);
    const count = rows.reduce((sum, [, start, end]) => sum + end - start, 0);
    const out = new Float32Array(count);
    let k = 0;
    for (const [b, start, end] of rows) {
      for (let i = 0; i < size; i++) m[2 * size + i] = blocks.origin[i]! + b * blocks.d2[i]!;
      for (let p = start; p < end; p++) out[k++] = this.point(a[p]!, this.first, this.end);
    }
    return out;
  }
}

/**
 * Whether `api` compiles and runs a generated SIMD kernel: a tiny one is compiled, instantiated and
 * run. Validation alone is not enough: a page whose Content-Security-Policy lacks 'wasm-unsafe-eval'
 * validates WebAssembly but refuses to compile it, and a kernel that failed there would cost the surface.
 */
export function compilesFusedKernels(api: WasmApi | null): boolean {
  try {
    if (!api) return false;
    const { bytes } = generate({ inputs: 1, h1: 1, h2: 0, activation: 'relu' });
    if (!api.validate(bytes)) return false;
    const { exports } = new api.Instance(new api.Module(bytes));
    // Zero weights, no examples: one empty block from 0 to 0 is still one pass, so the mean is 0 · softplus(0).
    return Number.isFinite((exports.point as (a: number, first: number, end: number) => number)(0, 0, 0));
  } catch {
    return false;
  }
}

let supported: boolean | null = null;

/** Whether this runtime runs the fused kernel (checked once). */
export function fusedPlaneSupported(): boolean {
  supported ??= compilesFusedKernels(wasmApi());
  return supported;
}

const kernels = new Map<string, FusedPlane>();

function kernelFor(shape: FusedShape): FusedPlane {
  const key = `${shape.inputs}-${shape.h1}-${shape.h2}-${shape.activation}`;
  let kernel = kernels.get(key);
  if (!kernel) {
    // A handful of shapes at most in a session (the user changes the hidden sizes rarely).
    if (kernels.size >= 8) kernels.clear();
    kernel = new FusedPlane(shape);
    kernels.set(key, kernel);
  }
  return kernel;
}

/**
 * batched-loss.ts's rowLosses on plain arrays: basis rows [o, d₁, (d₂)] of `layout.size` floats each,
 * x [n, inputs] and onehot [n, 2] row-major. Same points, same order.
 */
export function fusedRowLosses(
  basis: Float32Array,
  basisRows: number,
  a: ArrayLike<number>,
  rows: [number, number, number][],
  layout: MlpLayout,
  x: ArrayLike<number>,
  onehot: ArrayLike<number>,
  activation: 'relu' | 'linear',
): Float32Array {
  const kernel = kernelFor(fusedShapeOf(layout, activation));
  const size = blockLayout(kernel.shape).size;
  const blockOf = (j: number) => {
    const out = new Float32Array(size);
    if (j < basisRows) writeBlock(basis, j * layout.size, layout, out, 0);
    return out;
  };
  kernel.setExamples(x, onehot, onehot.length / 2);
  return kernel.rows({ origin: blockOf(0), d1: blockOf(1), d2: blockOf(2) }, a, rows);
}
