/**
 * Colours of the network figure. One diverging scale (brown < 0 < teal, ColorBrewer BrBG, readable
 * under the common colour-vision deficiencies) for both a unit's activation and a weight's sign, so
 * "teal" always means positive; chosen apart from the two class colours (orange, blue) of the
 * decision map. Kinks are purple, as the loss-surface lens marks them.
 */
import { interpolateBrBG, interpolateRgb, rgb } from 'd3';
import { classColors, palette } from '../../charts/palette';
import type { NetworkFrame } from '../../core/mlp/network-frame';

export const KINK_COLOR = palette.purple;
export const POSITIVE = rgb(interpolateBrBG(0.9)).formatHex();
export const NEGATIVE = rgb(interpolateBrBG(0.1)).formatHex();

/** 256 colours from most negative (0) through near-white (127.5) to most positive (255). */
const DIVERGING: [number, number, number][] = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateBrBG(0.04 + (0.92 * i) / 255));
  return [c.r, c.g, c.b];
});

/** The decision map's orange → blue, for the output unit (p of class 1). */
const shade = interpolateRgb(classColors[0], classColors[1]);
const OUTPUT: [number, number, number][] = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(shade(0.15 + (0.7 * i) / 255));
  return [c.r, c.g, c.b];
});

export function activate(activation: string, z: number): number {
  if (activation === 'relu') return Math.max(0, z);
  if (activation === 'tanh') return Math.tanh(z);
  return z;
}

/**
 * RGBA pixels of one hidden unit's map: its activation act(z), each map scaled to its own largest
 * |activation| (as the maps' ranges differ by orders of magnitude between units), white at zero.
 * `codes` are the frame's Uint8 pre-activation codes in [lo, hi].
 */
export function hiddenPixels(codes: Uint8Array, lo: number, hi: number, activation: string, out: Uint8ClampedArray): void {
  const step = (hi - lo) / 255;
  const scale = Math.max(Math.abs(activate(activation, lo)), Math.abs(activate(activation, hi)), 1e-9);
  // A lookup per code: 256 evaluations instead of one per pixel.
  const lut = new Uint8Array(256);
  for (let q = 0; q < 256; q++) lut[q] = Math.round(127.5 + (127.5 * activate(activation, lo + q * step)) / scale);
  for (let k = 0; k < codes.length; k++) {
    const c = DIVERGING[lut[codes[k]!]!]!;
    out[4 * k] = c[0];
    out[4 * k + 1] = c[1];
    out[4 * k + 2] = c[2];
    out[4 * k + 3] = 255;
  }
}

/** RGBA pixels of the output unit: p(class 1) × 255 codes, in the decision map's colours. */
export function outputPixels(codes: Uint8Array, out: Uint8ClampedArray): void {
  for (let k = 0; k < codes.length; k++) {
    const c = OUTPUT[codes[k]!]!;
    out[4 * k] = c[0];
    out[4 * k + 1] = c[1];
    out[4 * k + 2] = c[2];
    out[4 * k + 3] = 255;
  }
}

/** RGBA pixels of input i (x₁ or x₂): the coordinate itself over the square, on the diverging scale. */
export function inputPixels(net: NetworkFrame, i: number, out: Uint8ClampedArray): void {
  const n = net.resolution;
  for (let r = 0; r < n; r++) {
    for (let col = 0; col < n; col++) {
      const v = i === 0 ? (col + 0.5) / n : 1 - (r + 0.5) / n;
      const c = DIVERGING[Math.round(v * 255)]!;
      const k = r * n + col;
      out[4 * k] = c[0];
      out[4 * k + 1] = c[1];
      out[4 * k + 2] = c[2];
      out[4 * k + 3] = 255;
    }
  }
}

/** One map's pixels, whichever row it is in (0 = inputs, last = output). */
export function unitPixels(net: NetworkFrame, row: number, index: number, out: Uint8ClampedArray): void {
  const n2 = net.resolution * net.resolution;
  if (row === 0) return inputPixels(net, index, out);
  if (row === net.drawn.length + 1) return outputPixels(net.output, out);
  let m = index;
  for (let l = 0; l < row - 1; l++) m += net.drawn[l]!;
  hiddenPixels(net.maps.subarray(m * n2, (m + 1) * n2), net.ranges[2 * m]!, net.ranges[2 * m + 1]!, net.activation, out);
}
