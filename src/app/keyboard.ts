/**
 * Page-wide keys for lecturers: space play/pause, → one step, r reset, f fullscreen, ? help.
 * Ignored while typing in a field or using a control that owns those keys (sliders, selects).
 */
import { reset, stepOnce, togglePlay } from '../store/actions';

export const SHORTCUTS: readonly [key: string, what: string][] = [
  ['Space', 'train / pause'],
  ['→', 'one step (pauses)'],
  ['r', 'reset to step 0 (same seed)'],
  ['f', 'full screen'],
  ['?', 'show or hide this list'],
];

function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target.isContentEditable;
}

function insideClosedDialog(el: HTMLElement): boolean {
  const dialog = el.closest('dialog');
  return !el.isConnected || (dialog !== null && !dialog.open);
}

export function startKeyboard(toggleHelp: () => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target)) return;
    // Buttons keep Space and Enter for themselves (a focused "Reset" must not also toggle play).
    // A button inside a dialog that has just closed no longer counts: focus is on its way back to the page.
    if (e.key === ' ' && e.target instanceof HTMLButtonElement && !insideClosedDialog(e.target)) return;
    let handled = true;
    if (e.key === ' ') void togglePlay();
    else if (e.key === 'ArrowRight') void stepOnce();
    else if (e.key === 'r') void reset();
    else if (e.key === 'f') {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen?.().catch(() => undefined);
    } else if (e.key === '?') toggleHelp();
    else handled = false;
    if (handled) e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
