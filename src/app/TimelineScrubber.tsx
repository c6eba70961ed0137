/**
 * The rewind scrubber beside the transport (issue 16): one position per kept checkpoint of the run (dense
 * near the present, thinning into the past) and the present. Dragging back shows every figure as it was
 * at that step; Train or Step from there branches, and the abandoned future stays as a dashed ghost on
 * the line charts until dismissed. On the slider ← → move one checkpoint and Home/End go to the ends.
 */
import { useStore } from 'zustand';
import { useApp } from '../store/store';
import { viewStep } from '../store/rewind-actions';
import { scrubPositions } from '../shared/scrub-positions';
import { dropFuture, pinStore } from '../pins/pins';
import { fmtInt } from './format';

export function TimelineScrubber() {
  const timeline = useApp((s) => s.frame?.timeline ?? null);
  const present = useApp((s) => s.frame?.snapshot.step ?? 0);
  const ready = useApp((s) => s.phase === 'ready');
  const experimentId = useApp((s) => s.experimentId);
  const future = useStore(pinStore, (s) => s.futures[experimentId] ?? null);
  if (!timeline) return null;
  if (timeline.unavailable) {
    return (
      <span className="scrubber scrubber-off" data-testid="scrubber-off" title={`No rewind: ${timeline.unavailable}`}>
        no rewind
      </span>
    );
  }
  const positions = scrubPositions(timeline.steps, timeline.viewing, present);
  const index = timeline.viewing ?? positions.length - 1;
  const past = timeline.viewing !== null;
  const mb = (timeline.bytes / 1024 / 1024).toFixed(1);
  return (
    <span className={past ? 'scrubber scrubber-past' : 'scrubber'}>
      <label>
        <span className="scrubber-label">{past ? 'Viewing' : 'Rewind'}</span>
        <input
          type="range"
          min={0}
          max={Math.max(0, positions.length - 1)}
          step={1}
          value={index}
          disabled={!ready || positions.length < 2}
          onChange={(e) => void viewStep(positions[Number(e.target.value)] ?? present)}
          aria-valuetext={`step ${fmtInt(positions[index] ?? present)}${past ? ', in the past: Train branches from here' : ', the present'}`}
          title={`${positions.length} kept steps (${mb} MB of ${timeline.maxBytes / 1024 / 1024} MB), dense near the present. ← → one kept step, Home the start.${!ready ? ' Waiting for the worker…' : ''}`}
          data-testid="scrubber"
          data-positions={positions.join(',')}
          data-bytes={timeline.bytes}
        />
      </label>
      {past && (
        <span className="scrubber-note" data-testid="scrubber-note">
          Train branches from here
        </span>
      )}
      {future && !past && (
        <button type="button" className="scrubber-ghost" onClick={() => dropFuture(experimentId)} title="Dismiss the dashed ghost of the abandoned future" data-testid="dismiss-future">
          ghost to step {fmtInt(future.step)} ×
        </button>
      )}
    </span>
  );
}
