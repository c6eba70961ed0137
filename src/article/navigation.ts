/**
 * Where the reader is: the current section, lecture mode, embedding and the parts hidden through the
 * URL. One worker trains one experiment at a time, so moving to a section switches the experiment;
 * the settings each experiment had when the reader left it come back with it (the seed is page-wide).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { appStore } from '../store/store';
import { setExperiment } from '../store/actions';
import { shareableQuery } from '../store/url-sync';
import type { AnyParamValues } from '../params/kinds';
import { availableSections, type SectionSpec } from './sections';

/** Parts of the page `hide=` can remove; any other name is passed to the panel as a parameter key. */
export const PAGE_PARTS = ['header', 'nav', 'prose', 'controls', 'presets', 'notices', 'footer'] as const;

export interface PageState {
  /** Current section id, or null when the experiment shown has no section (yet). */
  sectionId: string | null;
  lecture: boolean;
  embed: boolean;
  /** Everything `hide=` named: page parts and parameter keys. */
  hide: ReadonlySet<string>;
}

function readUrl(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

const on = (v: string | null) => v !== null && v !== '0' && v !== 'false';

/** The section the URL asks for, if it exists and shows the experiment actually loaded; else the first one that does. */
export function sectionFor(experimentId: string, wanted: string | null, sections = availableSections()): SectionSpec | null {
  const asked = sections.find((s) => s.id === wanted);
  if (asked && asked.experiment === experimentId) return asked;
  return sections.find((s) => s.experiment === experimentId) ?? null;
}

export const pageStore = createStore<PageState>()(() => {
  const q = readUrl();
  return {
    sectionId: null,
    lecture: on(q.get('lecture')),
    embed: on(q.get('embed')),
    hide: new Set((q.get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  };
});

export function usePage<T>(selector: (s: PageState) => T): T {
  return useStore(pageStore, selector);
}

/**
 * Set or drop one page key in the address bar (the URL subscriber keeps these keys when it re-encodes).
 * `push` makes a history entry, so the browser's Back button returns to the previous section.
 */
function writeUrlKey(key: string, value: string | null, push = false): void {
  const url = new URL(window.location.href);
  if (value === null) url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/** The address of the state as it is now, page keys kept: after Back, the run's settings may differ from the entry's. */
function rewriteUrlFromState(): void {
  const url = new URL(window.location.href);
  const next = new URLSearchParams(shareableQuery());
  for (const key of ['section', 'lecture', 'hide', 'embed', 'thread', 'deck']) {
    const v = url.searchParams.get(key);
    if (v !== null) next.set(key, v);
  }
  url.search = next.toString();
  window.history.replaceState(null, '', url);
}

/** Settings each experiment had when the reader last left its section. */
const kept = new Map<string, AnyParamValues>();

/** Resolves once the worker is ready: switching experiments while it boots would race the boot. */
export function whenReady(): Promise<void> {
  if (appStore.getState().phase === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = appStore.subscribe((s) => {
      if (s.phase !== 'ready') return;
      stop();
      resolve();
    });
  });
}

export function currentSection(): SectionSpec | null {
  const id = pageStore.getState().sectionId;
  return availableSections().find((s) => s.id === id) ?? null;
}

/**
 * Switches of experiment, one after another: a switch awaits the worker (parking the run it leaves,
 * starting the next), and a second press meanwhile (PageDown twice, "4" then ◀) must neither start
 * from a half-made switch nor be undone when the first one lands.
 */
let switching: Promise<void> = Promise.resolve();
let switchesPending = 0;

/**
 * Show a section. `resume` (the default) brings back the run left there; a deck's slide, which starts
 * its own run, passes false.
 */
export async function goToSection(id: string, push = true, resume = true): Promise<void> {
  const section = availableSections().find((s) => s.id === id);
  if (!section || pageStore.getState().sectionId === id) return;
  writeUrlKey('section', id, push);
  pageStore.setState({ sectionId: id });
  // In lecture mode there is no heading to move to: start the new panel at its top.
  if (pageStore.getState().lecture) window.scrollTo(0, 0);
  switchesPending++;
  const done = switching.then(async () => {
    // A later press has moved on: this section is no longer the one asked for.
    if (pageStore.getState().sectionId !== id) return;
    const app = appStore.getState();
    if (section.experiment === app.experimentId) return;
    kept.set(app.experimentId, app.params);
    await whenReady();
    if (pageStore.getState().sectionId !== id) return;
    await setExperiment(section.experiment, kept.get(section.experiment), resume);
  });
  switching = done.catch(() => undefined).finally(() => switchesPending--);
  await done;
}

/** Move by `delta` sections (PageDown: +1); stops at either end. */
export function moveSection(delta: number): void {
  const sections = availableSections();
  const at = sections.findIndex((s) => s.id === pageStore.getState().sectionId);
  const next = sections[Math.max(0, Math.min(sections.length - 1, at + delta))];
  if (next) void goToSection(next.id);
}

/** Jump to the n-th section (1-based), as the number keys do. */
export function jumpToSection(n: number): void {
  const next = availableSections()[n - 1];
  if (next) void goToSection(next.id);
}

export function setLecture(lecture: boolean): void {
  writeUrlKey('lecture', lecture ? '1' : null);
  pageStore.setState({ lecture });
}

/**
 * Keep the section in step with the experiment: on load, and when the experiment changes some other way
 * (the header's picker, a link). Returns the unsubscribe function.
 */
export function startSectionSync(): () => void {
  const sync = () => {
    const { experimentId } = appStore.getState();
    const current = currentSection();
    if (current && current.experiment === experimentId) return;
    const section = sectionFor(experimentId, current ? null : readUrl().get('section'));
    pageStore.setState({ sectionId: section?.id ?? null });
    writeUrlKey('section', section?.id ?? null);
  };
  sync();
  const stop = appStore.subscribe((s, prev) => {
    // While a section switch is under way, the section shown is the one asked for: not the experiment's.
    if (s.experimentId !== prev.experimentId && switchesPending === 0) sync();
  });
  // Back and Forward move between sections; the address then shows the run as it really is.
  const onPop = () => {
    const id = readUrl().get('section');
    const section = availableSections().find((s) => s.id === id);
    if (!section || pageStore.getState().embed) return rewriteUrlFromState();
    void goToSection(section.id, false).then(rewriteUrlFromState);
  };
  window.addEventListener('popstate', onPop);
  return () => {
    stop();
    window.removeEventListener('popstate', onPop);
  };
}
