import { describe, expect, it } from 'vitest';
import {
  coerceValue,
  defaultValues,
  describeRange,
  formatValue,
  resolveValues,
  sameValue,
  validatePartial,
  type ParamSchema,
} from './kinds';
import { baselineSchema } from '../core/experiments/baseline-mlp.schema';

/** A schema with one of every kind, independent of any experiment's choices. */
const schema = {
  rate: { kind: 'number', label: 'r', help: '', min: 0.001, max: 10, step: 0.001, log: true, default: 0.05 },
  count: { kind: 'number', label: 'c', help: '', min: 1, max: 100, step: 1, integer: true, default: 10 },
  frac: { kind: 'number', label: 'f', help: '', min: 0.1, max: 0.9, step: 0.05, default: 0.5 },
  mode: { kind: 'choice', label: 'm', help: '', options: ['a', 'b', 'c'], default: 'b' },
  layers: { kind: 'intlist', label: 'l', help: '', min: 1, max: 64, minLength: 1, maxLength: 3, default: [4, 4] },
  flag: { kind: 'bool', label: 'b', help: '', default: false },
} as const satisfies ParamSchema;

describe('defaultValues', () => {
  it('returns every default, with intlists copied', () => {
    const d = defaultValues(schema);
    expect(d).toEqual({ rate: 0.05, count: 10, frac: 0.5, mode: 'b', layers: [4, 4], flag: false });
    d.layers.push(99);
    expect(schema.layers.default).toEqual([4, 4]);
    expect(defaultValues(schema).layers).toEqual([4, 4]);
  });

  it('every baseline default is a valid value of its own spec', () => {
    const d = defaultValues(baselineSchema);
    for (const [key, spec] of Object.entries(baselineSchema)) {
      expect(coerceValue(key, spec, d[key as keyof typeof d]), key).toEqual({ value: d[key as keyof typeof d] });
    }
  });
});

describe('coerceValue: numbers', () => {
  it('accepts in-range values unchanged, without a problem', () => {
    expect(coerceValue('rate', schema.rate, '0.5')).toEqual({ value: 0.5 });
    expect(coerceValue('rate', schema.rate, 0.5)).toEqual({ value: 0.5 });
    expect(coerceValue('count', schema.count, '100')).toEqual({ value: 100 });
    expect(coerceValue('frac', schema.frac, '0.1')).toEqual({ value: 0.1 });
  });

  it('clamps above the max and below the min, naming the key and the reason', () => {
    const high = coerceValue('rate', schema.rate, '30');
    expect(high.value).toBe(10);
    expect(high.problem).toEqual({ key: 'rate', given: '30', used: '10', reason: 'outside 0.001–10; clamped' });
    const low = coerceValue('count', schema.count, -5);
    expect(low.value).toBe(1);
    expect(low.problem?.key).toBe('count');
    expect(low.problem?.given).toBe('-5');
    expect(low.problem?.used).toBe('1');
    expect(low.problem?.reason).toMatch(/outside 1–100; clamped/);
    const beta = coerceValue('beta', baselineSchema.beta, '0.9999');
    expect(beta.value).toBe(0.999);
    expect(beta.problem?.reason).toMatch(/clamped/);
  });

  it('resets garbage to the default with a problem', () => {
    for (const raw of ['abc', '', '   ', 'NaN', 'Infinity', '-Infinity', '1,2', undefined, null, {}, NaN]) {
      const r = coerceValue('rate', schema.rate, raw);
      expect(r.value, String(raw)).toBe(0.05);
      expect(r.problem?.key).toBe('rate');
      expect(r.problem?.used).toBe('0.05');
      expect(r.problem?.reason).toMatch(/^not a number; reset to the default 0\.05$/);
    }
  });

  it('keeps 4 significant digits on log sliders', () => {
    expect(coerceValue('rate', schema.rate, '0.0123456').value).toBe(0.01235);
    expect(coerceValue('rate', schema.rate, '1.23456789').value).toBe(1.235);
    expect(coerceValue('rate', schema.rate, '9.87654').value).toBe(9.877);
    expect(coerceValue('learningRate', baselineSchema.learningRate, '0.000123456').value).toBe(0.0001235);
    // Snapping to significant digits is not a problem worth a notice.
    expect(coerceValue('rate', schema.rate, '0.0123456').problem).toBeUndefined();
  });

  it('rounds integer params to the nearest whole number', () => {
    expect(coerceValue('count', schema.count, '7.4').value).toBe(7);
    expect(coerceValue('count', schema.count, '7.5').value).toBe(8);
    expect(coerceValue('count', schema.count, 99.6).value).toBe(100);
    // Log + integer (baseline's points): integer rounding wins over significant digits.
    expect(coerceValue('points', baselineSchema.points, '1234.4').value).toBe(1234);
    expect(coerceValue('points', baselineSchema.points, '100.6').value).toBe(101);
    // Clamping happens before rounding, so the result stays in range.
    expect(coerceValue('count', schema.count, '0.6').value).toBe(1);
  });

  it('snaps linear sliders to their step grid without float residue', () => {
    expect(coerceValue('frac', schema.frac, '0.83').value).toBe(0.85);
    expect(coerceValue('frac', schema.frac, '0.32').value).toBe(0.3);
    expect(coerceValue('beta', baselineSchema.beta, '0.3333').value).toBe(0.333);
    expect(coerceValue('noise', baselineSchema.noise, '0.07').value).toBe(0.07);
  });
});

