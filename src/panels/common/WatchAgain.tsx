import type { ReactNode } from 'react';
import { useApp } from '../../store/store';
import { reset, setRunning, setSpeed } from '../../store/actions';
import { SPEEDS } from '../../shared/speed';

/** Steps (or laps, episodes) per second slow enough to follow a short run as it happens. */
export const WATCH_SPEEDS = { steady: Math.max(0, SPEEDS.indexOf(120)), lap: Math.max(0, SPEEDS.indexOf(1)) } as const;

/**
 * Start the run over at a speed a person can follow. Runs that end after a fixed budget are over in a
 * blink at full speed, so a student sees only the end; this button (shown only when the page runs
 * faster than that) slows the global speed control, resets and plays. Nothing else the user set changes.
 */
export function WatchAgain({ speedIndex, children }: { speedIndex: number; children: ReactNode }) {
  const current = useApp((s) => s.speedIndex);
  const phase = useApp((s) => s.phase);
  if (current <= speedIndex) return null;
  const watch = async () => {
    await setSpeed(speedIndex);
    await reset();
    await setRunning(true);
  };
  return (
    <button type="button" className="small" onClick={() => void watch()} disabled={phase !== 'ready'} data-testid="watch-again">
      {children}
    </button>
  );
}
