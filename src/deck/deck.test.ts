import { describe, expect, it } from 'vitest';
import { DECK_LINK_MAX, decodeDeckFile, decodeDeckParam, deckFile, encodeDeckParam, slideState, type DeckSections, type Slide } from './deck';
import { schemaOf } from '../core/catalog';

const sections: DeckSections = {
  experimentOf: (s) => ({ success: 'baseline', noise: 'baseline', surface: 'loss-surface' })[s],
  schemaFor: schemaOf,
  defaultExperimentId: 'baseline',
};

const three: Slide[] = [
  { section: 'success', query: 'seed=1', step: 0, running: true },
  { section: 'noise', query: 'seed=3&batch=8&learningRate=0.1', step: 1234, running: false },
  { section: 'surface', query: 'seed=2&activation=tanh', step: 500, running: true },
];

describe('a deck in a link and in a file', () => {
  it('round-trips exactly through the link value and the file', () => {
    const value = encodeDeckParam(three)!;
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeDeckParam(value, sections)).toEqual({ slides: three, problems: [] });
    expect(decodeDeckFile(deckFile(three), sections)).toEqual({ slides: three, problems: [] });
  });

  it('a slide names its run: the section decides the experiment, the query the seed and settings', () => {
    const { state, problems } = slideState(three[1]!, sections);
    expect(problems).toEqual([]);
    expect(state.experimentId).toBe('baseline');
    expect(state.seed).toBe(3);
    expect(state.params.batch).toBe(8);
    expect(state.params.learningRate).toBe(0.1);
    expect(slideState(three[2]!, sections).state.experimentId).toBe('loss-surface');
  });

  it('is too long for a link beyond DECK_LINK_MAX characters: export it then', () => {
    const many = Array.from({ length: 40 }, (_, i): Slide => ({ section: 'noise', query: `seed=${i}&batch=${i + 1}&learningRate=0.0${i + 1}`, step: 100_000 + i, running: true }));
    expect(encodeDeckParam(many)).toBeNull();
    expect(deckFile(many).length).toBeGreaterThan(DECK_LINK_MAX);
    expect(decodeDeckFile(deckFile(many), sections).slides).toEqual(many);
  });

  it('names what it cannot use and keeps the rest; refuses what is not a deck', () => {
    const bad = btoa(JSON.stringify([{ s: 'nowhere', q: 'seed=1', t: 5 }, { s: 'success', q: 'seed=1', t: -3 }, { s: 'noise', q: 'seed=2&batch=abc', t: 10 }, 7]))
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const d = decodeDeckParam(bad, sections);
    expect(d.slides).toEqual([{ section: 'noise', query: 'seed=2&batch=abc', step: 10, running: false }]);
    expect(d.problems).toEqual([
      'slide 1: there is no section “nowhere”; slide left out',
      'slide 2: step -3 is not a whole number from 0 to 1,000,000; slide left out',
      expect.stringMatching(/^slide 3: batch = “abc”: /),
      'slide 4 is not a slide (section, settings, step)',
    ]);
    expect(decodeDeckParam('%%%not-base64', sections)).toEqual({ slides: [], problems: ['the deck in the link is not readable (cut short when copied?)'] });
    expect(decodeDeckParam('x'.repeat(DECK_LINK_MAX * 2 + 1), sections).problems[0]).toMatch(/import it as a file/);
    expect(decodeDeckFile('{"slides": []}', sections).problems).toEqual(['the file is not a deck exported from this page']);
    expect(decodeDeckFile('nope', sections).problems).toEqual(['the file is not JSON']);
  });
});
