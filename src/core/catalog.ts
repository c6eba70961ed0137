/**
 * What the page knows about each experiment without loading tfjs: the contracts (meta, schema,
 * presets, layout). The main thread imports this; only the worker (and Node) import `registry.ts`,
 * which brings the implementations. Both come from one list, `contracts.ts`.
 */
import type { ParamSchema } from '../params/kinds';
import { contracts } from './contracts';

/** A contract seen without its types: what menus, the URL codec, the CLI and the article need. */
export interface ExperimentMeta {
  id: string;
  title: string;
  summary: string;
  schema: ParamSchema;
  presets: readonly { label: string; help: string; values: Readonly<Record<string, unknown>>; seed?: number }[];
  layout: { figures: readonly string[]; hero: string; keyControls: readonly string[]; pace: number };
}

export const catalog: readonly ExperimentMeta[] = contracts;

export const DEFAULT_EXPERIMENT_ID = 'baseline';

export function metaOf(id: string): ExperimentMeta | undefined {
  return catalog.find((e) => e.id === id);
}

export function schemaOf(id: string): ParamSchema | undefined {
  return metaOf(id)?.schema;
}
