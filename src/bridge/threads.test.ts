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
  it('the link wins; else every core for the few-large-ops experiments on 3+ cores, one for the rest', () => {
    expect(threadsFor('baseline', 4, 8)).toMatchObject({ threads: 4 });
    expect(threadsFor('loss-surface', 1, 8)).toMatchObject({ threads: 1 });
    expect(threadsFor('loss-surface', null, 8)).toMatchObject({ threads: null });
    expect(threadsFor('gradient-variance', null, 4)).toMatchObject({ threads: null });
    expect(threadsFor('baseline', null, 8)).toMatchObject({ threads: 1 });
    expect(threadsFor('binary-latents', null, 8)).toMatchObject({ threads: 1 });
  });

  it('on 1 or 2 cores every experiment keeps one thread (measured slower with the pool), unless the link asks', () => {
    for (const cores of [1, 2]) {
      for (const id of ['loss-surface', 'gradient-variance', 'baseline']) {
        const r = threadsFor(id, null, cores);
        expect(r.threads, `${id} on ${cores}`).toBe(1);
      }
      expect(threadsFor('loss-surface', null, cores).note).toContain(`${cores} core`);
    }
    expect(threadsFor('loss-surface', 2, 2)).toMatchObject({ threads: 2 });
  });
});
