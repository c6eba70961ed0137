import { beforeEach, describe, expect, it } from 'vitest';
import { forgetChart, MAX_PINS, noteChart, pinLabel, pinNow, pinStore, pinsOf, unpin, type Pin } from './pins';
import type { ParamSchema } from '../params/kinds';

const schema = {
  batch: { kind: 'number', label: 'Batch size', min: 1, max: 256, step: 1, default: 32, help: '', effect: 'live', integer: true },
  optimizer: { kind: 'choice', label: 'Optimiser', options: ['sgd', 'adam'], default: 'adam', help: '', effect: 'live' },
} as const satisfies ParamSchema;

describe('pins', () => {
  beforeEach(() => {
    pinStore.setState({ pins: [] });
    forgetChart('baseline', 'loss/cross-entropy');
    forgetChart('baseline', 'fan/y');
  });

  it('freezes a copy of every chart drawn, which later frames cannot change', () => {
    const y = Float32Array.from([3, 2, 1]);
    noteChart('baseline', 'loss/cross-entropy', [{ name: 'train', color: '#000', x: [0, 1, 2], y }]);
    const pin = pinNow('baseline', 120, 1, { batch: 32, optimizer: 'adam' }) as Pin;
    expect(typeof pin).toBe('object');
    y[0] = 99;
    expect(Array.from(pin.charts['loss/cross-entropy']![0]!.y)).toEqual([3, 2, 1]);
    expect(Array.from(pin.charts['loss/cross-entropy']![0]!.x)).toEqual([0, 1, 2]);
    expect(pin.step).toBe(120);
    expect(pinsOf(pinStore.getState().pins, 'baseline')).toHaveLength(1);
    expect(pinsOf(pinStore.getState().pins, 'policy-entropy')).toHaveLength(0);
  });

  it('refuses with a reason when nothing is drawn, or past the limit', () => {
    expect(pinNow('baseline', 5, 1, {})).toBe('Nothing to pin yet: this panel has no curves drawn.');
    noteChart('baseline', 'loss/cross-entropy', [{ name: 'train', color: '#000', x: [0], y: [1] }]);
    for (let i = 0; i < MAX_PINS; i++) expect(typeof pinNow('baseline', i, 1, {})).toBe('object');
    expect(pinNow('baseline', 9, 1, {})).toBe('At most 3 pins: dismiss one first.');
    unpin(pinStore.getState().pins[0]!.id);
    expect(typeof pinNow('baseline', 9, 1, {})).toBe('object');
    expect(pinStore.getState().pins).toHaveLength(MAX_PINS);
  });

  it('a chart that left the page is not pinned', () => {
    noteChart('baseline', 'loss/cross-entropy', [{ name: 'train', color: '#000', x: [0], y: [1] }]);
    noteChart('baseline', 'fan/y', [{ name: 'g', color: '#000', x: [0], y: [1] }]);
    forgetChart('baseline', 'fan/y');
    const pin = pinNow('baseline', 1, 1, {}) as Pin;
    expect(Object.keys(pin.charts)).toEqual(['loss/cross-entropy']);
  });

  it('is labelled with the settings and seed in which it differs from the run now', () => {
    noteChart('baseline', 'loss/cross-entropy', [{ name: 'train', color: '#000', x: [0], y: [1] }]);
    const pin = pinNow('baseline', 400, 1, { batch: 8, optimizer: 'adam' }) as Pin;
    expect(pinLabel(pin, schema, { batch: 32, optimizer: 'adam' }, 1)).toBe('Batch size: 8');
    expect(pinLabel(pin, schema, { batch: 32, optimizer: 'sgd' }, 2)).toBe('Batch size: 8 · Optimiser: adam · seed 1');
    expect(pinLabel(pin, schema, { batch: 8, optimizer: 'adam' }, 1)).toBe('same settings, step 400');
  });
});
