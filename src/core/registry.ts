/**
 * Every experiment the worker, the CLI and the tests know. Adding one: its own module, one line here,
 * one entry in catalog.ts (what the page may know without tfjs), its tests and its panel.
 */
import type { Experiment } from './experiment';
import { baselineExperiment } from './experiments/baseline-mlp';
import { gradientVarianceExperiment } from './experiments/gradient-variance';
import { bpttMemoryExperiment } from './experiments/bptt-memory';
import { placeReplayExperiment } from './experiments/place-replay';
import { lossSurfaceExperiment } from './experiments/loss-surface';
import { learnedProxyExperiment } from './experiments/learned-proxy';
import { policyEntropyExperiment } from './experiments/policy-entropy';
import { binaryLatentsExperiment } from './experiments/binary-latents';
import { fatalStateExperiment } from './experiments/fatal-state';
import { sparseCreditExperiment } from './experiments/sparse-credit';
import { internalModelsExperiment } from './experiments/internal-models';

export const experiments: readonly Experiment[] = [baselineExperiment, bpttMemoryExperiment, placeReplayExperiment, gradientVarianceExperiment, lossSurfaceExperiment, binaryLatentsExperiment, fatalStateExperiment, learnedProxyExperiment, policyEntropyExperiment, sparseCreditExperiment, internalModelsExperiment] as unknown as Experiment[];

export function findExperiment(id: string): Experiment | undefined {
  return experiments.find((e) => e.id === id);
}
