/**
 * The network figure with "a step in slow motion" on it: the controls above, and while a step is
 * being played back its replay in place of the live diagram (issue 16).
 */
import type { NetworkFrame } from '../../core/mlp/network-frame';
import { useReducedMotion } from '../../charts/useReducedMotion';
import { startSlowStep, useSlowStep } from '../../store/slow-step-actions';
import { NetworkFigure } from '../network/NetworkFigure';
import type { UnitFocus } from '../network/useUnitFocus';
import { SlowStepControls, SlowStepView } from './SlowStep';

export function NetworkWithSlowStep({ net, width, focus }: { net: NetworkFrame | null; width: number; focus: UnitFocus }) {
  const replaying = useSlowStep((s) => s.trace !== null && (s.status === 'playing' || s.status === 'paused' || s.status === 'done'));
  return (
    <div className="slow-step-host" data-testid="network-with-slow-step">
      <SlowStepControls />
      {replaying ? <SlowStepView live={net} width={width} /> : <NetworkFigure net={net} width={width} focus={focus} />}
    </div>
  );
}

/**
 * The same start, from beside the hero: the network figure lives behind "More", so this opens it,
 * starts the step and brings the replay into view.
 */
export function SlowStepLauncher() {
  const reduced = useReducedMotion();
  const taking = useSlowStep((s) => s.status === 'taking');
  return (
    <button
      type="button"
      className="small"
      data-testid="slow-step-launch"
      disabled={taking}
      title="Take the next training step and play it back on the network figure (opens it under More)"
      onClick={() => {
        window.dispatchEvent(new Event('gb-open-more'));
        void startSlowStep(!reduced).then(() => {
          requestAnimationFrame(() =>
            document.querySelector('[data-testid="network-with-slow-step"]')?.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' }),
          );
        });
      }}
    >
      Step in slow motion
    </button>
  );
}
