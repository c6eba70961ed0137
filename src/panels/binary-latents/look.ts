/** One colour per training method, shared by the race, the run's curves and the inverse view. */
import { palette } from '../../charts/palette';
import type { LatentMethod } from '../../core/experiments/binary-latents.schema';

export const METHOD_COLORS: Record<LatentMethod, string> = {
  'wake-sleep': palette.vermillion,
  'score-moving-average': palette.blue,
  rloo: palette.sky,
  disarm: palette.green,
  arm: '#5a8f29',
  'straight-through': palette.grey,
  concrete: palette.purple,
  'st-gumbel': palette.orange,
  score: 'currentColor',
};

/** Test images drawn as pictures (the core's SHOWN_IMAGES). */
export const SHOWN = 12;

export const lastOf = (a: Float32Array) => (a.length > 0 ? a[a.length - 1]! : null);
