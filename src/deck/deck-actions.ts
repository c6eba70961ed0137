/**
 * What the lecturer does with a deck: add the moment on screen or a pin as a slide, order and remove
 * slides, carry the deck in the link or a file, and show a slide: its section, a fresh run with the
 * slide's seed and settings trained (paused) to the slide's step, then live if the slide says so.
 */
import { deckStore } from './deck-store';
import { DECK_LINK_MAX, decodeDeckFile, decodeDeckParam, deckFile, encodeDeckParam, slideState, type DeckSections, type Slide } from './deck';
import { appStore, describeProblems, pushNotice } from '../store/store';
import { liveTrainer, setRunning } from '../store/actions';
import { shareableQuery } from '../store/url-sync';
import { availableSections } from '../article/sections';
import { goToSection, pageStore, sectionFor, whenReady } from '../article/navigation';
import { DEFAULT_EXPERIMENT_ID, schemaOf } from '../core/catalog';
import { encodeUrlState } from '../params/url';
import type { Pin } from '../pins/pins';
import type { AnyParamValues } from '../params/kinds';

export const deckSections: DeckSections = {
  experimentOf: (id) => availableSections().find((s) => s.id === id)?.experiment,
  schemaFor: schemaOf,
  defaultExperimentId: DEFAULT_EXPERIMENT_ID,
};

/** Keep `deck=` in the address equal to the deck (dropped when empty or too long for a link). */
function writeDeckToUrl(slides: readonly Slide[]): void {
  const url = new URL(window.location.href);
  const value = slides.length > 0 ? encodeDeckParam(slides) : null;
  if (value === null) url.searchParams.delete('deck');
  else url.searchParams.set('deck', value);
  window.history.replaceState(null, '', url);
}

function setSlides(slides: Slide[]): void {
  deckStore.setState((s) => ({ slides, current: s.current !== null && s.current < slides.length ? s.current : null }));
  writeDeckToUrl(slides);
}

/** The deck's link, or null when it is longer than a link should be (export the file then). */
export function deckLink(): string | null {
  const { slides } = deckStore.getState();
  if (slides.length === 0) return null;
  const value = encodeDeckParam(slides);
  if (value === null) return null;
  const url = new URL(window.location.href);
  url.search = '';
  url.searchParams.set('deck', value);
  url.searchParams.set('lecture', '1');
  return url.toString();
}

export { DECK_LINK_MAX };

/** Read `deck=` from the address once, at start; what cannot be used is named in a notice. */
export function loadDeckFromUrl(): void {
  const value = new URLSearchParams(window.location.search).get('deck');
  if (value === null) return;
  const { slides, problems } = decodeDeckParam(value, deckSections);
  deckStore.setState({ slides, current: null });
  if (problems.length > 0) pushNotice('warning', slides.length > 0 ? 'Some slides of the deck in the link could not be used' : 'The deck in the link could not be used', problems);
  if (slides.length === 0) writeDeckToUrl([]);
}

export function addCurrentSlide(): string | null {
  const app = appStore.getState();
  const section = pageStore.getState().sectionId;
  if (!section || !app.frame) return 'Nothing to add yet: the run has not shown a frame.';
  const slide: Slide = { section, query: shareableQuery(), step: app.frame.snapshot.step, running: app.running };
  setSlides([...deckStore.getState().slides, slide]);
  return null;
}

export function addPinSlide(pin: Pin): string | null {
  const section = sectionFor(pin.experimentId, null);
  const schema = schemaOf(pin.experimentId);
  if (!section || !schema) return 'That pin’s experiment has no section.';
  const query = encodeUrlState({ experimentId: pin.experimentId, seed: pin.seed, backend: 'auto', params: pin.params as AnyParamValues }, schema, DEFAULT_EXPERIMENT_ID);
  setSlides([...deckStore.getState().slides, { section: section.id, query, step: pin.step, running: false }]);
  return null;
}

export function moveSlide(index: number, delta: number): void {
  const slides = [...deckStore.getState().slides];
  const to = index + delta;
  if (to < 0 || to >= slides.length) return;
  [slides[index], slides[to]] = [slides[to]!, slides[index]!];
  setSlides(slides);
}

export function removeSlide(index: number): void {
  setSlides(deckStore.getState().slides.filter((_, i) => i !== index));
}

export function exportDeckFile(): string {
  return deckFile(deckStore.getState().slides);
}

/** Replace the deck by a file's; returns the problems (empty when all was used). */
export function importDeckFile(text: string): string[] {
  const { slides, problems } = decodeDeckFile(text, deckSections);
  if (slides.length > 0) setSlides(slides);
  return slides.length > 0 ? problems : problems.length > 0 ? problems : ['the file holds no slides'];
}

let showing = 0;

/** Show slide `index`: its section, then its run replayed to its step (then live if it was). */
export async function showSlide(index: number): Promise<void> {
  const { slides } = deckStore.getState();
  const slide = slides[index];
  if (!slide) return;
  const ticket = ++showing;
  deckStore.setState({ current: index, loading: { slide: index, step: slide.step } });
  try {
    const { state, problems } = slideState(slide, deckSections);
    if (problems.length > 0) pushNotice('warning', `Slide ${index + 1}: some settings were adjusted`, describeProblems(problems));
    await goToSection(slide.section, true, false);
    await whenReady();
    const t = liveTrainer();
    if (!t || ticket !== showing) return;
    appStore.setState({ seed: state.seed, params: state.params, running: false });
    const started = await t.start(state.experimentId, state.seed, state.params, false);
    appStore.setState({ params: started.params });
    const taken = slide.step > 0 ? await t.fastForward(slide.step) : 0;
    if (ticket !== showing) return;
    if (taken < slide.step) {
      pushNotice('warning', `Slide ${index + 1}: the run stopped at step ${taken.toLocaleString('en-US')} of ${slide.step.toLocaleString('en-US')} (it stops by itself there, e.g. a spent budget or divergence).`);
    }
    if (slide.running) await setRunning(true);
  } finally {
    if (ticket === showing) deckStore.setState({ loading: null });
  }
}

/** PageDown / PageUp in lecture mode with a deck: the next or previous slide (the first from none). */
export function stepDeck(delta: number): void {
  const { slides, current } = deckStore.getState();
  if (slides.length === 0) return;
  const next = current === null ? (delta > 0 ? 0 : slides.length - 1) : Math.max(0, Math.min(slides.length - 1, current + delta));
  if (next !== current) void showSlide(next);
}

/** Whether PageUp/PageDown should move through the deck rather than the sections. */
export function presentingDeck(): boolean {
  return pageStore.getState().lecture && deckStore.getState().slides.length > 0;
}
