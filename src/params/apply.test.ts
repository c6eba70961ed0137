import { describe, expect, it } from 'vitest';
import { applyPartial, applyValidated } from './apply';
import { defaultValues, type ParamSchema } from './kinds';

/** One parameter of each effect (and one with none), independent of any experiment. */
const schema = {
  rate: { kind: 'number', label: 'r', help: '', min: 0.001, max: 10, step: 0.001, log: true, default: 0.05, effect: 'live' },
  noise: { kind: 'number', label: 'n', help: '', min: 0, max: 0.5, step: 0.01, default: 0.1, effect: 'data' },
  layers: { kind: 'intlist', label: 'l', help: '', min: 1, max: 64, minLength: 1, maxLength: 3, default: [4, 4], effect: 'shape' },
  units: { kind: 'number', label: 'u', help: '', min: 1, max: 32, step: 1, integer: true, default: 8, effect: 'shape' },
  mode: { kind: 'choice', label: 'm', help: '', options: ['a', 'b'], default: 'a' },
  flag: { kind: 'bool', label: 'f', help: '', default: false, effect: 'live' },
} as const satisfies ParamSchema;

const current = defaultValues(schema);

describe('applyPartial', () => {
  it('an empty partial changes nothing and rebuilds nothing', () => {
    const p = applyPartial(schema, current, {});
    expect(p.values).toEqual(current);
    expect(p.values).not.toBe(current);
    expect(p.changed).toEqual([]);
    expect(p.dataChanged).toBe(false);
    expect(p.result).toEqual({ applied: {}, problems: [], rebuilt: false, rebuiltBy: [] });
  });

  it('values equal to the current ones are applied but not changed (lists compared by entry)', () => {
    const p = applyPartial(schema, current, { rate: '0.05', layers: '4,4', units: 8 });
    expect(p.changed).toEqual([]);
    expect(p.result).toEqual({ applied: { rate: 0.05, layers: [4, 4], units: 8 }, problems: [], rebuilt: false, rebuiltBy: [] });
    expect(p.dataChanged).toBe(false);
  });

  it('a live change merges without a rebuild and leaves `current` untouched', () => {
    const p = applyPartial(schema, current, { rate: 0.2, flag: 'true', mode: 'b' });
    expect(p.values).toEqual({ rate: 0.2, noise: 0.1, layers: [4, 4], units: 8, mode: 'b', flag: true });
    expect(p.changed).toEqual(['rate', 'flag', 'mode']);
    expect(p.result.rebuilt).toBe(false);
    expect(p.result.rebuiltBy).toEqual([]);
    expect(p.dataChanged).toBe(false);
    expect(current.rate).toBe(0.05);
  });

  it('a data change says so without a rebuild', () => {
    const p = applyPartial(schema, current, { noise: 0.3 });
    expect(p.dataChanged).toBe(true);
    expect(p.result.rebuilt).toBe(false);
  });

  it('shape changes rebuild, named in the partial order; unchanged shape keys do not count', () => {
    const p = applyPartial(schema, current, { units: 16, rate: 1, layers: [8, 8], noise: 0.1 });
    expect(p.changed).toEqual(['units', 'rate', 'layers']);
    expect(p.result.rebuilt).toBe(true);
    expect(p.result.rebuiltBy).toEqual(['units', 'layers']);
    expect(p.dataChanged).toBe(false);
  });

  it('invalid values are refused with the validator message; a clamped value is applied', () => {
    const p = applyPartial(schema, current, { rate: 'fast', units: 99, bogus: 3, mode: 'z' });
    expect(p.result.problems).toEqual([
      { key: 'rate', given: 'fast', used: '0.05', reason: 'not a number; reset to the default 0.05' },
      { key: 'units', given: '99', used: '32', reason: 'outside 1–32; clamped' },
      { key: 'bogus', given: '3', used: '(ignored)', reason: 'not a parameter of this experiment' },
      { key: 'mode', given: 'z', used: 'a', reason: 'not one of a, b; reset to a' },
    ]);
    expect(p.result.applied).toEqual({ rate: 0.05, units: 32, mode: 'a' });
    expect(p.values).toEqual({ ...current, units: 32 });
    expect(p.changed).toEqual(['units']);
    expect(p.result.rebuiltBy).toEqual(['units']);
    expect('bogus' in p.values).toBe(false);
  });

  it('diffs against the values given, not the defaults', () => {
    const moved = { ...current, units: 16 };
    expect(applyPartial(schema, moved, { units: 16 }).result.rebuilt).toBe(false);
    expect(applyPartial(schema, moved, { units: 8 }).result.rebuiltBy).toEqual(['units']);
  });
});

describe('applyValidated', () => {
  it('merges already-validated values and passes the problems through', () => {
    const problem = { key: 'units', given: '20', used: '12', reason: 'own rule' };
    const p = applyValidated(schema, current, { units: 12, rate: 0.05 }, [problem]);
    expect(p.values.units).toBe(12);
    expect(p.changed).toEqual(['units']);
    expect(p.result).toEqual({ applied: { units: 12, rate: 0.05 }, problems: [problem], rebuilt: true, rebuiltBy: ['units'] });
  });
});
