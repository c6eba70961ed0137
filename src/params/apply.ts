/**
 * A live parameter change, in one place: validate the partial against the schema, diff it against the
 * current values, merge, and say what the change costs (a rebuild for 'shape' parameters, new data for
 * 'data' ones). Every experiment's `setParams` starts here and then does only what is its own.
 */

import { sameValue, validatePartial, type AnyParamValues, type ParamProblem, type ParamSchema } from './kinds';

/** What a `setParams` call tells its caller (the worker sends it to the page, the CLI prints it). */
export interface SetParamsResult {
  /** Values actually applied (validated). */
  applied: AnyParamValues;
  problems: ParamProblem[];
  /** True when a shape-changing parameter forced the model to be rebuilt (weights re-initialised). */
  rebuilt: boolean;
  /** Parameters that caused the rebuild, for the UI's notice. */
  rebuiltBy: string[];
}

export interface AppliedPartial<V> {
  /** The current values overlaid with every validated value of the partial. */
  values: V;
  /** Keys whose validated value differs from the current one, in the partial's order. */
  changed: string[];
  /** A changed key's effect is 'data': the data set must be regenerated (the weights stay). */
  dataChanged: boolean;
  /** The answer for the caller; `rebuiltBy` lists the changed keys whose effect is 'shape'. */
  result: SetParamsResult;
}

/**
 * Merge values already validated (and possibly adjusted by the experiment's own rules) into the current
 * ones. `problems` are passed through to the result.
 */
export function applyValidated<V extends object>(
  schema: ParamSchema,
  current: V,
  applied: AnyParamValues,
  problems: ParamProblem[],
): AppliedPartial<V> {
  const before = current as Record<string, unknown>;
  const changed = Object.keys(applied).filter((key) => !sameValue(applied[key], before[key]));
  // validatePartial drops unknown keys, so every changed key has a spec.
  const rebuiltBy = changed.filter((key) => schema[key]!.effect === 'shape');
  return {
    values: { ...current, ...applied } as V,
    changed,
    dataChanged: changed.some((key) => schema[key]!.effect === 'data'),
    result: { applied, problems, rebuilt: rebuiltBy.length > 0, rebuiltBy },
  };
}

/** Validate a raw partial (from the page, the CLI, a test) and merge it into `current`. */
export function applyPartial<V extends object>(
  schema: ParamSchema,
  current: V,
  partial: Record<string, unknown>,
): AppliedPartial<V> {
  const { values, problems } = validatePartial(schema, partial);
  return applyValidated(schema, current, values, problems);
}
