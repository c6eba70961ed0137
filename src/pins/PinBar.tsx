/**
 * The pin controls beside a panel's hero (last in its key-controls column): "Pin this run" and one chip
 * per pin, labelled with the settings in which the pinned run differs from the one now, each with a
 * button that dismisses it.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { useApp } from '../store/store';
import { metaOf } from '../core/catalog';
import { MAX_PINS, pinLabel, pinNow, pinStore, pinsOf, unpin } from './pins';

export function PinBar({ experimentId }: { experimentId: string }) {
  const pins = pinsOf(
    useStore(pinStore, (s) => s.pins),
    experimentId,
  );
  const params = useApp((s) => s.params);
  const seed = useApp((s) => s.seed);
  const step = useApp((s) => (s.frame?.snapshot.experimentId === experimentId ? s.frame.snapshot.step : 0));
  const [problem, setProblem] = useState<string | null>(null);
  const schema = metaOf(experimentId)?.schema ?? {};
  const pin = () => {
    const made = pinNow(experimentId, step, seed, params);
    setProblem(typeof made === 'string' ? made : null);
  };
  return (
    <div className="pin-bar" data-testid="pin-bar">
      <button type="button" className="pin-button" onClick={pin} disabled={step === 0 || pins.length >= MAX_PINS} title={`Freeze this run's curves as a faint dotted ghost, to compare after a change (up to ${MAX_PINS})`} data-testid="pin">
        Pin this run
      </button>
      {pins.map((p, i) => (
        <span key={p.id} className="pin-chip" data-testid="pin-chip">
          pin {i + 1}: {pinLabel(p, schema, params, seed)}
          <button type="button" className="pin-dismiss" aria-label={`Dismiss pin ${i + 1}`} onClick={() => unpin(p.id)}>
            ×
          </button>
        </span>
      ))}
      {problem && (
        <span className="hint" role="status">
          {problem}
        </span>
      )}
    </div>
  );
}
