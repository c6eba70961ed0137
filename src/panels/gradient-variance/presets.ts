/**
 * The estimators panel's one-click switch between the section's story set and every estimator, and
 * which knobs each problem leaves out of the settings. The presets themselves are the contract's
 * (gradient-variance.schema.ts); the panel shell offers them behind "More".
 */
import { ESTIMATOR_KEYS, STORY_ESTIMATORS, type EstimatorKey, type ProblemName } from '../../core/experiments/gradient-variance.schema';

/** Knobs of the other problems, per problem. */
export const IRRELEVANT: Record<ProblemName, readonly string[]> = {
  toy: ['n', 'gaussianCost', 'gaussianK', 'mu', 'sigma'],
  units: ['gaussianCost', 'gaussianK', 'mu', 'sigma'],
  gaussian: ['n', 'theta', 't', 'tau'],
};

const toggles = (on: (k: EstimatorKey) => boolean) => Object.fromEntries(ESTIMATOR_KEYS.map((k) => [k, on(k)])) as Record<EstimatorKey, boolean>;

/** The section's story set (the schema's defaults) and every estimator: the two one-click selections. */
export const STORY_SET = toggles((k) => STORY_ESTIMATORS.includes(k));
export const ALL_SET = toggles(() => true);
