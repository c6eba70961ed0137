/**
 * What the estimators table and the sweep table print for a number: pure functions, so each rule is
 * tested. A bias within noise reads "within noise", not a number that looks like a finding; a mean
 * equal to the exact value up to float rounding reads "0", never "2.1e-18"; an SNR says where its
 * numerator came from.
 */
import { fmt } from '../../app/format';
import { BIAS_NOISE_SE, type CoordinateStats, type SweepSeries } from '../../core/experiments/gradient-variance.schema';

export interface Cell {
  text: string;
  /** The full number and rule, for the tooltip. */
  title: string;
}

export function biasCell(c: CoordinateStats): Cell {
  const band = c.standardError === null ? '' : ` ± ${fmt(BIAS_NOISE_SE * c.standardError, 2)} (${BIAS_NOISE_SE} s.e.)`;
  const title = `mean − exact = ${fmt(c.bias, 4)}${band}`;
  switch (c.biasVerdict) {
    case 'zero':
      return { text: '0', title: `${title}: equal up to float rounding` };
    case 'within-noise':
      return { text: 'within noise', title: `${title}: no bias the samples can resolve` };
    case 'resolved':
      return { text: `${fmt(c.bias, 3)}${c.standardError === null ? '' : ` ± ${fmt(BIAS_NOISE_SE * c.standardError, 2)}`}`, title };
    default:
      return { text: fmt(c.bias, 3), title };
  }
}

export function snrCell(c: CoordinateStats): string {
  if (c.variance === 0) return '∞ (no noise)';
  if (c.snr === null) return c.snrFrom === 'unresolved' ? '— (mean within noise)' : '—';
  return fmt(c.snr, 3);
}

export const SNR_SOURCE: Record<CoordinateStats['snrFrom'], string> = {
  exact: 'exact gradient',
  'sample-mean': 'sample mean',
  unresolved: 'not resolved',
};

const list = (xs: ArrayLike<number>) => Array.from(xs, (n) => n.toLocaleString('en-US')).join(', ');

/**
 * The sweep table's note for one estimator: which N had a variance of exactly 0 (a log axis cannot show
 * 0; the line and slope use the other N), or that nothing can be plotted when every N did, then the
 * series' own reasons.
 */
export function sweepNote(s: Pick<SweepSeries, 'n' | 'zeroAt' | 'reasons'>): string {
  const zero =
    s.zeroAt.length === 0
      ? null
      : s.n.length === 0
        ? 'variance exactly 0 at every N: no noise, nothing to plot on a log axis'
        : `variance exactly 0 at N = ${list(s.zeroAt)} (not drawn: a log axis has no 0); the line and slope use the other N`;
  return [zero, ...s.reasons].filter((x): x is string => x !== null).join(' · ');
}
