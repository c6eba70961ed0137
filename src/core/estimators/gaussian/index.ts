/** The Gaussian unit's estimators by id. */
import { createGaussianPathwise } from './pathwise';
import { createGaussianScore } from './score';
import type { GaussianEstimator, GaussianEstimatorId } from './types';

export function createGaussianEstimator(id: GaussianEstimatorId): GaussianEstimator {
  switch (id) {
    case 'gaussian-score':
      return createGaussianScore('none');
    case 'gaussian-score-loo':
      return createGaussianScore('leave-one-out');
    case 'gaussian-score-optimal':
      return createGaussianScore('optimal-constant');
    case 'gaussian-pathwise':
      return createGaussianPathwise();
  }
}
