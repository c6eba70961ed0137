import type { Snapshot, SnapshotValue } from '../core/experiment';

/** Every typed-array buffer in a snapshot, so postMessage moves them instead of copying. */
export function transferablesOf(snapshot: Snapshot): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: SnapshotValue | Snapshot['data']) => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) v.forEach(visit);
    else Object.values(v).forEach(visit);
  };
  visit(snapshot.data);
  return [...out];
}
