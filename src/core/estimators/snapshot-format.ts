/**
 * Statistics as snapshot values: plain numbers, with null plus a reason wherever a number would be
 * a lie (NaN estimates, a refusal, too few samples for a variance).
 */
import type { SnapshotValue } from '../experiment';
import type { Measured } from './measure';
import type { SummaryResult } from './stats';

export function summaryToSnapshot(result: SummaryResult | null, names: readonly string[]): SnapshotValue {
  if (result === null) return { ok: false, reason: 'fewer than two groups of K samples fit the measuring budget', coordinates: [] };
  if (!result.ok) return { ok: false, reason: result.reason, coordinates: [] };
  const s = result.summary;
  return {
    ok: true,
    reason: null,
    samples: s.samples,
    cosine: s.cosine,
    sampleCosine: s.sampleCosine,
    costPerSample: s.costPerSample,
    coordinates: s.coordinates.map((c) => ({
      name: names[c.index] ?? `coordinate ${c.index}`,
      exact: c.exact,
      mean: c.mean,
      bias: c.bias,
      variance: c.variance,
      standardError: c.standardError,
      snr: c.snr,
    })),
  };
}

/**
 * Single estimates for the panel's strip: only the finite ones (a NaN is never drawn as a number),
 * with the count of those left out so the panel can say so.
 */
export function drawsToSnapshot(draws: Float32Array): { values: Float32Array; nonFinite: number } {
  const values = draws.filter((v) => Number.isFinite(v));
  return { values, nonFinite: draws.length - values.length };
}

export function measuredToSnapshot(m: Measured, names: readonly string[]): { [key: string]: SnapshotValue } {
  if (!m.ok) return { ok: false, reason: m.reason, perSample: null, perStep: null, draws: null };
  return {
    ok: true,
    reason: null,
    costPerSample: m.costPerSample,
    perSample: summaryToSnapshot(m.perSample, names),
    perStep: summaryToSnapshot(m.perStep, names),
    draws: drawsToSnapshot(m.draws),
  };
}
