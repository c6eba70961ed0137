import { describe, expect, it } from 'vitest';
import { lossChangeWords, lossChangeVerb } from './wording';

describe('the words for a change of the loss', () => {
  it('a rise raises, a fall lowers by its size, never "raises by −"', () => {
    expect(lossChangeWords(1.12)).toBe('raises the loss by 1.12');
    expect(lossChangeWords(-1.12)).toBe('lowers the loss by 1.12');
    expect(lossChangeWords(-0.000123)).toBe('lowers the loss by 1.23e-4');
    for (const d of [-5, -1.12, -1e-3, -1e-9]) expect(lossChangeWords(d)).not.toMatch(/raises|by [-−]/);
  });

  it('no change, or no number, says so', () => {
    expect(lossChangeWords(0)).toBe('leaves the loss unchanged');
    expect(lossChangeWords(-0)).toBe('leaves the loss unchanged');
    expect(lossChangeWords(Number.NaN)).toBe('changes the loss by an amount that is not a number');
  });

  it('the verb for "… it from a to b" follows the sign', () => {
    expect(lossChangeVerb(0.5)).toBe('raises');
    expect(lossChangeVerb(-0.5)).toBe('lowers');
    expect(lossChangeVerb(0)).toBe('leaves');
  });
});
