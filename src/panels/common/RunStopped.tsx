import { fmtInt } from '../../app/format';
import { reset, rollback } from '../../store/actions';
import type { Divergence } from '../../core/experiment';

/** Training stopped itself (a NaN or ±Inf): where, why, and the ways out (back to the last finite weights, or a reset). */
export function RunStopped({ diverged, unit = 'step' }: { diverged: Divergence; unit?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <span>
        <strong>
          Training stopped at {unit} {fmtInt(diverged.step)}.
        </strong>{' '}
        {diverged.reason}
      </span>{' '}
      <span>
        {diverged.lastGoodStep !== undefined && (
          <button type="button" onClick={() => void rollback()}>
            Roll back to {unit} {fmtInt(diverged.lastGoodStep)}
          </button>
        )}{' '}
        <button type="button" onClick={() => void reset()}>
          Reset the run
        </button>
      </span>
    </div>
  );
}
