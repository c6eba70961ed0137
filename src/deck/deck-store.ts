/**
 * The deck being built or presented: its slides and the one shown (null until the lecturer steps into
 * it). It lives in the page and in the link's `deck=` (deck-actions.ts keeps the two in step).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Slide } from './deck';

export interface DeckState {
  slides: readonly Slide[];
  /** Index of the slide shown, or null when the page is not showing one. */
  current: number | null;
  /** Set while a slide's run is being replayed to its step. */
  loading: { slide: number; step: number } | null;
}

export const deckStore = createStore<DeckState>(() => ({ slides: [], current: null, loading: null }));

export function useDeck<T>(selector: (s: DeckState) => T): T {
  return useStore(deckStore, selector);
}
