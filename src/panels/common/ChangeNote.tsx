import { useEffect, useState } from 'react';
import { useApp } from '../../store/store';

/** How long the figure says what just changed. */
const SHOW_MS = 6000;

/**
 * "Changed: Activation: linear", beside the hero's title for a few seconds after a setting changes (a
 * slider, a preset or a try-this link), so a reader who clicked a link in the text sees in the figure
 * what the click did. Announced politely to screen readers.
 */
export function ChangeNote() {
  const change = useApp((s) => s.lastChange);
  const [, rerender] = useState(0);
  const fresh = change !== null && performance.now() - change.at < SHOW_MS;
  useEffect(() => {
    if (!change) return;
    const left = SHOW_MS - (performance.now() - change.at);
    if (left <= 0) return;
    const timer = window.setTimeout(() => rerender((n) => n + 1), left + 20);
    return () => window.clearTimeout(timer);
  }, [change]);
  return (
    <span className="change-note" role="status" aria-live="polite" data-testid="change-note">
      {fresh ? `Changed: ${change.text}` : ''}
    </span>
  );
}
