import { useApp, dismissNotice } from '../store/store';
import { restartWorker } from '../store/actions';

/** Dismissible notices (adjusted URL values, rebuilds, backend fallbacks) and the worker-error banner. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const workerError = useApp((s) => s.workerError);
  return (
    <div className="notices">
      {workerError && (
        <div className="alert alert-error" role="alert" data-testid="worker-error">
          <strong>The training side stopped.</strong> {workerError} Your settings are kept.{' '}
          <button type="button" onClick={() => void restartWorker()}>
            Restart training
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`alert alert-${n.tone}`} role={n.tone === 'info' ? 'status' : 'alert'} data-testid="notice">
          <div>
            <strong>{n.title}</strong>
            {n.items.length > 0 && (
              <ul>
                {n.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="dismiss" onClick={() => dismissNotice(n.id)} aria-label={`Dismiss: ${n.title}`}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
