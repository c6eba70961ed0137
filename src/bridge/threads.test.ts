import { describe, expect, it } from 'vitest';
import { threadsFromQuery } from './threads';

describe('?threads=', () => {
  it('absent means every core; a whole number 1–256 is kept', () => {
    expect(threadsFromQuery('?seed=1')).toEqual({ threads: null });
    expect(threadsFromQuery('?threads=1')).toEqual({ threads: 1 });
    expect(threadsFromQuery('?exp=baseline&threads=8')).toEqual({ threads: 8 });
  });

  it('anything else is named and every core is used', () => {
    for (const bad of ['0', '-2', '1.5', 'all', '', '257', '<b>']) {
      const r = threadsFromQuery(`?threads=${encodeURIComponent(bad)}`);
      expect(r.threads, bad).toBeNull();
      expect(r.problem, bad).toContain(`threads = "${bad}"`);
    }
  });
});
