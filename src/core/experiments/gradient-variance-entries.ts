/**
 * Which estimator each toggle of the gradient-variance experiment selects, for binary units and for the
 * Gaussian unit, and the per-toggle entry the run keeps: a racer, a separate probe for the table (so
 * measuring never disturbs a racer's state) and the probe's accumulated statistics.
 */
import { createBernoulliEstimator, ESTIMATOR_INFO } from '../estimators/catalogue';
import { createGaussianEstimator } from '../estimators/gaussian';
import type { GaussianEstimator, GaussianEstimatorId } from '../estimators/gaussian/types';
import type { Racer } from '../estimators/race';
import type { BernoulliEstimator, BernoulliEstimatorId } from '../estimators/types';
import { ESTIMATOR_KEYS, type EstimatorKey } from './gradient-variance.schema';
import { TableStats } from './gradient-variance-table';

/** What each toggle selects for binary units and for the Gaussian unit (null: not applicable). */
export const TOGGLES: Record<EstimatorKey, { bernoulli: BernoulliEstimatorId | null; gaussian: GaussianEstimatorId | null }> = {
  exact: { bernoulli: 'exact', gaussian: null },
  sf: { bernoulli: 'score', gaussian: 'gaussian-score' },
  sfOracle: { bernoulli: 'score-mean-oracle', gaussian: null },
  sfAverage: { bernoulli: 'score-moving-average', gaussian: null },
  sfOptimal: { bernoulli: 'score-optimal', gaussian: 'gaussian-score-optimal' },
  rloo: { bernoulli: 'rloo', gaussian: 'gaussian-score-loo' },
  st: { bernoulli: 'straight-through', gaussian: null },
  concrete: { bernoulli: 'concrete', gaussian: null },
  stGumbel: { bernoulli: 'st-gumbel', gaussian: null },
  rebar: { bernoulli: 'rebar', gaussian: null },
  arm: { bernoulli: 'arm', gaussian: null },
  disarm: { bernoulli: 'disarm', gaussian: null },
  pathwise: { bernoulli: null, gaussian: 'gaussian-pathwise' },
};

const NOT_FOR_BINARY = 'not applicable: a Bernoulli sample is not a differentiable function of φ, so there is no path to differentiate';
const NOT_FOR_GAUSSIAN = 'not applicable to the Gaussian unit (this estimator is for binary units; the exact gradient is the closed form)';

export type Probe = { kind: 'bernoulli'; estimator: BernoulliEstimator } | { kind: 'gaussian'; estimator: GaussianEstimator };

export interface Entry {
  key: EstimatorKey;
  id: string;
  label: string;
  unbiased: boolean;
  notApplicable: string | null;
  racer: Racer | null;
  probe: Probe | null;
  /**
   * A stateful probe (baseline, REBAR's η and τ) has been warmed since the settings last changed; after
   * that each measured draw keeps its state current, so later refreshes skip the extra warm-up draw.
   */
  warmed: boolean;
  table: TableStats;
}

/** The entries for the selected toggles, in table order; `racer` builds the racer for an estimator. */
export function buildEntries(
  selected: (key: EstimatorKey) => boolean,
  gaussian: boolean,
  racer: (probe: Probe) => Racer,
): Entry[] {
  const out: Entry[] = [];
  for (const key of ESTIMATOR_KEYS) {
    if (!selected(key)) continue;
    const t = TOGGLES[key];
    const id = gaussian ? t.gaussian : t.bernoulli;
    const base = { key, warmed: false, table: new TableStats() };
    if (id === null) {
      const other = (gaussian ? t.bernoulli : t.gaussian)!;
      const label = gaussian ? ESTIMATOR_INFO[other as BernoulliEstimatorId].label : createGaussianEstimator(other as GaussianEstimatorId).label;
      out.push({ ...base, id: other, label, unbiased: false, notApplicable: gaussian ? NOT_FOR_GAUSSIAN : NOT_FOR_BINARY, racer: null, probe: null });
    } else if (gaussian) {
      const make = () => ({ kind: 'gaussian', estimator: createGaussianEstimator(id as GaussianEstimatorId) }) as const;
      const probe = make();
      out.push({ ...base, id, label: probe.estimator.label, unbiased: true, notApplicable: null, racer: racer(make()), probe });
    } else {
      const bid = id as BernoulliEstimatorId;
      const make = (): Probe => ({ kind: 'bernoulli', estimator: createBernoulliEstimator(bid) });
      const info = ESTIMATOR_INFO[bid];
      out.push({ ...base, id: bid, label: info.label, unbiased: info.unbiased, notApplicable: null, racer: racer(make()), probe: make() });
    }
  }
  return out;
}
