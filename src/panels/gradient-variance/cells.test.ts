/**
 * The table cells say what the numbers mean: a float-rounding bias prints "0" (not "2.1e-18"), a bias
 * within 3 standard errors prints "within noise", an SNR of a noiseless estimator prints ∞; the sweep's
 * note names the N where the variance was 0 instead of saying "nothing to plot" beside a fitted line.
 */
import { describe, expect, it } from 'vitest';
import type { CoordinateStats } from '../../core/experiments/gradient-variance.schema';
import { biasCell, snrCell, sweepNote } from './cells';

const coord = (over: Partial<CoordinateStats>): CoordinateStats => ({
  name: 'dE/dφ₁',
  exact: 0.0005,
  mean: 0.0005,
  bias: 0,
  variance: 0.0156,
  standardError: 0.0039,
  snr: 0.004,
  snrFrom: 'exact',
  biasVerdict: 'within-noise',
  ...over,
});

describe('estimator table cells', () => {
  it('bias: 0 for float rounding, "within noise" within 3 s.e., the number with its band otherwise', () => {
    expect(biasCell(coord({ bias: 2.1e-18, variance: 0, standardError: 0, biasVerdict: 'zero' })).text).toBe('0');
    const noise = biasCell(coord({ bias: 0.007, biasVerdict: 'within-noise' }));
    expect(noise.text).toBe('within noise');
    expect(noise.title).toContain('3 s.e.');
    expect(biasCell(coord({ bias: -0.3, standardError: 0.01, biasVerdict: 'resolved' })).text).toBe('-0.3 ± 0.03');
    for (const c of [biasCell(coord({ bias: 2.1e-18, biasVerdict: 'zero' })), noise]) expect(c.text).not.toMatch(/e-\d/);
  });

  it('SNR: ∞ without noise, a dash when the mean is not resolved, else the value', () => {
    expect(snrCell(coord({ variance: 0, snr: null }))).toBe('∞ (no noise)');
    expect(snrCell(coord({ snr: null, snrFrom: 'unresolved' }))).toBe('— (mean within noise)');
    expect(snrCell(coord({ snr: 0.0040123 }))).toBe('0.00401');
  });

  it('sweep note: a zero variance at some N is named, and never called "nothing to plot" beside a line', () => {
    const partly = sweepNote({ n: Float32Array.from([2, 4, 8, 16]), zeroAt: Float32Array.from([1]), reasons: [] });
    expect(partly).toContain('N = 1');
    expect(partly).not.toContain('nothing to plot');
    const all = sweepNote({ n: new Float32Array(0), zeroAt: Float32Array.from([1, 2, 4]), reasons: ['x'] });
    expect(all).toBe('variance exactly 0 at every N: no noise, nothing to plot on a log axis · x');
    expect(sweepNote({ n: Float32Array.from([1]), zeroAt: new Float32Array(0), reasons: [] })).toBe('');
  });
});
