/**
 * Parameters several experiments declare alike (the same range, step and scale), written once. Each
 * experiment still gives its own help text, since what the setting does differs between them.
 */
import type { NumberParam, PointsParam } from './kinds';

type Effect = NonNullable<NumberParam['effect']>;

/** The temperature τ of a Gumbel-softmax / Concrete relaxation. */
export const temperatureParam = <E extends Effect>(help: string, effect: E) =>
  ({ kind: 'number', label: 'Temperature τ', min: 0.01, max: 10, step: 0.01, log: true, default: 0.5, help, effect }) as const;

/** An Adam learning rate between 1e-4 and `max`, on a log slider. */
export const learningRateParam = <E extends Effect>(max: number, defaultValue: number, help: string, effect: E) =>
  ({ kind: 'number', label: 'Learning rate', min: 0.0001, max, step: 0.0001, log: true, default: defaultValue, help, effect }) as const;

/** The width of a small tanh network's hidden layer. */
export const hiddenUnitsParam = <E extends Effect>(help: string, effect: E) =>
  ({ kind: 'number', label: 'Hidden units', min: 4, max: 64, step: 1, integer: true, default: 24, help, effect }) as const;

/** How many actions (or samples) a learner takes per step. */
export const samplesPerStepParam = <E extends Effect>(defaultValue: number, help: string, effect: E) =>
  ({ kind: 'number', label: 'Samples per step', min: 1, max: 64, step: 1, integer: true, default: defaultValue, help, effect }) as const;

/**
 * The training set a student draws on the plane (issue 16): used while `datasetKey` is `drawnOption`.
 * 2000 points at most; a link carries up to 200 (the rest travel by export).
 */
export const drawnPointsParam = (datasetKey: string, drawnOption: string, help: string): PointsParam => ({
  kind: 'points',
  label: 'Drawn points',
  maxPoints: 2000,
  linkMax: 200,
  default: [],
  usedWhen: { key: datasetKey, value: drawnOption },
  help,
  effect: 'data',
});
