import { useApp } from '../../store/store';

/**
 * "Changed: Activation: linear", beside the hero's title for a few seconds after a setting changes (a
 * slider, a preset or a try-this link), so a reader who clicked a link in the text sees in the figure
 * what the click did (the store clears it: noteChange). Announced politely to screen readers.
 */
export function ChangeNote() {
  const change = useApp((s) => s.lastChange);
  return (
    <span className="change-note" role="status" aria-live="polite" data-testid="change-note">
      {change ? `Changed: ${change.text}` : ''}
    </span>
  );
}
