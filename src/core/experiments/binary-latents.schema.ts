/**
 * Parameters of the binary-latents experiment: a discrete VAE / Helmholtz machine on bars-and-stripes,
 * its size, the training method (live), the estimator's knobs, the evaluation's K, and which methods
 * race side by side from the same seed.
 */
import { learningRateParam, temperatureParam } from '../../params/common';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { BinaryLatentsFrame } from './binary-latents.frame';
import { LATENT_METHODS, LATENT_METHOD_LABELS, RACE_KEYS } from '../latent/methods';

/** Names the panel needs (the main thread may import schemas, not src/core/latent). */
export { LATENT_METHOD_LABELS, LATENT_METHOD_SHORT, RACE_KEYS, type LatentMethod } from '../latent/methods';

export const binaryLatentsMeta = {
  id: 'binary-latents',
  title: 'Binary latents: wake-sleep against gradient estimators',
  summary:
    'A discrete VAE (sigmoid belief net with a recognition model) on generated bars-and-stripes images, trained by wake-sleep or by REINFORCE, RLOO, DisARM, Gumbel-softmax and friends, switchable mid-run.',
} as const;

const race = (label: string, help: string, on = false) => ({ kind: 'bool', label, help, default: on, effect: 'shape' }) as const;

export const binaryLatentsSchema = {
  method: {
    kind: 'choice',
    label: 'Training method',
    options: LATENT_METHODS,
    optionLabels: LATENT_METHOD_LABELS,
    default: 'wake-sleep',
    help: 'How the recognition model q(h|x) learns. Switching applies at the next step and keeps the weights; the decoder always learns from q’s samples.',
    effect: 'live',
  },
  latents: {
    kind: 'number',
    label: 'Binary latents H',
    min: 16,
    max: 64,
    step: 1,
    integer: true,
    default: 16,
    help: 'Number of hidden binary units. Changing it rebuilds the model from the seed. Sizes whose evaluation would not fit in memory are refused.',
    effect: 'shape',
  },
  side: {
    kind: 'number',
    label: 'Image side (pixels)',
    min: 3,
    max: 8,
    step: 1,
    integer: true,
    default: 4,
    help: 'Bars-and-stripes images are side × side pixels. Changing it regenerates the data and rebuilds the model.',
    effect: 'shape',
  },
  learningRate: learningRateParam(0.3, 0.05, 'Adam step size, shared by the generative and the recognition model.', 'live'),
  batch: {
    kind: 'number',
    label: 'Images per step',
    min: 4,
    max: 256,
    step: 1,
    log: true,
    integer: true,
    default: 32,
    help: 'Training images in each minibatch.',
    effect: 'live',
  },
  samples: {
    kind: 'number',
    label: 'Latent samples per image S',
    min: 1,
    max: 16,
    step: 1,
    integer: true,
    default: 4,
    help: 'Samples of h per image per step. RLOO takes its baseline from the other S − 1 samples, so it needs S ≥ 2.',
    effect: 'live',
  },
  tau: temperatureParam('Temperature of Gumbel-softmax and ST-Gumbel. Lower τ: less bias, more variance. Below 0.01 float32 makes the relaxed gradient zero for almost every sample, so it is not offered.', 'live'),
  evalSamples: {
    kind: 'number',
    label: 'Importance samples K',
    min: 1,
    max: 4096,
    step: 1,
    log: true,
    integer: true,
    default: 64,
    help: 'Samples per test image for the −log p(x) estimate. K = 1 gives the negative ELBO; larger K tightens the bound. Too large for memory with many latents is refused.',
    effect: 'live',
  },
  probe: {
    kind: 'number',
    label: 'Image to inspect',
    min: 0,
    max: 11,
    step: 1,
    integer: true,
    default: 1,
    help: 'Which of the test images the inverse-model view shows.',
    effect: 'live',
  },
  raceWakeSleep: race('Race: wake-sleep', 'Train a copy by wake-sleep from the same seed, side by side. Changing the race restarts training.', true),
  raceReinforce: race('Race: REINFORCE + baseline', 'A copy trained by the score function with a moving-average baseline.', true),
  raceRloo: race('Race: RLOO', 'A copy trained by REINFORCE with the leave-one-out baseline (needs S ≥ 2).'),
  raceDisarm: race('Race: DisARM', 'A copy trained by DisARM (antithetic pairs, unbiased).'),
  raceArm: race('Race: ARM', 'A copy trained by ARM.'),
  raceSt: race('Race: straight-through', 'A copy trained by the straight-through estimator (biased).'),
  raceGumbel: race('Race: Gumbel-softmax', 'A copy trained by the Concrete relaxation at temperature τ (biased).', true),
  raceStGumbel: race('Race: ST-Gumbel', 'A copy trained by straight-through Gumbel at temperature τ (biased).'),
  raceScore: race('Race: REINFORCE', 'A copy trained by the score function with no baseline.'),
} as const satisfies ParamSchema;

export type BinaryLatentsSchema = typeof binaryLatentsSchema;

export * from './binary-latents.frame';

/** Every race box off: a preset then ticks exactly the methods its story compares. */
const RACE_OFF = Object.fromEntries(Object.values(RACE_KEYS).map((k) => [k, false])) as Record<(typeof RACE_KEYS)[keyof typeof RACE_KEYS], boolean>;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const binaryLatentsContract = defineContract<BinaryLatentsFrame>()({
  ...binaryLatentsMeta,
  schema: binaryLatentsSchema,
  presets: [
    {
      label: 'Wake-sleep vs REINFORCE',
      help: 'The Helmholtz machine’s learning rule against the score function with a baseline, same seed, same generative model.',
      values: { ...RACE_OFF, method: 'wake-sleep', raceWakeSleep: true, raceReinforce: true, raceScore: true, learningRate: 0.05, samples: 4, latents: 16, side: 4 },
    },
    {
      label: 'Gumbel-softmax, low temperature (τ = 0.05)',
      help: 'A cold relaxation: nearly unbiased, but its gradient is zero for most samples and large for a few.',
      values: { ...RACE_OFF, method: 'concrete', tau: 0.05, raceGumbel: true, raceStGumbel: true, raceWakeSleep: true, raceDisarm: true },
    },
    {
      label: 'Gumbel-softmax, warm (τ = 2)',
      help: 'A warm relaxation: quiet but aimed at a smoothed objective, so it stalls above the unbiased estimators.',
      values: { ...RACE_OFF, method: 'concrete', tau: 2, raceGumbel: true, raceDisarm: true, raceRloo: true },
    },
    {
      label: 'Unbiased estimators: REINFORCE, RLOO, DisARM',
      help: 'Three unbiased estimators that differ only in variance.',
      values: { ...RACE_OFF, method: 'disarm', samples: 4, raceScore: true, raceReinforce: true, raceRloo: true, raceDisarm: true },
    },
    {
      label: '64 latents on 6 × 6 images',
      help: 'A bigger model on bigger images: more latents than line patterns to explain.',
      values: { ...RACE_OFF, method: 'wake-sleep', latents: 64, side: 6, raceWakeSleep: true, raceRloo: true, raceGumbel: true },
    },
  ],
  layout: {
    figures: ['race', 'run', 'inverse', 'images', 'bound'],
    hero: 'race',
    keyControls: ['method', 'latents'],
    pace: 120,
  },
});
