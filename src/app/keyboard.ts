/**
 * Page-wide keys for lecturers: space play/pause, → one step, ← back one kept checkpoint (rewind),
 * PageUp/PageDown between sections, 1–9 to jump, r reset, f fullscreen, l lecture mode, ? help; in
 * lecture mode Home goes back to the start of the run (in the article Home keeps scrolling to the top).
 * Ignored while typing in a field or using a control that owns those keys (sliders, selects).
 */
import { reset, stepOnce, togglePlay } from '../store/actions';
import { rewindBy } from '../store/rewind-actions';
import { appStore } from '../store/store';

export const SHORTCUTS: readonly [key: string, what: string][] = [
  ['Space', 'train / pause'],
  ['→', 'one step (pauses); while rewound, forward one kept checkpoint'],
  ['←', 'back one kept checkpoint (rewind; Train from there branches)'],
  ['Home', 'rewind to the start (lecture mode; or on the timeline slider)'],
  ['Page Down', 'next section (in lecture mode with a deck: next slide)'],
  ['Page Up', 'previous section (or slide)'],
  ['1 – 9', 'jump to that section'],
  ['r', 'reset to step 0 (same seed)'],
  ['f', 'full screen'],
  ['l', 'lecture mode on or off'],
  ['?', 'show or hide this list'],
];

/** What the keys do beyond the transport: the article's navigation and the page's overlays. */
export interface KeyboardHandlers {
  toggleHelp: () => void;
  /** Move by one section (±1); absent where there are no sections (an embedded panel). */
  moveSection?: (delta: number) => void;
  /** Jump to the n-th section, 1-based. */
  jumpToSection?: (n: number) => void;
  toggleLecture?: () => void;
  /** True in lecture mode, where Home rewinds the run (no page to scroll to its top). */
  lecture?: () => boolean;
}

function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target.isContentEditable;
}

function insideClosedDialog(el: HTMLElement): boolean {
  const dialog = el.closest('dialog');
  return !el.isConnected || (dialog !== null && !dialog.open);
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

export function startKeyboard(handlers: KeyboardHandlers): () => void {
  const { toggleHelp, moveSection, jumpToSection, toggleLecture, lecture } = handlers;
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target)) return;
    // Buttons keep Space and Enter for themselves (a focused "Reset" must not also toggle play).
    // A button inside a dialog that has just closed no longer counts: focus is on its way back to the page.
    if (e.key === ' ' && e.target instanceof HTMLButtonElement && !insideClosedDialog(e.target)) return;
    // While a dialog is open (the shortcut list), only "?" reaches the page: it closes the list.
    if (document.querySelector('dialog[open]') && e.key !== '?') return;
    let handled = true;
    if (e.key === ' ') void togglePlay();
    else if (e.key === 'ArrowRight') {
      if (appStore.getState().frame?.timeline.viewing != null) rewindBy(1);
      else void stepOnce();
    } else if (e.key === 'ArrowLeft') rewindBy(-1);
    else if (e.key === 'Home' && lecture?.()) rewindBy('start');
    else if (e.key === 'r') void reset();
    else if (e.key === 'f') toggleFullscreen();
    else if (e.key === '?') toggleHelp();
    else if (e.key === 'PageDown' && moveSection) moveSection(1);
    else if (e.key === 'PageUp' && moveSection) moveSection(-1);
    else if (/^[1-9]$/.test(e.key) && jumpToSection) jumpToSection(Number(e.key));
    else if (e.key === 'l' && toggleLecture) toggleLecture();
    else handled = false;
    if (handled) e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
