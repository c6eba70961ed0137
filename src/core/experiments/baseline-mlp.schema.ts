/** Parameters of the smooth-backprop baseline: a small rectifier MLP on a 2-D data set. */
// A type only (erased): the measurement itself, with tfjs, stays in the worker.
import type { GradientNoise } from '../mlp/gradient-noise';
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import { DATASETS } from '../data/two-d';
import { DRAWN } from '../data/drawn';
import { drawnPointsParam } from '../../params/common';
import { ACTIVATIONS } from '../mlp/activations';
import { OPTIMIZERS } from '../optim/optimizer-kinds';
import type { NetworkFrame } from '../mlp/network-frame';

export const baselineSchema = {
  dataset: {
    kind: 'choice',
    label: 'Data set',
    options: [...DATASETS, DRAWN] as const,
    optionLabels: { drawn: 'Drawn by you' },
    default: 'moons',
    help: 'Two classes in the plane. Spiral needs the most hidden units; xor cannot be split by a line. “Drawn by you” trains on the points you draw.',
    effect: 'data',
  },
  drawn: drawnPointsParam(
    'dataset',
    DRAWN,
    'The points you drew (x, y in [-2, 2], class A = 0, B = 1); they are the training set while the data set is “Drawn by you”, and its test set too. Changing them keeps the weights.',
  ),
  noise: {
    kind: 'number',
    label: 'Noise',
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0.15,
    help: 'Standard deviation of the Gaussian jitter added to every point.',
    effect: 'data',
  },
  points: {
    kind: 'number',
    label: 'Points',
    min: 16,
    max: 2048,
    step: 1,
    log: true,
    integer: true,
    default: 1024,
    help: 'Number of points generated, before the train/test split.',
    effect: 'data',
  },
  trainFraction: {
    kind: 'number',
    label: 'Train share',
    min: 0.1,
    max: 0.9,
    step: 0.05,
    default: 0.8,
    help: 'Share of the points used for training; the rest measure the test loss.',
    effect: 'data',
  },
  hidden: {
    kind: 'intlist',
    label: 'Hidden layers',
    min: 1,
    max: 64,
    minLength: 1,
    maxLength: 6,
    default: [16, 16],
    help: 'Units in each hidden layer, comma-separated (e.g. 16,16). Changing it rebuilds the network.',
    effect: 'shape',
  },
  activation: {
    kind: 'choice',
    label: 'Activation',
    options: ACTIVATIONS,
    default: 'relu',
    help: 'ReLU puts a kink in every unit; tanh is smooth; linear makes the whole net one linear map.',
    effect: 'live',
  },
  optimizer: {
    kind: 'choice',
    label: 'Optimiser',
    options: OPTIMIZERS,
    optionLabels: { sgd: 'SGD', momentum: 'Momentum', rmsprop: 'RMSprop', adagrad: 'AdaGrad', adam: 'Adam' },
    default: 'adam',
    help: 'How the gradient becomes an update. Switching keeps the weights and starts fresh optimiser state.',
    effect: 'live',
  },
  learningRate: {
    kind: 'number',
    label: 'Learning rate',
    min: 0.0001,
    max: 10,
    step: 0.0001,
    log: true,
    default: 0.01,
    help: 'Step size. Far too large and the loss blows up: the run stops at the step it turns NaN.',
    effect: 'live',
  },
  beta: {
    kind: 'number',
    label: 'Momentum / β₁',
    min: 0,
    max: 0.999,
    step: 0.001,
    default: 0.9,
    help: 'Momentum coefficient, RMSprop decay, or Adam’s β₁, depending on the optimiser.',
    effect: 'live',
  },
  batch: {
    kind: 'number',
    label: 'Batch size',
    min: 1,
    max: 2048,
    step: 1,
    log: true,
    integer: true,
    default: 32,
    help: 'Examples per step, drawn at random with replacement. At or above the training-set size, every step uses the full batch.',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type BaselineSchema = typeof baselineSchema;

/** The shape of the baseline's snapshot data, shared by the core (producer) and the panel (reader). */
export interface BaselineFrameData {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  history: { steps: Float32Array; train: Float32Array; test: Float32Array; trainAccuracy: Float32Array; testAccuracy: Float32Array };
  stepLoss: { steps: Float32Array; minibatch: Float32Array };
  grid: number;
  extent: number;
  heatmap: Float32Array;
  pointsX: Float32Array;
  pointsLabel: Int32Array;
  pointsTrain: Uint8Array;
  parameterCount: number;
  batch: number;
  trainCount: number;
  /** The step the noise measurements were taken at (they refresh at ~15 Hz at full speed). */
  noiseStep: number;
  /** Null while the page shows neither the fan nor the noise-scale figure (Run.showFigures): not measured. */
  noise: GradientNoise | null;
  /** The network figure's unit maps; null while the page does not show that figure (Run.showFigures). */
  network: NetworkFrame | null;
  /** Why the run takes no step (an empty or one-class drawn set), or null. */
  refused: string | null;
}

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const baselineContract = defineContract<BaselineFrameData>()({
  id: 'baseline',
  title: 'Smooth backprop baseline',
  summary:
    'A small MLP on a 2-D data set: loss curves, decision boundary and minibatch gradient noise.',
  schema: baselineSchema,
  presets: [],
  layout: {
    figures: ['decision', 'loss', 'fan', 'noiseScale', 'network'],
    hero: 'decision',
    keyControls: ['dataset', 'hidden', 'activation'],
    pace: 120,
  },
});
