import { describe, expect, it } from 'vitest';
import { gridLayout, mapsPastRightEdge } from './DensityGrid';

describe('the mixture hero: seven maps in the box it is given', () => {
  it('a lecture-sized box holds all seven without scrolling', () => {
    const l = gridLayout(7, { width: 790, height: 330 });
    expect(l.scrolls).toBe(false);
    expect(l.cell).toBeGreaterThanOrEqual(100);
  });

  it("a phone's pinned band (345 × 219) scrolls sideways, and whole columns end before the 44 px cue", () => {
    const l = gridLayout(7, { width: 345, height: 219 });
    expect(l.scrolls).toBe(true);
    expect(l.cols).toBe(4);
    expect(l.cell).toBeGreaterThanOrEqual(90);
    const whole = Math.floor((345 - 44 + 8) / (l.cell + 8));
    expect(whole).toBe(3);
    // The third column ends left of the cue; the fourth starts under it.
    expect(3 * l.cell + 2 * 8).toBeLessThanOrEqual(345 - 44);
  });

  it('the cue counts the maps out of view: one at first (row 1, column 4), none once scrolled to the end', () => {
    const { cols, cell } = gridLayout(7, { width: 345, height: 219 });
    expect(mapsPastRightEdge(7, cols, cell, 345, 0)).toBe(1);
    const end = cols * (cell + 8) - 8 + 44 - 345;
    expect(mapsPastRightEdge(7, cols, cell, 345, end)).toBe(0);
    // Eight maps: row 2 has a fourth column too.
    expect(mapsPastRightEdge(8, cols, cell, 345, 0)).toBe(2);
  });
});
