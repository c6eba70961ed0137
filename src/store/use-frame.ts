/**
 * The one way a panel reads its frames: `useFrame('policy-entropy')` is that experiment's latest
 * snapshot, typed by its contract, or null while the worker boots or is still drawing another
 * experiment. The id check is the narrowing: no panel casts a frame.
 */
import type { ExperimentId, SnapshotOf } from '../core/contracts';
import { useApp } from './store';

function isSnapshotOf<K extends ExperimentId>(snapshot: { experimentId: string }, id: K): snapshot is SnapshotOf<K> {
  return snapshot.experimentId === id;
}

export function useFrame<K extends ExperimentId>(id: K): SnapshotOf<K> | null {
  return useApp((s) => {
    const snapshot = s.frame?.snapshot;
    return snapshot && isSnapshotOf(snapshot, id) ? snapshot : null;
  });
}
