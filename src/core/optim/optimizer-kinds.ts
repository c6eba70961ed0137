/** Optimiser names, kept apart from the update code so schemas can list them without tfjs. */
export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];
