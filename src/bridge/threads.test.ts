import { describe, expect, it } from 'vitest';
import { surfaceHelpersFor, threadsFor, threadsFromQuery } from './threads';

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
  it('the link wins; else every core for the estimators on 3+ cores, one for the rest', () => {
    expect(threadsFor('baseline', 4, 8)).toMatchObject({ threads: 4 });
    expect(threadsFor('gradient-variance', 1, 8)).toMatchObject({ threads: 1 });
    expect(threadsFor('gradient-variance', null, 4)).toMatchObject({ threads: null });
    expect(threadsFor('baseline', null, 8)).toMatchObject({ threads: 1 });
    expect(threadsFor('binary-latents', null, 8)).toMatchObject({ threads: 1 });
  });

  it('on 1 or 2 cores every experiment keeps one thread (measured slower with the pool), unless the link asks', () => {
    for (const cores of [1, 2]) {
      for (const id of ['gradient-variance', 'baseline']) expect(threadsFor(id, null, cores).threads, `${id} on ${cores}`).toBe(1);
      expect(threadsFor('gradient-variance', null, cores).note).toContain(`${cores} core`);
    }
    expect(threadsFor('gradient-variance', 2, 2)).toMatchObject({ threads: 2 });
  });

  it('the loss surface runs on one thread whatever the link says, with helper workers on every core but one (at most 4 workers in all)', () => {
    for (const forced of [null, 1, 2, 8]) expect(threadsFor('loss-surface', forced, 8).threads).toBe(1);
    expect([1, 2, 3, 4, 5, 16].map((cores) => surfaceHelpersFor(null, cores))).toEqual([0, 0, 1, 2, 3, 3]);
    // The link sets the workers, within the cores.
    expect(surfaceHelpersFor(1, 16)).toBe(0);
    expect(surfaceHelpersFor(2, 16)).toBe(1);
    expect(surfaceHelpersFor(2, 2)).toBe(1);
    expect(surfaceHelpersFor(4, 2)).toBe(1);
    expect(threadsFor('loss-surface', 2, 2).note).toContain('1 helper worker,');
    expect(threadsFor('loss-surface', null, 2).note).toContain('no helper');
  });
});
