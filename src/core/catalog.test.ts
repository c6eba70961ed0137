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

describe('the catalog loads no tfjs on the main thread', () => {
  it('no module reachable from catalog.ts imports @tensorflow', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      // Type-only imports are erased and load nothing.
      for (const m of code.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('@tensorflow')) offenders.push(`${file} imports ${spec}`);
        if (!spec.startsWith('.')) continue;
        const base = resolve(dirname(file), spec);
        const target = [`${base}.ts`, `${base}/index.ts`].find((f) => existsSync(f));
        if (target) visit(target);
      }
    };
    visit(resolve(__dirname, 'catalog.ts'));
    expect(offenders).toEqual([]);
    expect(seen.size).toBeGreaterThan(3);
  });
});
