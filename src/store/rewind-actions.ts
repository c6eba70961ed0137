/**
 * Rewind and branch from the page (issue 16): the scrubber and the keys ask to see a kept checkpoint;
 * the worker restores it (src/worker/rewind.ts) and pauses. Leaving the present keeps the curves drawn
 * then as the future ghost (src/pins), drawn dashed under the past until the scrubber comes back to the
 * present; after a branch (Train or Step from the past) it stays until dismissed. A drag asks for many
 * steps in a row: only the newest wish is sent once the one in flight has answered.
 */
import { appStore, pushNotice } from './store';
import { liveTrainer, setRunning } from './actions';
import { dropFuture, keepFuture } from '../pins/pins';
import { scrubPositions } from '../shared/scrub-positions';



let inFlight = false;
let wanted: number | null = null;

/** Show the run at `step` (the nearest kept checkpoint at or before it). */
export async function viewStep(step: number): Promise<void> {
  const t = liveTrainer();
  if (!t) {
    pushNotice('info', 'The training worker is restarting: the timeline is back in a moment (it starts again from the resumed step).');
    return;
  }
  wanted = step;
  if (inFlight) return;
  inFlight = true;
  try {
    while (wanted !== null) {
      const target = wanted;
      wanted = null;
      const s = appStore.getState();
      if (s.frame && s.frame.timeline.viewing === null && target < s.frame.snapshot.step) {
        keepFuture(s.experimentId, s.frame.snapshot.step, s.seed, s.params);
      }
      if (s.running) await setRunning(false);
      const result = await t.view(target);
      if (!result) continue;
      if (result.note) pushNotice('info', result.note);
      if (result.present) dropFuture(s.experimentId);
    }
  } finally {
    inFlight = false;
  }
}

/** ← and → (one kept checkpoint), Home (the start). Returns false when there is nothing to move to. */
export function rewindBy(delta: number | 'start'): boolean {
  const frame = appStore.getState().frame;
  if (!frame || frame.timeline.steps.length === 0) return false;
  const { steps, viewing } = frame.timeline;
  const positions = scrubPositions(steps, viewing, frame.snapshot.step);
  const at = viewing ?? positions.length - 1;
  const to = delta === 'start' ? 0 : Math.max(0, Math.min(positions.length - 1, at + delta));
  if (to === at) return false;
  void viewStep(positions[to]!);
  return true;
}
