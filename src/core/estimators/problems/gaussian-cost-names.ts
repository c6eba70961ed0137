/** The Gaussian test costs by name, kept apart from their tfjs code so the schema can list them. */
export const GAUSSIAN_COSTS = ['quadratic', 'exp', 'cos'] as const;
export type GaussianCostName = (typeof GAUSSIAN_COSTS)[number];
