/**
 * Every experiment's implementation, for the worker, the CLI and the tests. The table is typed by the
 * contract list (contracts.ts): each id must have an implementation whose schema and frame are its
 * contract's, or this file does not compile.
 */
import type { FrameOf, SchemaOf } from './contract';
import type { Experiment } from './experiment';
import type { ParamSchema } from '../params/kinds';
import { contracts, type ContractOf, type ExperimentId } from './contracts';
import { baselineExperiment } from './experiments/baseline-mlp';
import { mixtureDensityExperiment } from './experiments/mixture-density';
import { gradientVarianceExperiment } from './experiments/gradient-variance';
import { bpttMemoryExperiment } from './experiments/bptt-memory';
import { placeReplayExperiment } from './experiments/place-replay';
import { lossSurfaceExperiment } from './experiments/loss-surface';
import { learnedProxyExperiment } from './experiments/learned-proxy';
import { internalModelsExperiment } from './experiments/internal-models';
import { policyEntropyExperiment } from './experiments/policy-entropy';
import { binaryLatentsExperiment } from './experiments/binary-latents';
import { fatalStateExperiment } from './experiments/fatal-state';
import { sparseCreditExperiment } from './experiments/sparse-credit';

type Implementations = { [K in ExperimentId]: Experiment<SchemaOf<ContractOf<K>>, FrameOf<ContractOf<K>>> };

const implementations: Implementations = {
  baseline: baselineExperiment,
  'mixture-density': mixtureDensityExperiment,
  'gradient-variance': gradientVarianceExperiment,
  'bptt-memory': bpttMemoryExperiment,
  'place-replay': placeReplayExperiment,
  'loss-surface': lossSurfaceExperiment,
  'learned-proxy': learnedProxyExperiment,
  'policy-entropy': policyEntropyExperiment,
  'internal-models': internalModelsExperiment,
  'binary-latents': binaryLatentsExperiment,
  'fatal-state': fatalStateExperiment,
  'sparse-credit': sparseCreditExperiment,
};

/** Seen from the scheduler and the CLI, which treat every experiment alike. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExperiment = Experiment<ParamSchema, any>;

export const experiments: readonly AnyExperiment[] = contracts.map((c) => implementations[c.id]);

export function findExperiment(id: string): AnyExperiment | undefined {
  return experiments.find((e) => e.id === id);
}
