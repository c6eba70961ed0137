/**
 * The chart side of pins: a chart inside a pin scope (a panel's figure) reports what it draws, and gets
 * back the pinned runs' series for the same chart, to draw faintly under its own.
 */
import { createContext, useContext, useEffect } from 'react';
import { useStore } from 'zustand';
import { forgetChart, noteChart, pinStore, pinsOf, type PinnedSeries } from './pins';

/** Which experiment and figure the charts below belong to (set by the panel shell around each figure). */
export const PinScope = createContext<{ experimentId: string; figure: string } | null>(null);

export interface Ghost extends PinnedSeries {
  /** 1, 2, 3: the pin's number in its experiment; 0 for the future ghost of a rewound run. */
  pin: number;
}

/** Report `series` as this chart's (keyed by its y label), and return the pinned series of the same chart. */
export function usePinnedGhosts(series: readonly { name: string; color: string; x: ArrayLike<number>; y: ArrayLike<number> }[], yLabel: string): Ghost[] {
  const scope = useContext(PinScope);
  const key = scope ? `${scope.figure}/${yLabel}` : null;
  const pins = useStore(pinStore, (s) => s.pins);
  const future = useStore(pinStore, (s) => (scope ? s.futures[scope.experimentId] : undefined));
  useEffect(() => {
    if (scope && key) noteChart(scope.experimentId, key, series);
  });
  const experimentId = scope?.experimentId ?? null;
  useEffect(() => {
    if (!experimentId || !key) return;
    return () => forgetChart(experimentId, key);
  }, [experimentId, key]);
  if (!scope || !key) return [];
  const pinned = pinsOf(pins, scope.experimentId).flatMap((p, i) => (p.charts[key] ?? []).map((s) => ({ ...s, pin: i + 1 })));
  return future ? [...(future.charts[key] ?? []).map((s) => ({ ...s, pin: 0 })), ...pinned] : pinned;
}
