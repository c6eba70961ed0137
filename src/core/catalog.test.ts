import { describe, expect, it } from 'vitest';
import { catalog, DEFAULT_EXPERIMENT_ID } from './catalog';
import { experiments, findExperiment } from './registry';

describe('catalog (main thread) and registry (worker) agree', () => {
  it('every catalogued experiment has an implementation with the same schema and title', () => {
    for (const meta of catalog) {
      const impl = findExperiment(meta.id);
      expect(impl, meta.id).toBeDefined();
      expect(impl!.schema).toBe(meta.schema);
      expect(impl!.title).toBe(meta.title);
    }
  });
  it('the default experiment exists and ids are unique', () => {
    expect(findExperiment(DEFAULT_EXPERIMENT_ID)).toBeDefined();
    const ids = experiments.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
