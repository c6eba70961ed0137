import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { csvField, fileSlug, flattenRows, snapshotCsv, snapshotJson, toCsv, toPlain, type ExportSource } from './data';

const source: ExportSource = {
  experimentId: 'baseline',
  seed: 7,
  step: 42,
  params: { lr: 0.1, dataset: 'two, "moons"', layers: [16, 16] },
  diverged: null,
  data: {
    losses: { train: new Float32Array([1.5, 0.25]), steps: new Int32Array([10, 20]) },
    grid: new Uint8Array([0, 255]),
    odd: [NaN, Infinity, -Infinity, 3],
    layers: [{ name: 'hidden\nlayer', w: new Float32Array([0.5]) }],
    note: null,
    ok: true,
  },
};

describe('CSV fields (RFC 4180)', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.1)).toBe('0.1');
    expect(csvField(1e-9)).toBe('1e-9');
    expect(csvField(false)).toBe('false');
  });
  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe('flattenRows', () => {
  it('gives one row per number, with paths and indices', () => {
    const rows = flattenRows({ a: new Float32Array([1, 2]), b: { c: 3 }, d: [{ e: [4, 5] }] }, 'data');
    expect(rows).toEqual([
      ['data.a', 0, 1],
      ['data.a', 1, 2],
      ['data.b.c', null, 3],
      ['data.d[0].e', 0, 4],
      ['data.d[0].e', 1, 5],
    ]);
  });
  it('writes non-finite numbers by name', () => {
    expect(flattenRows(new Float64Array([NaN, Infinity, -Infinity]), 's').map((r) => r[2])).toEqual(['NaN', 'Infinity', '-Infinity']);
  });
});

describe('snapshotCsv', () => {
  it('parses back with a standard CSV parser to the same values', () => {
    const text = snapshotCsv(source);
    const rows = csvParse(text);
    expect(rows.columns).toEqual(['series', 'index', 'value']);
    const get = (series: string, index = '') => rows.find((r) => r.series === series && r.index === index)?.value;
    expect(get('meta.experimentId')).toBe('baseline');
    expect(get('meta.seed')).toBe('7');
    expect(get('meta.step')).toBe('42');
    expect(get('params.lr')).toBe('0.1');
    expect(get('params.dataset')).toBe('two, "moons"');
    expect(get('params.layers', '1')).toBe('16');
    expect(Number(get('data.losses.train', '0'))).toBe(1.5);
    expect(Number(get('data.losses.train', '1'))).toBe(0.25);
    expect(get('data.losses.steps', '1')).toBe('20');
    expect(get('data.grid', '1')).toBe('255');
    expect(get('data.odd', '0')).toBe('NaN');
    expect(Number(get('data.odd', '2'))).toBe(-Infinity);
    expect(get('data.layers[0].name')).toBe('hidden\nlayer');
    expect(get('data.layers[0].w', '0')).toBe('0.5');
    expect(get('data.note')).toBe('');
    expect(get('data.ok')).toBe('true');
    // 3 meta + 4 params + 2+2 losses + 2 grid + 4 odd + 1 name + 1 w + note + ok
    expect(rows.length).toBe(3 + 4 + 4 + 2 + 4 + 2 + 2);
  });
  it('keeps full float32 precision', () => {
    const x = new Float32Array([Math.PI])[0]!;
    const rows = csvParse(snapshotCsv({ ...source, data: { v: new Float32Array([x]) } }));
    expect(Number(rows.find((r) => r.series === 'data.v')!.value)).toBe(x);
  });
});

describe('snapshotJson', () => {
  it('writes typed arrays as arrays and non-finite numbers as null', () => {
    const doc = JSON.parse(snapshotJson(source));
    expect(doc.experimentId).toBe('baseline');
    expect(doc.seed).toBe(7);
    expect(doc.step).toBe(42);
    expect(doc.params.layers).toEqual([16, 16]);
    expect(doc.data.losses.train).toEqual([1.5, 0.25]);
    expect(doc.data.grid).toEqual([0, 255]);
    expect(doc.data.odd).toEqual([null, null, null, 3]);
    expect(doc.data.layers[0].w).toEqual([0.5]);
    expect(doc.diverged).toBeNull();
  });
  it('toPlain drops undefined and functions', () => {
    expect(toPlain({ a: undefined, b: () => 1, c: 2 })).toEqual({ c: 2 });
  });
});

describe('fileSlug', () => {
  it('keeps letters, digits and dashes', () => {
    expect(fileSlug('Loss vs. step (log) — “train”')).toBe('loss-vs-step-log-train');
    expect(fileSlug('Décision map')).toBe('decision-map');
    expect(fileSlug('!!!')).toBe('figure');
    expect(fileSlug('x'.repeat(80)).length).toBeLessThanOrEqual(48);
  });
});
