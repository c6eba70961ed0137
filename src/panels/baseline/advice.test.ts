import { describe, expect, it } from 'vitest';
import { batchAdvice } from './advice';

const noise = (bSimple: number) => ({ gradSq: 1, traceSigma: bSimple, bSimple, twoBatchBSimple: bSimple, fanAlong: new Float32Array(0), fanAcross: new Float32Array(0), meanCosine: 1 });

describe('batch advice', () => {
  it('a batch as large as the training set is the exact gradient, even when B_simple is larger', () => {
    const text = batchAdvice({ batch: 819, trainCount: 819, noise: noise(5000) });
    expect(text).toContain('whole training set');
    expect(text).not.toContain('bigger batch would still cut');
  });
  it('below and above B_simple', () => {
    expect(batchAdvice({ batch: 8, trainCount: 819, noise: noise(100) })).toContain('would still cut the noise');
    expect(batchAdvice({ batch: 200, trainCount: 819, noise: noise(100) })).toContain('mostly costs time');
    expect(batchAdvice({ batch: 8, trainCount: 819, noise: noise(NaN) })).toBe('');
  });
});
