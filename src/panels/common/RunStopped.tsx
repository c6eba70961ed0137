import { fmtInt } from '../../app/format';
import { reset } from '../../store/actions';

/** Training stopped itself (a NaN or ±Inf): where, why, and the way out. */
export function RunStopped({ diverged, unit = 'step' }: { diverged: { step: number; reason: string }; unit?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>
        Training stopped at {unit} {fmtInt(diverged.step)}.
      </strong>{' '}
      {diverged.reason}{' '}
      <button type="button" onClick={() => void reset()}>
        Reset the run
      </button>
    </div>
  );
}
