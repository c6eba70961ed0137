/**
 * Float64 state in a checkpoint's Float32Arrays, bit for bit: each double is written as its four
 * 16-bit words, every one a small integer a float32 holds exactly (so ±Infinity and NaN survive, and
 * nothing is rounded), and a resumed run continues exactly as the original would have. The words are
 * in this machine's byte order: a checkpoint is only restored in the browser that took it.
 */
export function float64ToWords(values: ArrayLike<number>): Float32Array {
  return Float32Array.from(new Uint16Array(Float64Array.from(values).buffer));
}

/**
 * The doubles float64ToWords wrote, or null when `words` is missing, is not such an array, or (when
 * `length` is given) does not hold exactly `length` values.
 */
export function wordsToFloat64(words: Float32Array | undefined, length?: number): Float64Array<ArrayBuffer> | null {
  if (!words || words.length % 4 !== 0 || (length !== undefined && words.length !== length * 4)) return null;
  const out = new Uint16Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!(Number.isInteger(w) && w >= 0 && w <= 0xffff)) return null;
    out[i] = w;
  }
  return new Float64Array(out.buffer);
}
