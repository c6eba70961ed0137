/**
 * Every experiment the project has, once, in the page's default order. The page's catalog
 * (catalog.ts, main thread, no tfjs) and the worker's registry (registry.ts, implementations) are both
 * built from this list, and the registry's table is typed by it: an id listed here without an
 * implementation, or an implementation whose frame differs from its contract's, does not compile.
 * Adding an experiment: its contract module (`experiments/<id>.schema.ts`) and one line here; then
 * its implementation in registry.ts and its panel in panels/index.ts, which the compiler asks for.
 */
import type { FrameOf } from './contract';
import type { Snapshot } from './experiment';
import { baselineContract } from './experiments/baseline-mlp.schema';
import { mixtureDensityContract } from './experiments/mixture-density.schema';
import { bpttMemoryContract } from './experiments/bptt-memory.schema';
import { placeReplayContract } from './experiments/place-replay.schema';
import { gradientVarianceContract } from './experiments/gradient-variance.schema';
import { lossSurfaceContract } from './experiments/loss-surface.schema';
import { binaryLatentsContract } from './experiments/binary-latents.schema';
import { fatalStateContract } from './experiments/fatal-state.schema';
import { learnedProxyContract } from './experiments/learned-proxy.schema';
import { internalModelsContract } from './experiments/internal-models.schema';
import { policyEntropyContract } from './experiments/policy-entropy.schema';
import { sparseCreditContract } from './experiments/sparse-credit.schema';

export const contracts = [
  baselineContract,
  mixtureDensityContract,
  bpttMemoryContract,
  placeReplayContract,
  gradientVarianceContract,
  lossSurfaceContract,
  binaryLatentsContract,
  fatalStateContract,
  learnedProxyContract,
  internalModelsContract,
  policyEntropyContract,
  sparseCreditContract,
] as const;

export type Contract = (typeof contracts)[number];
export type ExperimentId = Contract['id'];
export type ContractOf<K extends ExperimentId> = Extract<Contract, { id: K }>;

/** A frame of experiment K: its id narrows `data` to that experiment's frame type. */
export type SnapshotOf<K extends ExperimentId> = Snapshot<FrameOf<ContractOf<K>>> & { experimentId: K };
/** A frame of any experiment, discriminated by `experimentId`. */
export type AnySnapshot = { [K in ExperimentId]: SnapshotOf<K> }[ExperimentId];

export function isExperimentId(id: string): id is ExperimentId {
  return contracts.some((c) => c.id === id);
}
