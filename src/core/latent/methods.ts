/**
 * The training methods of the binary-latents experiment, tfjs-free so the schema (main thread) can
 * list them. 'wake-sleep' is the Helmholtz machine's own rule; every other id is a Bernoulli gradient
 * estimator from src/core/estimators applied to the encoder's ELBO gradient.
 */
export const LATENT_METHODS = [
  'wake-sleep',
  'score-moving-average',
  'rloo',
  'disarm',
  'arm',
  'straight-through',
  'concrete',
  'st-gumbel',
  'score',
] as const;
export type LatentMethod = (typeof LATENT_METHODS)[number];

export const LATENT_METHOD_LABELS: Record<LatentMethod, string> = {
  'wake-sleep': 'Wake-sleep (Helmholtz machine)',
  'score-moving-average': 'REINFORCE + running baseline',
  rloo: 'RLOO (leave-one-out)',
  disarm: 'DisARM',
  arm: 'ARM',
  'straight-through': 'Straight-through',
  concrete: 'Gumbel-softmax (τ)',
  'st-gumbel': 'ST-Gumbel (τ)',
  score: 'REINFORCE, no baseline',
};

/** Short names for legends. */
export const LATENT_METHOD_SHORT: Record<LatentMethod, string> = {
  'wake-sleep': 'wake-sleep',
  'score-moving-average': 'REINFORCE+baseline',
  rloo: 'RLOO',
  disarm: 'DisARM',
  arm: 'ARM',
  'straight-through': 'straight-through',
  concrete: 'Gumbel-softmax',
  'st-gumbel': 'ST-Gumbel',
  score: 'REINFORCE',
};

/** The race toggle key of each method (schema keys). */
export const RACE_KEYS = {
  'wake-sleep': 'raceWakeSleep',
  'score-moving-average': 'raceReinforce',
  rloo: 'raceRloo',
  disarm: 'raceDisarm',
  arm: 'raceArm',
  'straight-through': 'raceSt',
  concrete: 'raceGumbel',
  'st-gumbel': 'raceStGumbel',
  score: 'raceScore',
} as const satisfies Record<LatentMethod, `race${string}`>;

/**
 * Memory budget for one batched pass: rows × (latents + pixels) float32 elements, the widest pair of
 * tensors the importance-sampled evaluation holds (about ten such tensors are alive at once).
 */
export const LATENT_MAX_ELEMENTS = 2 ** 24;

/** Why a size is refused, or null if it fits. rows = images × samples per image. */
export function latentMemoryReason(what: string, rows: number, latents: number, pixels: number): string | null {
  const elements = rows * (latents + pixels);
  if (elements <= LATENT_MAX_ELEMENTS) return null;
  return (
    `${what}: ${rows} rows × (${latents} latents + ${pixels} pixels) = ${elements.toLocaleString('en-US')} elements is over ` +
    `the limit of 2^24 = ${LATENT_MAX_ELEMENTS.toLocaleString('en-US')}; about ten tensors that size are alive at once, ` +
    'which would not fit in a browser tab. Lower the latents, the image size or K.'
  );
}

/**
 * Entropy (nats) of the bars-and-stripes distribution on side × side pixels: the blank and the full
 * image each have probability 2^-side (reachable as bars and as stripes), every other image 2^-(side+1).
 * No model can reach an average −log p(x) below it.
 */
export function barsAndStripesEntropy(side: number): number {
  const pEdge = 2 ** -side;
  const pOther = 2 ** -(side + 1);
  const others = 2 ** (side + 1) - 4;
  return -(2 * pEdge * Math.log(pEdge) + others * pOther * Math.log(pOther));
}
