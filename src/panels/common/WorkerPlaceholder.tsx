import type { WorkerPhase } from '../../store/store';

/** What a panel shows before its first frame: the worker starting, or that it is not running. */
export function WorkerPlaceholder({ phase }: { phase: WorkerPhase }) {
  return (
    <p className="placeholder" role="status">
      {phase === 'failed' ? 'Training is not running (see the message above).' : 'Starting the training worker…'}
    </p>
  );
}