describe('coerceValue: choices and bools', () => {
  it('accepts listed options', () => {
    for (const o of ['a', 'b', 'c']) expect(coerceValue('mode', schema.mode, o)).toEqual({ value: o });
  });

  it('resets unlisted options (including case variants) to the default', () => {
    for (const raw of ['d', 'A', '', ' a', 3]) {
      const r = coerceValue('mode', schema.mode, raw);
      expect(r.value).toBe('b');
      expect(r.problem).toEqual({ key: 'mode', given: String(raw), used: 'b', reason: 'not one of a, b, c; reset to b' });
    }
  });

  it('parses bools from true/false/1/0 only', () => {
    expect(coerceValue('flag', schema.flag, 'true').value).toBe(true);
    expect(coerceValue('flag', schema.flag, '1').value).toBe(true);
    expect(coerceValue('flag', schema.flag, true).value).toBe(true);
    expect(coerceValue('flag', schema.flag, 'false').value).toBe(false);
    expect(coerceValue('flag', schema.flag, '0').value).toBe(false);
    const bad = coerceValue('flag', schema.flag, 'yes');
    expect(bad.value).toBe(false);
    expect(bad.problem?.key).toBe('flag');
  });
});

describe('coerceValue: int lists', () => {
  // Shaped like the baseline's hidden-layer spec, with its own fixed default.
  const hidden = { ...baselineSchema.hidden, min: 1, max: 64, minLength: 1, maxLength: 6, default: [16, 16] } as const;

  it('parses comma-, dash- and space-separated lists', () => {
    expect(coerceValue('hidden', hidden, '16,16')).toEqual({ value: [16, 16] });
    expect(coerceValue('hidden', hidden, '8-8')).toEqual({ value: [8, 8] });
    expect(coerceValue('hidden', hidden, '8 - 4')).toEqual({ value: [8, 4] });
    expect(coerceValue('hidden', hidden, '32 8')).toEqual({ value: [32, 8] });
    expect(coerceValue('hidden', hidden, ' 3, 5 ,7 ')).toEqual({ value: [3, 5, 7] });
    expect(coerceValue('hidden', hidden, '64')).toEqual({ value: [64] });
    expect(coerceValue('hidden', hidden, [4, 5])).toEqual({ value: [4, 5] });
  });

  it('truncates too many entries to maxLength, with a problem', () => {
    const r = coerceValue('hidden', hidden, '1,2,3,4,5,6,7,8');
    expect(r.value).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.problem?.key).toBe('hidden');
    expect(r.problem?.used).toBe('1,2,3,4,5,6');
    expect(r.problem?.reason).toMatch(/at most 6; adjusted/);
  });

  it('clamps out-of-range and non-whole entries, with a problem', () => {
    const r = coerceValue('hidden', hidden, '0,100');
    expect(r.value).toEqual([1, 64]);
    expect(r.problem).toEqual({
      key: 'hidden',
      given: '0,100',
      used: '1,64',
      reason: 'entries must be whole numbers 1–64, at most 6; adjusted',
    });
    const frac = coerceValue('hidden', hidden, '16.5,16');
    expect(frac.value).toEqual([17, 16]);
    expect(frac.problem?.key).toBe('hidden');
  });

  it('treats a leading minus as a sign, so negative entries are out of range (not silently flipped)', () => {
    const single = coerceValue('hidden', hidden, '-5');
    expect(single.value).toEqual([1]);
    expect(single.problem?.key).toBe('hidden');
    const inList = coerceValue('hidden', hidden, '16,-4');
    expect(inList.value).toEqual([16, 1]);
    expect(inList.problem?.reason).toMatch(/adjusted/);
  });

  it('resets garbage and empty lists to the default, with a problem', () => {
    for (const raw of ['x', '', '8,x', ',,', []]) {
      const r = coerceValue('hidden', hidden, raw);
      expect(r.value, JSON.stringify(raw)).toEqual([16, 16]);
      expect(r.problem?.reason).toBe('not a list of whole numbers; reset to 16,16');
    }
  });

  it('enforces minLength', () => {
    const s = { ...schema.layers, minLength: 2 };
    const r = coerceValue('layers', s, '5');
    expect(r.value).toEqual([4, 4]);
    expect(r.problem?.reason).toBe('needs at least 2 entries');
  });

  it('never aliases the default array', () => {
    const r = coerceValue('hidden', hidden, 'x');
    expect(r.value).not.toBe(hidden.default);
  });
});

