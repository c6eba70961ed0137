/** The "Deck" button of the header and the lecture bar, with the editor it opens; and the slide counter. */
import { useState } from 'react';
import { DeckDialog } from './DeckDialog';
import { useDeck } from './deck-store';
import { fmtInt } from '../app/format';

export function DeckButton() {
  const [open, setOpen] = useState(false);
  const count = useDeck((s) => s.slides.length);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="deck-open" title="Build a deck of moments to present in lecture mode">
        Deck{count > 0 ? ` (${count})` : ''}
      </button>
      {open && <DeckDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/** "slide 2/3" while a deck is presented, and what a slide is doing while its run is replayed. */
export function SlideCounter() {
  const count = useDeck((s) => s.slides.length);
  const current = useDeck((s) => s.current);
  const loading = useDeck((s) => s.loading);
  if (count === 0) return null;
  return (
    <span className="deck-progress" data-testid="slide-counter" data-slide={current === null ? '' : current + 1} aria-live="polite">
      {current === null ? `deck of ${count}: Page Down to start` : `slide ${current + 1}/${count}`}
      {loading ? ` · replaying to step ${fmtInt(loading.step)}…` : ''}
    </span>
  );
}
