/**
 * How each estimator is drawn: one hue per family (Okabe–Ito, colour-blind safe), the variants of a
 * family told apart by dash pattern. Keyed by EstimatorKey: an estimator without a look does not compile.
 */
import { palette, textColors } from '../../charts/palette';
import type { EstimatorKey } from '../../core/experiments/gradient-variance.schema';

export type Family = 'reference' | 'score' | 'relaxation' | 'antithetic';

/** `color` for marks; `text` for the family's name in a legend (readable in both themes; undefined: the text colour). */
export const FAMILIES: Record<Family, { label: string; color: string; text: string | undefined }> = {
  reference: { label: 'Exact and pathwise', color: 'currentColor', text: undefined },
  score: { label: 'Score-function family', color: palette.vermillion, text: textColors.vermillion },
  relaxation: { label: 'Relaxations', color: palette.blue, text: textColors.blue },
  antithetic: { label: 'Antithetic pairs', color: palette.green, text: textColors.green },
};

export const FAMILY_ORDER: readonly Family[] = ['reference', 'score', 'relaxation', 'antithetic'];

/** Dash patterns for the variants of a family, in order (undefined: solid). */
const DASHES = [undefined, '7 3', '2 3', '10 3 2 3', '1 3', '12 5'] as const;

export interface Look {
  family: Family;
  color: string;
  dash: string | undefined;
}

const look = (family: Family, variant: number): Look => ({ family, color: FAMILIES[family].color, dash: DASHES[variant] });

export const LOOK: Record<EstimatorKey, Look> = {
  exact: look('reference', 0),
  pathwise: look('reference', 1),
  sf: look('score', 0),
  sfAverage: look('score', 1),
  rloo: look('score', 2),
  sfOptimal: look('score', 3),
  sfOracle: look('score', 4),
  rebar: look('score', 5),
  st: look('relaxation', 0),
  concrete: look('relaxation', 1),
  stGumbel: look('relaxation', 2),
  disarm: look('antithetic', 0),
  arm: look('antithetic', 1),
};

/**
 * Short row labels for the hero strip: the strip sizes its label column from a character count, and the
 * full names ("Score function, moving-average baseline") were cut at every size. The table keeps the full names.
 */
export const STRIP_LABEL: Record<EstimatorKey, string> = {
  exact: 'Exact',
  sf: 'REINFORCE',
  sfOracle: 'SF, exact mean',
  sfAverage: 'SF, moving avg.',
  sfOptimal: 'SF, optimal b',
  rloo: 'RLOO',
  st: 'Straight-through',
  concrete: 'Concrete',
  stGumbel: 'ST-Gumbel',
  rebar: 'REBAR',
  arm: 'ARM',
  disarm: 'DisARM',
  pathwise: 'Pathwise',
};