describe('validatePartial and resolveValues', () => {
  it('reports unknown keys and drops them, keeps valid ones, fixes bad ones', () => {
    const { values, problems } = validatePartial(baselineSchema, {
      learningRate: '0.1',
      batch: '5000',
      bogus: 1,
      hidden: '8-8',
    });
    expect(values).toEqual({ learningRate: 0.1, batch: 2048, hidden: [8, 8] });
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.key === 'bogus')).toEqual({
      key: 'bogus',
      given: '1',
      used: '(ignored)',
      reason: 'not a parameter of this experiment',
    });
    expect(problems.find((p) => p.key === 'batch')?.used).toBe('2048');
  });

  it('an empty partial is valid and problem-free', () => {
    expect(validatePartial(baselineSchema, {})).toEqual({ values: {}, problems: [] });
  });

  it('resolveValues overlays a validated partial on the defaults', () => {
    const { values, problems } = resolveValues(schema, { count: '300', mode: 'c' });
    expect(values).toEqual({ rate: 0.05, count: 100, frac: 0.5, mode: 'c', layers: [4, 4], flag: false });
    expect(problems.map((p) => p.key)).toEqual(['count']);
  });
});

describe('helpers', () => {
  it('sameValue compares lists by element and scalars by identity', () => {
    expect(sameValue([1, 2], [1, 2])).toBe(true);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(0.1, 0.1)).toBe(true);
    expect(sameValue('a', 'b')).toBe(false);
    expect(sameValue([1], 1)).toBe(false);
  });

  it('formatValue and describeRange', () => {
    expect(formatValue(schema.layers, [8, 4])).toBe('8,4');
    expect(formatValue(schema.rate, 0.05)).toBe('0.05');
    expect(describeRange(schema.rate)).toBe('number in [0.001, 10] (log scale)');
    expect(describeRange(schema.count)).toBe('integer in [1, 100]');
    expect(describeRange(schema.mode)).toBe('one of a|b|c');
    expect(describeRange(schema.flag)).toBe('true|false');
    expect(describeRange(schema.layers)).toBe('1–3 integers in [1, 64], comma-separated');
  });
});
