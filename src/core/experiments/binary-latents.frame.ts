/**
 * What the binary-latents experiment's snapshot().data holds: the frame its panel reads. tfjs-free, so
 * the page can import it; the core builds it in binary-latents.ts.
 */
import type { LatentMethod } from '../latent/methods';

export type TrainerStatus = 'running' | 'refused' | 'diverged';

/** Evaluations on the held-out images, every EVAL_EVERY steps (nats per image). */
export interface EvalCurve {
  steps: Float32Array;
  /** The negative ELBO, E_q[f(h)]. */
  negElbo: Float32Array;
  /** The importance-sampled −log p(x) with K samples. */
  nll: Float32Array;
}

/** One racer: a copy of the model trained from the same seed by one method. */
export interface LatentRacerFrame extends EvalCurve {
  method: LatentMethod;
  label: string;
  status: TrainerStatus;
  reason: string | null;
  stepsTaken: number;
}

export interface BinaryLatentsFrame {
  method: LatentMethod;
  latents: number;
  side: number;
  pixels: number;
  evalSamples: number;
  testImages: number;
  trainImages: number;
  evalEvery: number;
  /** Entropy of the bars-and-stripes distribution: no model's −log p(x) goes below it. */
  dataEntropy: number;
  /** Why this size is refused (memory), or null. */
  refused: string | null;
  mainStatus: TrainerStatus;
  mainReason: string | null;
  curve: EvalCurve;
  lossSteps: Float32Array;
  loss: Float32Array;
  /** Method switches, K changes and rollbacks, with the step they happened at. */
  events: { step: number; text: string }[];
  race: LatentRacerFrame[];
  /** The first SHOWN_IMAGES test images, row-major [count, pixels]. */
  images: Float32Array;
  recon: Float32Array;
  dreams: Float32Array;
  /** The test image the inverse-model view inspects. */
  probe: number;
  /** q(h_j = 1 | x) for the probe image. */
  qProbs: Float32Array;
  /** p(h_j = 1) under the prior. */
  prior: Float32Array;
  /** The decoder's output with h set to q's probabilities. */
  probeRecon: Float32Array;
  /** p(x | only unit j on), [latents, pixels]. */
  unitImages: Float32Array;
}
