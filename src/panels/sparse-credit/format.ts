/**
 * Words and numbers of the sparse-credit panel: learner names and colours (keyed by the mechanisms, so a
 * new one without them does not compile), the credit share as a percentage, a learner's state.
 */
import type { MechanismId, SparseCreditRow } from '../../core/experiments/sparse-credit.schema';
import { palette } from '../../charts/palette';
import { fmt, fmtInt } from '../../app/format';

export const NAMES: Record<MechanismId, string> = {
  bptt: 'full BPTT',
  tbptt: 'truncated BPTT',
  soft: 'soft attention',
  sparse: 'sparse top-k',
  abstract: 'abstract model',
  quiz: 'quizzes',
  critic: 'critic (TD)',
};

export const COLORS: Record<MechanismId, string> = {
  bptt: palette.blue,
  tbptt: palette.sky,
  soft: palette.orange,
  sparse: palette.vermillion,
  abstract: palette.green,
  quiz: palette.purple,
  critic: palette.grey,
};

/** Shares under this many percent print as "< 0.001%", not in exponent notation. */
const SMALLEST_PCT = 0.001;

/**
 * A share of the credit (0 … 1) as a percentage with three significant digits: "0%" for exactly
 * nothing, "< 0.001%" for a share too small to read (full BPTT's reach to event 1 underflows to
 * 10⁻²⁰ and below, which printed as "2.10e-18%"), "—" when there is no number.
 */
export function creditPct(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v === 0) return '0%';
  const pct = 100 * v;
  if (Math.abs(pct) < SMALLEST_PCT) return pct > 0 ? `< ${SMALLEST_PCT}%` : `> −${SMALLEST_PCT}%`;
  return `${fmt(pct, 3)}%`;
}

export function statusText(r: SparseCreditRow): string {
  if (r.status === 'diverged') return 'diverged';
  if (r.status === 'paused') return 'paused';
  // "Learned" is the policy (p ≥ 0.9); say so when the latest semester sent the choice no credit, so the
  // row never reads "learned" beside 0 % on the choice (issue 13 item 5).
  if (r.learnedAt !== null && r.creditFirst === 0) return `policy learned at ${fmtInt(r.learnedAt)} episodes; this semester no credit reached the choice`;
  if (r.learnedAt !== null) return `learned at ${fmtInt(r.learnedAt)} episodes`;
  return r.episodes === 0 ? 'not started' : 'learning';
}
