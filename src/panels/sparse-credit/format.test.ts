import { describe, expect, it } from 'vitest';
import { creditPct } from './format';

describe('creditPct', () => {
  it('prints tiny shares as "< 0.001%", exact zeros as "0%", never exponent notation', () => {
    // The table cell that read "2.10e-18%" (issue 13 item 5): full BPTT's share at T = 100.
    expect(creditPct(2.1e-20)).toBe('< 0.001%');
    expect(creditPct(Number.MIN_VALUE)).toBe('< 0.001%');
    expect(creditPct(9.99e-6)).toBe('< 0.001%');
    expect(creditPct(0)).toBe('0%');
    for (const v of [1e-30, 1e-12, 3e-7, 1e-6, 1e-5, 0.00123, 0.5, 1]) expect(creditPct(v)).not.toMatch(/e/);
  });

  it('prints readable shares with three significant digits', () => {
    expect(creditPct(1e-5)).toBe('0.001%');
    expect(creditPct(0.0001234)).toBe('0.0123%');
    expect(creditPct(0.123456)).toBe('12.3%');
    expect(creditPct(0.5)).toBe('50%');
    expect(creditPct(1)).toBe('100%');
  });

  it('says "—" when there is no number', () => {
    expect(creditPct(null)).toBe('—');
    expect(creditPct(NaN)).toBe('—');
    expect(creditPct(Infinity)).toBe('—');
  });
});
