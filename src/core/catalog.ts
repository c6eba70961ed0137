/**
 * What the page needs to know about each experiment without loading tfjs: id, title and schema.
 * The main thread imports this; only the worker (and Node) import `registry.ts`, which brings the
 * implementations. A test checks the two lists agree.
 */
import type { ParamSchema } from '../params/kinds';
import { baselineSchema } from './experiments/baseline-mlp.schema';
import { bpttMemoryMeta, bpttMemorySchema } from './experiments/bptt-memory.schema';
import { placeReplayMeta, placeReplaySchema } from './experiments/place-replay.schema';
import { gradientVarianceSchema } from './experiments/gradient-variance.schema';
import { lossSurfaceMeta, lossSurfaceSchema } from './experiments/loss-surface.schema';
import { learnedProxyMeta, learnedProxySchema } from './experiments/learned-proxy.schema';
import { policyEntropyMeta, policyEntropySchema } from './experiments/policy-entropy.schema';
import { binaryLatentsMeta, binaryLatentsSchema } from './experiments/binary-latents.schema';
import { fatalStateMeta, fatalStateSchema } from './experiments/fatal-state.schema';
import { sparseCreditMeta, sparseCreditSchema } from './experiments/sparse-credit.schema';
import { internalModelsMeta, internalModelsSchema } from './experiments/internal-models.schema';

export interface ExperimentMeta {
  id: string;
  title: string;
  summary: string;
  schema: ParamSchema;
}

export const catalog: readonly ExperimentMeta[] = [
  {
    id: 'baseline',
    title: 'Smooth backprop baseline',
    summary: 'A small MLP on a 2-D data set: loss curves, decision boundary and minibatch gradient noise.',
    schema: baselineSchema,
  },
  { ...bpttMemoryMeta, schema: bpttMemorySchema },
  { ...placeReplayMeta, schema: placeReplaySchema },
  {
    id: 'gradient-variance',
    title: 'Gradient estimators for stochastic units',
    summary: 'Bias, variance, SNR and cost of gradient estimators for Bernoulli and Gaussian units, and a training race on the Tucker toy.',
    schema: gradientVarianceSchema,
  },
  { ...lossSurfaceMeta, schema: lossSurfaceSchema },
  { ...binaryLatentsMeta, schema: binaryLatentsSchema },
  { ...fatalStateMeta, schema: fatalStateSchema },
  { ...learnedProxyMeta, schema: learnedProxySchema },
  { ...policyEntropyMeta, schema: policyEntropySchema },
  { ...sparseCreditMeta, schema: sparseCreditSchema },
  { ...internalModelsMeta, schema: internalModelsSchema },
];

export const DEFAULT_EXPERIMENT_ID = 'baseline';

export function metaOf(id: string): ExperimentMeta | undefined {
  return catalog.find((e) => e.id === id);
}

export function schemaOf(id: string): ParamSchema | undefined {
  return metaOf(id)?.schema;
}
