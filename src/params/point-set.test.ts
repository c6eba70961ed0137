import { describe, expect, it } from 'vitest';
import { POINT_STEP, classCounts, decodePoints, encodePoints, parsePointText, pointsFromNumbers, snapCoordinate } from './point-set';
import { coerceValue, describeValue, type PointsParam } from './kinds';
import { decodeUrlState, encodeUrlState, pointsLeftOutOfLink } from './url';
import { baselineSchema } from '../core/experiments/baseline-mlp.schema';
import { lossSurfaceSchema } from '../core/experiments/loss-surface.schema';
import { createRng } from '../core/rng';

const spec = baselineSchema.drawn as PointsParam;
const schemaFor = (id: string) => (id === 'baseline' ? baselineSchema : id === 'loss-surface' ? lossSurfaceSchema : undefined);

/** n random points anywhere in the square (not on the grid), classes 0/1. */
function randomPoints(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => [rng.next() * 4 - 2, rng.next() * 4 - 2, rng.int(2)]).flat();
}

function mustDecode(code: string): number[] {
  const r = decodePoints(code);
  if ('error' in r) throw new Error(r.error);
  return r.points;
}

describe('the drawn-set link code', () => {
  it('spends 4 characters per point: 200 points are 800 characters', () => {
    expect(encodePoints(randomPoints(200, 1))).toHaveLength(800);
    expect(encodePoints([])).toBe('');
  });

  it('round trip over 5 seeds: every coordinate within half a grid step (4/2047/2 ≈ 0.00098) + 1e-10 (the 10-decimal print), classes exact; code → value → code exact', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const raw = randomPoints(200, seed);
      const back = mustDecode(encodePoints(raw));
      expect(back).toHaveLength(raw.length);
      for (let i = 0; i < raw.length; i += 3) {
        expect(Math.abs(back[i]! - raw[i]!)).toBeLessThanOrEqual(POINT_STEP / 2 + 1e-10);
        expect(Math.abs(back[i + 1]! - raw[i + 1]!)).toBeLessThanOrEqual(POINT_STEP / 2 + 1e-10);
        expect(back[i + 2]).toBe(raw[i + 2]);
      }
      // Values already on the grid (as the store keeps them) survive exactly.
      expect(mustDecode(encodePoints(back))).toEqual(back);
      expect(encodePoints(mustDecode(encodePoints(back)))).toBe(encodePoints(back));
    }
  });

  it('the ends of the square and the clamping: ±2 exact, beyond it clamped to ±2', () => {
    expect(mustDecode(encodePoints([-2, 2, 1, 0, 0, 0]))).toEqual([-2, 2, 1, snapCoordinate(0), snapCoordinate(0), 0]);
    expect(Math.abs(snapCoordinate(0))).toBeLessThanOrEqual(POINT_STEP / 2 + 1e-10);
    expect(mustDecode(encodePoints([-7, 9, 0]))).toEqual([-2, 2, 0]);
  });

  it('malformed codes are refused with the reason, never misread', () => {
    const good = encodePoints([0.5, -0.5, 1]);
    expect(decodePoints(good.slice(0, 3))).toEqual({ error: expect.stringMatching(/4 characters per point; this one has 3/) });
    expect(decodePoints('AA!A')).toEqual({ error: expect.stringMatching(/“!” is not a character/) });
    expect(decodePoints('AAAB')).toEqual({ error: expect.stringMatching(/point 1 has its reserved bit set/) });
    expect(decodePoints('AAAA+AAA')).toEqual({ error: expect.stringMatching(/not a character/) });
  });
});

