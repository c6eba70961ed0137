import { describe, expect, it } from 'vitest';
import { diagramLayout } from './layout';
import { drawnUnits, MAX_DRAWN_UNITS } from '../../core/mlp/network-frame';

/** Every box inside [0, width], none overlapping its neighbour in the row. */
function expectInside(counts: number[], width: number) {
  const layout = diagramLayout(counts, width);
  for (const row of layout.rows) {
    row.forEach((u, i) => {
      expect(u.x, `row ${u.row} unit ${i} at width ${width}`).toBeGreaterThanOrEqual(0);
      expect(u.x + u.size, `row ${u.row} unit ${i} at width ${width}`).toBeLessThanOrEqual(width + 1e-9);
      expect(u.y + u.size).toBeLessThanOrEqual(layout.height);
      if (i > 0) expect(u.x).toBeGreaterThanOrEqual(row[i - 1]!.x + row[i - 1]!.size);
    });
  }
  return layout;
}

describe('the network diagram’s layout', () => {
  it('fits the default 2-16-16-2 net in a phone card and a desktop card, maps ≥ 12 px', () => {
    for (const width of [300, 440, 700]) {
      const layout = expectInside([2, 16, 16, 1], width);
      expect(layout.size).toBeGreaterThanOrEqual(12);
    }
  });

  it('never overflows for the widest net the settings allow (six layers of 64, capped at MAX_DRAWN_UNITS)', () => {
    const drawn = drawnUnits([2, 64, 64, 64, 64, 64, 64, 2]);
    expect(drawn.every((d) => d === MAX_DRAWN_UNITS)).toBe(true);
    for (const width of [220, 320, 900]) expectInside([2, ...drawn, 1], width);
  });

  it('gives a narrow net big maps, within the cap', () => {
    const layout = expectInside([2, 3, 1], 440);
    expect(layout.size).toBe(44);
  });
});
