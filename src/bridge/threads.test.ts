import { describe, expect, it } from 'vitest';
import { helpersFor, threadsFor, threadsFromQuery } from './threads';

describe('?threads=', () => {
  it('absent means every core; a whole number 1–256 is kept', () => {
    expect(threadsFromQuery('?seed=1')).toEqual({ threads: null });
    expect(threadsFromQuery('?threads=1')).toEqual({ threads: 1 });
    expect(threadsFromQuery('?exp=baseline&threads=8')).toEqual({ threads: 8 });
  });

  it('anything else is named, and the page picks the threads itself', () => {
    for (const bad of ['0', '-2', '1.5', 'all', '', '257', '<b>']) {
      const r = threadsFromQuery(`?threads=${encodeURIComponent(bad)}`);
      expect(r.threads, bad).toBeNull();
      expect(r.problem, bad).toContain(`threads = "${bad}"`);
      expect(r.problem, bad).toContain('the page picks the threads itself');
    }
  });
});

describe('threads per experiment', () => {
  it('the link wins; else one thread (many small operations, measured slower with the pool)', () => {
    expect(threadsFor('baseline', 4, 8)).toMatchObject({ threads: 4 });
    expect(threadsFor('baseline', null, 8)).toMatchObject({ threads: 1 });
    expect(threadsFor('binary-latents', null, 8)).toMatchObject({ threads: 1 });
    for (const cores of [1, 2]) expect(threadsFor('baseline', null, cores).threads, `baseline on ${cores}`).toBe(1);
  });

  it('the loss surface and the estimators run on one thread whatever the link says, with helper workers on every core but one (at most 4 workers in all)', () => {
    for (const id of ['loss-surface', 'gradient-variance']) for (const forced of [null, 1, 2, 8]) expect(threadsFor(id, forced, 8).threads).toBe(1);
    expect([1, 2, 3, 4, 5, 16].map((cores) => helpersFor(null, cores))).toEqual([0, 0, 1, 2, 3, 3]);
    // The link sets the workers, within the cores.
    expect(helpersFor(1, 16)).toBe(0);
    expect(helpersFor(2, 16)).toBe(1);
    expect(helpersFor(2, 2)).toBe(1);
    expect(helpersFor(4, 2)).toBe(1);
    expect(threadsFor('loss-surface', 2, 2).note).toContain('1 helper worker,');
    expect(threadsFor('loss-surface', null, 2).note).toContain('no helper');
    expect(threadsFor('gradient-variance', 4, 8).note).toBe("the estimators' draws are shared with 3 helper workers, one thread each");
  });
});
