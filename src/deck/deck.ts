/**
 * A lecturer's deck (issue 16, item 6): states of the explorable in the order they will be shown. A
 * slide is a section, the run's settings and seed (as the page's own link encodes them), a step and
 * whether the run goes on from there. Showing a slide starts that run afresh and trains it to the step
 * (paused): a run restored from its seed retakes the same steps bit for bit
 * (src/core/timeline/replay.test.ts), so the slide is that state exactly, whatever the backend's speed.
 *
 * The deck travels in the link as `deck=` (base64url of a small JSON) up to DECK_LINK_MAX characters,
 * else as an exported JSON file. Pure: no DOM; decoding never throws, it names what it could not use.
 */
import { decodeUrlState, type UrlState } from '../params/url';
import type { ParamProblem, ParamSchema } from '../params/kinds';

export interface Slide {
  section: string;
  /** The run's link query (seed and every non-default setting), as encodeUrlState writes it. */
  query: string;
  step: number;
  /** Whether the run trains on from the slide's step (else it waits, paused, at that step). */
  running: boolean;
}

/** Longest `deck=` value put in a link; a longer deck is exported as a file instead. */
export const DECK_LINK_MAX = 1800;
export const DECK_MAX_SLIDES = 40;
/** No slide asks a page to replay more steps than this before showing it. */
export const SLIDE_STEP_MAX = 1_000_000;

export interface DeckSections {
  /** The experiment a section shows, or undefined when there is no such section. */
  experimentOf(section: string): string | undefined;
  schemaFor(experimentId: string): ParamSchema | undefined;
  defaultExperimentId: string;
}

type Wire = { s: string; q: string; t: number; r?: 0 | 1 }[];

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function toWire(slides: readonly Slide[]): Wire {
  return slides.map((s) => ({ s: s.section, q: s.query, t: s.step, ...(s.running ? { r: 1 as const } : {}) }));
}

/** The `deck=` value for a link, or null when it would be longer than DECK_LINK_MAX (export it then). */
export function encodeDeckParam(slides: readonly Slide[]): string | null {
  const value = toBase64Url(JSON.stringify(toWire(slides)));
  return value.length <= DECK_LINK_MAX ? value : null;
}

/** The deck as an exported file's JSON. */
export function deckFile(slides: readonly Slide[]): string {
  return JSON.stringify({ kind: 'generalizing-backprop-deck', version: 1, slides: toWire(slides) }, null, 2);
}

export interface DecodedDeck {
  slides: Slide[];
  /** What could not be used, each naming the slide; a deck with none usable is refused (slides empty). */
  problems: string[];
}

/** Read a `deck=` value. */
export function decodeDeckParam(value: string, sections: DeckSections): DecodedDeck {
  if (value.length > DECK_LINK_MAX * 2) return { slides: [], problems: [`the deck in the link is ${value.length} characters long (at most ${DECK_LINK_MAX}): import it as a file instead`] };
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(value));
  } catch {
    return { slides: [], problems: ['the deck in the link is not readable (cut short when copied?)'] };
  }
  return fromWire(json, sections);
}

/** Read an exported deck file's text. */
export function decodeDeckFile(text: string, sections: DeckSections): DecodedDeck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { slides: [], problems: ['the file is not JSON'] };
  }
  const file = json as { kind?: unknown; slides?: unknown };
  if (!file || file.kind !== 'generalizing-backprop-deck') return { slides: [], problems: ['the file is not a deck exported from this page'] };
  return fromWire(file.slides, sections);
}

function fromWire(json: unknown, sections: DeckSections): DecodedDeck {
  if (!Array.isArray(json)) return { slides: [], problems: ['the deck is not a list of slides'] };
  const problems: string[] = [];
  const slides: Slide[] = [];
  if (json.length > DECK_MAX_SLIDES) problems.push(`the deck has ${json.length} slides; the first ${DECK_MAX_SLIDES} are used`);
  json.slice(0, DECK_MAX_SLIDES).forEach((raw: unknown, i) => {
    const n = i + 1;
    const w = raw as Partial<Wire[number]> | null;
    if (!w || typeof w.s !== 'string' || typeof w.q !== 'string' || typeof w.t !== 'number') {
      problems.push(`slide ${n} is not a slide (section, settings, step)`);
      return;
    }
    const experiment = sections.experimentOf(w.s);
    if (!experiment) {
      problems.push(`slide ${n}: there is no section “${w.s}”; slide left out`);
      return;
    }
    if (!Number.isInteger(w.t) || w.t < 0 || w.t > SLIDE_STEP_MAX) {
      problems.push(`slide ${n}: step ${String(w.t)} is not a whole number from 0 to ${SLIDE_STEP_MAX.toLocaleString('en-US')}; slide left out`);
      return;
    }
    const { problems: p } = slideState({ section: w.s, query: w.q, step: w.t, running: w.r === 1 }, sections, experiment);
    for (const q of p) problems.push(`slide ${n}: ${q.key} = “${q.given}”: ${q.reason} (using ${q.used})`);
    slides.push({ section: w.s, query: w.q, step: w.t, running: w.r === 1 });
  });
  return { slides, problems };
}

/** The run a slide describes: its experiment (the section's), seed and full settings, and what was adjusted. */
export function slideState(slide: Slide, sections: DeckSections, experiment = sections.experimentOf(slide.section)): { state: UrlState; problems: ParamProblem[] } {
  const exp = experiment ?? sections.defaultExperimentId;
  // The section decides the experiment; the query's own `exp` is only what encodeUrlState wrote.
  const query = slide.query.replace(/(^|&)exp=[^&]*/g, '');
  return decodeUrlState(`exp=${encodeURIComponent(exp)}&${query}`, sections.schemaFor, sections.defaultExperimentId);
}
