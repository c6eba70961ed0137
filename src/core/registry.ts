/**
 * Every experiment the app, the CLI and the tests know. Adding one: its own module, one line here,
 * its tests and its panel.
 */
import type { Experiment } from './experiment';
import type { ParamSchema } from '../params/kinds';
import { baselineExperiment } from './experiments/baseline-mlp';

export const experiments: readonly Experiment[] = [baselineExperiment as unknown as Experiment];

export const DEFAULT_EXPERIMENT_ID = 'baseline';

export function findExperiment(id: string): Experiment | undefined {
  return experiments.find((e) => e.id === id);
}

export function schemaOf(id: string): ParamSchema | undefined {
  return findExperiment(id)?.schema;
}
