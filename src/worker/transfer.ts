import type { Snapshot } from '../core/experiment';

/** Every typed-array buffer in a snapshot, so postMessage moves them instead of copying. */
export function transferablesOf(snapshot: Snapshot<unknown>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) v.forEach(visit);
    else Object.values(v as object).forEach(visit);
  };
  visit(snapshot.data);
  return [...out];
}
