/** Every Bernoulli estimator by id, so the experiment, the bench and the SBN pick one by name. */
import { createArm, armInfo } from './arm';
import { createConcrete, concreteInfo } from './concrete';
import { createDisarm, disarmInfo } from './disarm';
import { createExact, exactInfo } from './exact';
import { createRebar, rebarInfo } from './rebar';
import { createRloo, rlooInfo } from './rloo';
import { createScoreFunction, scoreInfo, scoreMeanOracleInfo } from './score-function';
import { createScoreMovingAverage, scoreMovingAverageInfo } from './score-moving-average';
import { createScoreOptimal, scoreOptimalInfo } from './score-optimal';
import { createStGumbel, stGumbelInfo } from './st-gumbel';
import { createStraightThrough, straightThroughInfo } from './straight-through';
import type { BernoulliEstimator, BernoulliEstimatorId, EstimatorInfo } from './types';

export const ESTIMATOR_INFO: Readonly<Record<BernoulliEstimatorId, EstimatorInfo>> = {
  exact: exactInfo,
  score: scoreInfo,
  'score-mean-oracle': scoreMeanOracleInfo,
  'score-moving-average': scoreMovingAverageInfo,
  'score-optimal': scoreOptimalInfo,
  rloo: rlooInfo,
  'straight-through': straightThroughInfo,
  concrete: concreteInfo,
  'st-gumbel': stGumbelInfo,
  rebar: rebarInfo,
  arm: armInfo,
  disarm: disarmInfo,
};

export function createBernoulliEstimator(id: BernoulliEstimatorId): BernoulliEstimator {
  switch (id) {
    case 'exact':
      return createExact();
    case 'score':
      return createScoreFunction('none');
    case 'score-mean-oracle':
      return createScoreFunction('exact-mean');
    case 'score-moving-average':
      return createScoreMovingAverage();
    case 'score-optimal':
      return createScoreOptimal();
    case 'rloo':
      return createRloo();
    case 'straight-through':
      return createStraightThrough();
    case 'concrete':
      return createConcrete();
    case 'st-gumbel':
      return createStGumbel();
    case 'rebar':
      return createRebar();
    case 'arm':
      return createArm();
    case 'disarm':
      return createDisarm();
  }
}
