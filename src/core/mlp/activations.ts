/** Hidden-unit activations, kept apart from the model code so schemas can list them without tfjs. */
export const ACTIVATIONS = ['relu', 'tanh', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
