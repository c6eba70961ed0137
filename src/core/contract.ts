/**
 * The contract of an experiment: everything the page, the worker, the CLI and the tests need to know
 * about it, in one tfjs-free module per experiment (`experiments/<id>.schema.ts`). Its meta (id, title,
 * summary), its parameter schema, its presets, the type of the frame its `snapshot()` sends, and how the
 * page lays it out (the figures it draws, which one is the hero, the controls the claim is about, the
 * speed its story is watchable at). `contracts.ts` lists them once; the worker's registry and the page's
 * catalog are both built from that list.
 */
import type { ParamSchema, ParamValues } from '../params/kinds';

/** A named starting point a panel offers ("Entropy bonus finds the best arm"): values, and optionally a seed. */
export interface Preset<S extends ParamSchema = ParamSchema> {
  label: string;
  /** One or two sentences on what the preset shows. */
  help: string;
  values: Partial<ParamValues<S>>;
  /** The seed the preset's story was told on, when it depends on one. */
  seed?: number;
  /**
   * Applied as a live change: the run keeps its steps (unless a value rebuilds it), instead of
   * restarting from step 0. For presets whose point is a change made while the run goes on.
   */
  live?: boolean;
}

/** How the page lays a panel out (issue "one claim, one figure, one screen"). */
export interface PanelLayout<S extends ParamSchema, Fig extends string> {
  /** Every figure the panel draws, in reading order. The hero is one of them; the rest sit behind "More figures". */
  figures: readonly Fig[];
  /** The one figure that shows the claim. Sections may name another (see article/sections.ts). */
  hero: Fig;
  /** The one to three controls the claim is about, shown beside the hero; the rest sit behind "All settings". */
  keyControls: readonly (keyof S & string)[];
  /**
   * Steps per second at which the story can be watched when the reader arrives (Infinity: as fast as it
   * goes). Stories told in time (replay, budgets, learning curves) start slow; "max" is one click away.
   */
  pace: number;
}

export interface ExperimentContract<Id extends string = string, S extends ParamSchema = ParamSchema, F = unknown, Fig extends string = string> {
  id: Id;
  title: string;
  /** One sentence for menus and `--help`. */
  summary: string;
  schema: S;
  presets: readonly Preset<S>[];
  layout: PanelLayout<S, Fig>;
  /** Type only, never set: the data of this experiment's frames (what `snapshot()` returns in `data`). */
  readonly frameType?: F;
}

/** Any contract, whatever its schema, frame and figures. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = ExperimentContract<string, any, any, string>;

export type FrameOf<C> = C extends { readonly frameType?: infer F } ? Exclude<F, undefined> : never;
export type SchemaOf<C> = C extends { schema: infer S extends ParamSchema } ? S : never;
export type FigureOf<C> = C extends { layout: { figures: readonly (infer Fig extends string)[] } } ? Fig : never;

/**
 * Declare a contract. Curried so the frame type is named (`defineContract<PolicyEntropyFrame>()({...})`)
 * while the id, schema and figure names are inferred from the object: the layout's hero and key
 * controls are then checked against them.
 */
export function defineContract<F>() {
  return <const Id extends string, S extends ParamSchema, const Fig extends string>(
    contract: Omit<ExperimentContract<Id, S, F, Fig>, 'frameType'>,
  ): ExperimentContract<Id, S, F, Fig> => contract;
}
