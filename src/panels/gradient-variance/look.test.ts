/**
 * The estimators' look: one hue per family (Okabe–Ito), variants of a family told apart by dash, no
 * two estimators drawn alike; and every table keyed by estimator must name every estimator (a missing
 * entry fails the type check, proved by the @ts-expect-error below).
 */
import { describe, expect, it } from 'vitest';
import { ESTIMATOR_KEYS, type EstimatorKey } from '../../core/experiments/gradient-variance.schema';
import { BINARY_TEX } from './formulas';
import { FAMILIES, LOOK } from './look';

describe('estimator looks', () => {
  it('one colour per family, and no two estimators with the same colour and dash', () => {
    const seen = new Set<string>();
    for (const k of ESTIMATOR_KEYS) {
      expect(LOOK[k].color).toBe(FAMILIES[LOOK[k].family].color);
      const id = `${LOOK[k].color}|${LOOK[k].dash ?? 'solid'}`;
      expect(seen.has(id), k).toBe(false);
      seen.add(id);
    }
    expect(new Set(Object.values(FAMILIES).map((f) => f.color)).size).toBe(Object.keys(FAMILIES).length);
  });

  it('a table keyed by estimator without an entry does not compile', () => {
    const { pathwise: _dropped, ...partial } = BINARY_TEX;
    // @ts-expect-error: 'pathwise' is missing, and Record<EstimatorKey, …> requires every estimator.
    const incomplete: Record<EstimatorKey, string> = partial;
    expect(Object.keys(incomplete)).toHaveLength(ESTIMATOR_KEYS.length - 1);
  });
});
