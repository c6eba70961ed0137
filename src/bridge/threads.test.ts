import { describe, expect, it } from 'vitest';
import { threadsFor, threadsFromQuery } from './threads';

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

describe('threads per experiment', () => {
  it('the link wins; else every core for the few-large-ops experiments and one for the rest', () => {
    expect(threadsFor('baseline', 4)).toMatchObject({ threads: 4 });
    expect(threadsFor('loss-surface', 1)).toMatchObject({ threads: 1 });
    expect(threadsFor('loss-surface', null)).toMatchObject({ threads: null });
    expect(threadsFor('gradient-variance', null)).toMatchObject({ threads: null });
    expect(threadsFor('baseline', null)).toMatchObject({ threads: 1 });
    expect(threadsFor('binary-latents', null)).toMatchObject({ threads: 1 });
  });
});
