/**
 * The gradient-estimators core in one import: the estimator interface and catalogue, the problems,
 * the statistics, the Gaussian contrast and the model pieces (bars-and-stripes, sigmoid belief net).
 */
export * from './types';
export * from './limits';
export { createBernoulliEstimator, ESTIMATOR_INFO } from './catalogue';
export { scoreFunctionPerSampleLoop } from './score-function-loop';
export { enumerateGradient, enumerateExpectation } from './enumerate';
export { sumSquaresCost, tuckerToy, sumSquaresUnitGradient } from './problems/sum-squares';
export { coupledQuadraticCost } from './problems/coupled';
export { gaussianCost, GAUSSIAN_COSTS, type GaussianCostName } from './problems/gaussian-costs';
export { createGaussianEstimator } from './gaussian';
export * from './gaussian/types';
export * from './stats';
export { measure, drawEstimates, readEstimate, summariseDrawn, type Measured, type Drawn } from './measure';
export { barsAndStripes, type BinaryImages } from './model/bars-and-stripes';
export { surrogateLoss, linearLayerGradients } from './model/chain-rule';