describe('the points kind', () => {
  it('reads triples, text rows and codes alike, snapped to the grid', () => {
    const text = '0.5,0.25,0; -1,1,1';
    const fromText = coerceValue('drawn', spec, text);
    expect(fromText.problem).toBeUndefined();
    expect(fromText.value).toEqual([snapCoordinate(0.5), snapCoordinate(0.25), 0, -1 + 0, 1, 1].map((v, i) => (i % 3 === 2 ? v : snapCoordinate(v))));
    expect(coerceValue('drawn', spec, [0.5, 0.25, 0, -1, 1, 1]).value).toEqual(fromText.value);
    expect(coerceValue('drawn', spec, encodePoints(fromText.value as number[])).value).toEqual(fromText.value);
    expect(describeValue(spec, fromText.value)).toBe('2 points (1 A, 1 B)');
    expect(classCounts(fromText.value as number[])).toEqual([1, 1]);
  });

  it('refuses a bad class, a missing cell, a non-number, a set over the limit: the default (empty) is used and the problem says why', () => {
    const cases: [unknown, RegExp][] = [
      ['0,0,2', /classes are 0 and 1/],
      ['0,0', /not x,y,class/],
      ['x,0,1', /not a number/],
      [[0, 0], /not a whole number of points/],
      [randomPoints(2001, 1).map((v, i) => (i % 3 === 2 ? v : snapCoordinate(v))), /2001 points, over the limit of 2000/],
      [encodePoints(randomPoints(201, 2)), /201 points, over the 200 a link carries/],
    ];
    for (const [raw, reason] of cases) {
      const r = coerceValue('drawn', spec, raw);
      expect(r.value).toEqual([]);
      expect(r.problem?.reason).toMatch(reason);
      expect(r.problem?.used).toBe('no drawn set');
      expect(r.problem!.given.length).toBeLessThanOrEqual(60);
    }
    expect(pointsFromNumbers([1, 1, 0])).toEqual({ points: [1, 1, 0].map((v, i) => (i === 2 ? v : snapCoordinate(v))) });
    expect(parsePointText('')).toEqual({ points: [] });
  });
});

describe('drawn sets in links', () => {
  it('a drawn set of up to 200 points travels in the link and comes back exactly (both experiments)', () => {
    for (const experimentId of ['baseline', 'loss-surface']) {
      const drawn = mustDecode(encodePoints(randomPoints(200, 7)));
      const schema = schemaFor(experimentId)!;
      const q = encodeUrlState({ experimentId, seed: 4, backend: 'auto', params: { dataset: 'drawn', drawn } }, schema, 'baseline');
      const { state, problems } = decodeUrlState(q, schemaFor, 'baseline');
      expect(problems).toEqual([]);
      expect(state.params.dataset).toBe('drawn');
      expect(state.params.drawn).toEqual(drawn);
      expect(q.length).toBeLessThan(900);
    }
  });

  it('more than 200 points are left out of the link, which says only how many; opening it names the set and starts on the default data', () => {
    const drawn = mustDecode(encodePoints(randomPoints(250, 8)));
    const params = { dataset: 'drawn', drawn };
    const q = encodeUrlState({ experimentId: 'baseline', seed: 4, backend: 'auto', params }, baselineSchema, 'baseline');
    expect(q).toMatch(/(^|&)drawn=~250(&|$)/);
    const { state, problems } = decodeUrlState(q, schemaFor, 'baseline');
    expect(problems).toEqual([
      {
        key: 'drawn',
        given: '~250',
        used: 'no drawn set',
        reason: "the link's drawn set had 250 points, more than the 200 a link carries: import it from its exported file; the default data is used",
      },
    ]);
    expect(state.params.dataset).toBe('moons');
    expect(pointsLeftOutOfLink(baselineSchema, params)).toEqual([{ key: 'drawn', count: 250, linkMax: 200 }]);
    expect(pointsLeftOutOfLink(baselineSchema, { dataset: 'drawn', drawn: drawn.slice(0, 600) })).toEqual([]);
  });

  it('an oversized or malformed set in a link is refused with a problem naming it, and the page starts on the default data, in either key order', () => {
    const big = encodePoints(randomPoints(201, 9));
    for (const q of [`dataset=drawn&drawn=${big}`, `drawn=${big}&dataset=drawn`, 'dataset=drawn&drawn=AA!A', 'drawn=AAA&dataset=drawn']) {
      const { state, problems } = decodeUrlState(q, schemaFor, 'baseline');
      expect(problems).toHaveLength(1);
      expect(problems[0]!.key).toBe('drawn');
      expect(problems[0]!.reason).toMatch(/default data is used/);
      expect(state.params.dataset).toBe('moons');
      expect(state.params.drawn).toEqual([]);
    }
    // A bad set while another data set is chosen leaves that choice alone.
    expect(decodeUrlState('dataset=spiral&drawn=AAA', schemaFor, 'baseline').state.params.dataset).toBe('spiral');
  });
});
