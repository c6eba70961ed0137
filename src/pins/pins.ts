/**
 * Pinned runs (issue 16, "pin a run to compare"): a pin freezes the curves of every line chart of a
 * panel as they are now, with the settings and seed that made them, so that after a change of
 * settings the new run is drawn over the old one's ghost. Up to three pins per experiment; they live in
 * the page (not the URL), survive settings and section changes, and go out with the exported data.
 *
 * Pure: no DOM, no React. The charts register what they draw (`noteChart`), `pinNow` copies it.
 */
import { createStore } from 'zustand/vanilla';
import type { ParamSchema } from '../params/kinds';
import { describeValue, sameValue } from '../params/kinds';

export const MAX_PINS = 3;

/** One curve as drawn: its legend name and its points (copied, so later frames cannot change it). */
export interface PinnedSeries {
  name: string;
  color: string;
  x: Float32Array;
  y: Float32Array;
}

export interface Pin {
  id: number;
  experimentId: string;
  /** Step of the run when it was pinned. */
  step: number;
  seed: number;
  params: Readonly<Record<string, unknown>>;
  /** Every line chart of the panel, by chart key (`figure/y label`). */
  charts: Readonly<Record<string, readonly PinnedSeries[]>>;
}

interface PinState {
  pins: readonly Pin[];
  /**
   * Rewind and branch: the run's curves as they were when the reader first scrubbed back (the future
   * of the step shown), by experiment. Drawn like a pin (number 0) until the scrubber comes back to the
   * present, or, after a branch, until dismissed. Not counted among the MAX_PINS.
   */
  futures: Readonly<Record<string, Pin>>;
}

export const pinStore = createStore<PinState>(() => ({ pins: [], futures: {} }));

/** What each line chart of the page draws right now, by experiment and chart key. */
const live = new Map<string, Map<string, readonly { name: string; color: string; x: ArrayLike<number>; y: ArrayLike<number> }[]>>();

/** Called by a chart whenever it draws: the series a pin of this experiment would freeze. */
export function noteChart(experimentId: string, key: string, series: readonly { name: string; color: string; x: ArrayLike<number>; y: ArrayLike<number> }[]): void {
  let charts = live.get(experimentId);
  if (!charts) live.set(experimentId, (charts = new Map()));
  charts.set(key, series);
}

/** A chart that leaves the page stops being pinned with the panel. */
export function forgetChart(experimentId: string, key: string): void {
  live.get(experimentId)?.delete(key);
}

let nextId = 1;

/**
 * Pin the experiment's charts as they are drawn now. Returns the pin, or a reason when there is nothing
 * to pin or the experiment already holds MAX_PINS pins (the oldest must be dismissed first).
 */
export function pinNow(experimentId: string, step: number, seed: number, params: Readonly<Record<string, unknown>>): Pin | string {
  const held = pinStore.getState().pins.filter((p) => p.experimentId === experimentId);
  if (held.length >= MAX_PINS) return `At most ${MAX_PINS} pins: dismiss one first.`;
  const charts = copyCharts(experimentId);
  if (Object.keys(charts).length === 0) return 'Nothing to pin yet: this panel has no curves drawn.';
  const pin: Pin = { id: nextId++, experimentId, step, seed, params: { ...params }, charts };
  pinStore.setState((s) => ({ pins: [...s.pins, pin] }));
  return pin;
}

/** Copies of what the experiment's charts draw now, by chart key (empty charts left out). */
function copyCharts(experimentId: string): Record<string, PinnedSeries[]> {
  const charts: Record<string, PinnedSeries[]> = {};
  for (const [key, series] of live.get(experimentId) ?? []) {
    const copied = series
      .filter((s) => s.x.length > 0)
      .map((s) => ({ name: s.name, color: s.color, x: Float32Array.from(s.x), y: Float32Array.from(s.y) }));
    if (copied.length > 0) charts[key] = copied;
  }
  return charts;
}

/** Keep the curves drawn now as the experiment's future ghost (replacing an earlier one). */
export function keepFuture(experimentId: string, step: number, seed: number, params: Readonly<Record<string, unknown>>): void {
  const charts = copyCharts(experimentId);
  if (Object.keys(charts).length === 0) return;
  const ghost: Pin = { id: nextId++, experimentId, step, seed, params: { ...params }, charts };
  pinStore.setState((s) => ({ futures: { ...s.futures, [experimentId]: ghost } }));
}

export function dropFuture(experimentId: string): void {
  pinStore.setState((s) => {
    if (!(experimentId in s.futures)) return s;
    const futures = { ...s.futures };
    delete futures[experimentId];
    return { futures };
  });
}

export function unpin(id: number): void {
  pinStore.setState((s) => ({ pins: s.pins.filter((p) => p.id !== id) }));
}

/** The pins of one experiment, oldest first, numbered from 1 in that order. */
export function pinsOf(pins: readonly Pin[], experimentId: string): Pin[] {
  return pins.filter((p) => p.experimentId === experimentId);
}

/**
 * A pin's label: the settings (and seed) in which it differs from the run now, as "Batch size: 8 ·
 * seed 3", or "same settings, step N" when nothing differs.
 */
export function pinLabel(pin: Pin, schema: ParamSchema, params: Readonly<Record<string, unknown>>, seed: number): string {
  const parts: string[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    if (!(key in pin.params) || sameValue(pin.params[key], params[key])) continue;
    parts.push(`${spec.label}: ${describeValue(spec, pin.params[key])}`);
  }
  if (pin.seed !== seed) parts.push(`seed ${pin.seed}`);
  return parts.length > 0 ? parts.join(' · ') : `same settings, step ${pin.step.toLocaleString('en-US')}`;
}
