import { memo, useEffect, useRef, useState } from 'react';
import { LineChart } from '../../charts/LineChart';
import { palette } from '../../charts/palette';
import { fmt } from '../../app/format';
import type { InternalModelsFrame } from '../../core/experiments/internal-models.schema';
import { REGIME_COLORS, REGIME_LABELS } from './Timeline';

/**
 * `value` as of at most every `ms` milliseconds: a newer value waits until the interval has passed
 * (and is shown then even if no newer one comes, so a stopped run ends on its last frame).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const id = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, Math.max(0, wait));
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}

interface ChartProps {
  data: InternalModelsFrame;
  width: number;
  height: number;
}

/** Both charts: a log error over the run's steps. */
const overSteps = (width: number, height: number) => ({ width, height, xLabel: 'step', logY: true });

/** Each model's windowed prediction error, with the threshold under which a model "predicts well". */
export const ErrorsChart = memo(function ErrorsChart({ data, threshold, width, height }: ChartProps & { threshold: number }) {
  const hs = data.historySteps;
  return (
    <LineChart
      {...overSteps(width, height)}
      yLabel="windowed RMS error"
      description={`Windowed RMS prediction error of each of the ${data.models} models over ${hs.length} recorded steps; the model with the lowest is put in charge. Now: ${Array.from(data.modelErrors, (e, m) => `M${m + 1} ${fmt(e)}`).join(', ')}.`}
      series={[
        ...Array.from({ length: data.models }, (_, m) => ({
          name: `M${m + 1}${data.modelRegimes[m]! >= 0 ? ` (${REGIME_LABELS[data.modelRegimes[m]!]})` : ''}`,
          color: REGIME_COLORS[data.modelRegimes[m]!] ?? palette.grey,
          x: hs,
          y: data.historyModelErrors[m]!,
          dashed: m >= 4,
        })),
        { name: 'threshold', color: palette.grey, x: hs.length ? Float32Array.from([hs[0]!, hs[hs.length - 1]!]) : hs, y: Float32Array.from([threshold, threshold]).subarray(0, hs.length ? 2 : 0), dashed: true },
      ]}
    />
  );
});

/** Forgetting: each regime's held-out error for the single model (solid) and the collection's best (dashed). */
export const ForgettingChart = memo(function ForgettingChart({ data, width, height }: ChartProps) {
  const hs = data.historySteps;
  return (
    <LineChart
      {...overSteps(width, height)}
      yLabel="held-out RMS error"
      description={`Held-out RMS prediction error per regime over time: the single model (solid) fits whichever regime is in force and loses the others; the collection's best model for each regime (dashed) keeps it.`}
      series={[
        ...REGIME_LABELS.map((r, k) => ({ name: `one model, ${r}`, color: REGIME_COLORS[k]!, x: hs, y: data.historyHeldSingle[k]! })),
        ...REGIME_LABELS.map((r, k) => ({ name: `collection’s best, ${r}`, color: REGIME_COLORS[k]!, x: hs, y: data.historyHeldCollection[k]!, dashed: true })),
      ]}
    />
  );
});
