import { describe, expect, it } from 'vitest';
import { drawnToCsv, drawnToJson, parseDrawnFile } from './drawn-file';
import { snapCoordinate } from '../params/point-set';

const set = [snapCoordinate(0.5), snapCoordinate(-1.25), 0, snapCoordinate(1.999), -2, 1, 2, 2, 1];

describe('drawn-set files', () => {
  it('CSV and JSON round trip exactly', () => {
    expect(drawnToCsv(set).split('\n')[0]).toBe('x,y,class');
    expect(parseDrawnFile(drawnToCsv(set), 2000)).toEqual({ points: set });
    expect(parseDrawnFile(drawnToJson(set), 2000)).toEqual({ points: set });
    expect(parseDrawnFile(drawnToCsv([]), 2000)).toEqual({ points: [] });
  });

  it('reads a bare array of rows or objects, a CSV without header, and snaps coordinates', () => {
    expect(parseDrawnFile('[[0.5,-1.25,0]]', 10)).toEqual({ points: set.slice(0, 3) });
    expect(parseDrawnFile('[{"x":0.5,"y":-1.25,"class":0}]', 10)).toEqual({ points: set.slice(0, 3) });
    expect(parseDrawnFile('0.5, -1.25, 0\r\n', 10)).toEqual({ points: set.slice(0, 3) });
  });

  it('refuses what it cannot read, naming the place', () => {
    expect(parseDrawnFile('', 10)).toEqual({ error: 'The file is empty.' });
    expect(parseDrawnFile('{"points": 3', 10)).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(parseDrawnFile('{"pts": []}', 10)).toEqual({ error: expect.stringMatching(/no "points" list/) });
    expect(parseDrawnFile('x,y,class\n1,2\n', 10)).toEqual({ error: expect.stringMatching(/CSV row 1 .* is not x,y,class/) });
    expect(parseDrawnFile('x,y,class\n1,2,3\n', 10)).toEqual({ error: expect.stringMatching(/^Point 1 has class “3”/) });
    expect(parseDrawnFile('x,y,class\n1,,0\n', 10)).toEqual({ error: expect.stringMatching(/not a number/) });
    expect(parseDrawnFile(drawnToCsv(Array.from({ length: 11 }, (_, i) => [0, 0, i % 2]).flat()), 10)).toEqual({
      error: 'The file has 11 points; at most 10 can be drawn.',
    });
  });
});
