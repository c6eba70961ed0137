/**
 * Milliseconds from a monotonic clock, sub-millisecond where the host has one: `performance.now()` in
 * workers, pages and Node; `Date.now()` elsewhere. The core compiles without the DOM's types, so the
 * global is read through a cast.
 */
const host = (globalThis as { performance?: { now(): number } }).performance;

export const nowMs: () => number = host ? () => host.now() : () => Date.now();
