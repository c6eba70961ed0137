/**
 * Applying a panel's preset: only the settings that differ, in schema order, each through the store
 * (so the URL follows). A shape-changing key rebuilds the run and announces it; a preset may change
 * several, so those per-key notices are folded and the caller says once what the preset did.
 */
import type { ParamSchema } from '../../params/kinds';
import { reset, setParam, setSeed } from '../../store/actions';
import { appStore, dismissNotice, pushNotice } from '../../store/store';

/** Returns whether any of the changed settings rebuilt the run. */
export async function applyPresetValues(schema: ParamSchema, values: Record<string, unknown>, current: Record<string, unknown>): Promise<boolean> {
  const before = new Set(appStore.getState().notices.map((n) => n.id));
  let rebuilt = false;
  for (const key of Object.keys(schema)) {
    if (!(key in values) || current[key] === values[key]) continue;
    await setParam(key, values[key]);
    if (schema[key]!.effect === 'shape') rebuilt = true;
  }
  for (const n of appStore.getState().notices) if (!before.has(n.id) && n.title.startsWith('Network rebuilt')) dismissNotice(n.id);
  return rebuilt;
}

/**
 * A contract's preset: its values through the store, then its seed (a story told on one seed) or, when
 * it names none, a reset, so the preset's story starts from step 0. A live preset stops after its values.
 */
export async function applyContractPreset(
  schema: ParamSchema,
  preset: { label: string; values: Readonly<Record<string, unknown>>; seed?: number; live?: boolean },
  current: Record<string, unknown>,
): Promise<void> {
  const rebuilt = await applyPresetValues(schema, preset.values, current);
  if (preset.live) {
    // A live preset keeps the run going; say so when one of its values started it afresh anyway.
    if (rebuilt) pushNotice('info', `Preset “${preset.label}”: the world changed, so the run started afresh.`);
    return;
  }
  if (preset.seed !== undefined && appStore.getState().seed !== preset.seed) await setSeed(preset.seed);
  else await reset();
}
