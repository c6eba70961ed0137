import { describe, expect, it } from 'vitest';
import { SECTIONS, availableSections, describeSettings, tryIsActive, tryValues } from './sections';
import { catalog, metaOf } from '../core/catalog';
import { defaultValues, specOf } from '../params/kinds';

describe('article sections', () => {
  it('have unique ids and only list experiments the catalog knows at run time', () => {
    expect(new Set(SECTIONS.map((s) => s.id)).size).toBe(SECTIONS.length);
    const shown = availableSections();
    for (const s of shown) expect(metaOf(s.experiment)).toBeDefined();
    // Every registered experiment the article covers is shown; a missing one is simply left out.
    expect(shown.length).toBe(SECTIONS.filter((s) => catalog.some((m) => m.id === s.experiment)).length);
    expect(availableSections(() => false)).toEqual([]);
  });

  it('every try-this state and caption key is valid for its experiment, exactly as written', () => {
    for (const section of availableSections()) {
      const schema = metaOf(section.experiment)!.schema;
      for (const key of section.keys) expect(specOf(schema, key), `${section.id}: caption key ${key}`).toBeDefined();
      for (const [name, wanted] of Object.entries(section.tries)) {
        const values = tryValues(section, name);
        expect(values, `${section.id}/${name} is refused by the schema`).not.toBeNull();
        expect(values).toEqual(wanted);
      }
      // Some link must change a fresh panel, or the section's prose would only point at what is already shown.
      if (Object.keys(section.tries).length > 0) {
        expect(Object.keys(section.tries).some((name) => !tryIsActive(tryValues(section, name)!, defaultValues(schema)))).toBe(true);
      }
    }
  });

  it('the caption reports the values in force, with option labels', () => {
    const noise = SECTIONS.find((s) => s.id === 'noise')!;
    const params = { ...defaultValues(metaOf('baseline')!.schema), batch: 7, optimizer: 'sgd' };
    expect(describeSettings(noise, params)).toBe('Batch size: 7 · Optimiser: SGD · Learning rate: 0.01');
    const success = SECTIONS.find((s) => s.id === 'success')!;
    expect(describeSettings(success, { ...params, hidden: [8, 4] })).toBe('Data set: moons · Hidden layers: 8, 4 · Activation: relu');
    const quizzes = { ...SECTIONS.find((s) => s.id === 'quizzes')!, experiment: 'baseline', keys: ['batch', 'nonsense'] };
    expect(describeSettings(quizzes, params)).toBe('Batch size: 7');
    const toggles = { ...SECTIONS.find((s) => s.id === 'reinforce')!, keys: ['sf', 'sfOracle'] };
    expect(describeSettings(toggles, defaultValues(metaOf('gradient-variance')!.schema))).toBe('Score function: on · SF + exact mean: off');
  });

  it('an unknown try name or an out-of-range value gives no link', () => {
    const noise = SECTIONS.find((s) => s.id === 'noise')!;
    expect(tryValues(noise, 'nope')).toBeNull();
    expect(tryValues({ ...noise, tries: { big: { batch: 10 ** 9 } } }, 'big')).toBeNull();
    expect(tryValues({ ...noise, tries: { odd: { notAKey: 1 } } }, 'odd')).toBeNull();
  });
});
