/**
 * The estimators panel's presets (each a complete set of toggles plus the settings it is about), the
 * one-click switch between the section's story set and every estimator, and which knobs each problem
 * leaves out of the sidebar.
 */
import { appStore, pushNotice } from '../../store/store';
import { setRunning } from '../../store/actions';
import {
  ESTIMATOR_KEYS,
  STORY_ESTIMATORS,
  gradientVarianceSchema,
  type EstimatorKey,
  type GradientVarianceFrame,
  type ProblemName,
} from '../../core/experiments/gradient-variance.schema';
import { applyPresetValues } from '../common/presets';

/** Knobs of the other problems, per problem. */
export const IRRELEVANT: Record<ProblemName, readonly string[]> = {
  toy: ['n', 'gaussianCost', 'gaussianK', 'mu', 'sigma'],
  units: ['gaussianCost', 'gaussianK', 'mu', 'sigma'],
  gaussian: ['n', 'theta', 't', 'tau'],
};

type Values = Record<string, unknown>;
const toggles = (on: (k: EstimatorKey) => boolean) => Object.fromEntries(ESTIMATOR_KEYS.map((k) => [k, on(k)])) as Record<EstimatorKey, boolean>;
const ALL_OFF = toggles(() => false);

/** The section's story set (the schema's defaults) and every estimator: the two one-click selections. */
export const STORY_SET = toggles((k) => STORY_ESTIMATORS.includes(k));
export const ALL_SET = toggles(() => true);

export interface Preset {
  label: string;
  help: string;
  values: Values;
  /** Bring the N-sweep chart into view and make sure the run is going, so the sweep visibly fills in. */
  sweep?: boolean;
}

export const PRESETS: Preset[] = [
  {
    label: 'Biased but quiet (t = 0.45)',
    help: 'The REBAR toy: straight-through and the Gumbel relaxations against the score function and REBAR.',
    values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.45, k: 2, tau: 0.5, learningRate: 0.01, exact: true, sf: true, st: true, concrete: true, stGumbel: true, rebar: true },
  },
  {
    label: 't = 0.499',
    help: 'The RELAX setting: the gradient is tiny, so only low-variance unbiased estimators make progress.',
    values: { ...ALL_OFF, problem: 'toy', theta: 0.5, t: 0.499, k: 2, learningRate: 0.01, exact: true, sf: true, rloo: true, rebar: true, disarm: true },
  },
  {
    label: 'REINFORCE does not scale (N = 1024)',
    help: '1024 independent units: the other units’ cost drowns unit 1’s signal in the score function.',
    values: { ...ALL_OFF, problem: 'units', n: 1024, theta: 0.5, t: 0.45, k: 2, learningRate: 0.01, exact: true, sf: true, sfOracle: true, rloo: true, arm: true, disarm: true },
    sweep: true,
  },
  {
    label: 'Gaussian, smooth cost: pathwise wins',
    help: 'A continuous unit, where backprop through the sample works: (x − 2)² from μ = −1.',
    values: { ...ALL_OFF, problem: 'gaussian', mu: -1, sigma: 1, gaussianCost: 'quadratic', gaussianK: 2, k: 2, learningRate: 0.01, sf: true, sfOptimal: true, rloo: true, pathwise: true },
  },
  {
    label: 'Gaussian, cos(8x): score wins',
    help: 'A rapidly varying cost: the pathwise derivative swings by ±8 while the score function only sees f between −1 and 1 (Mohamed et al. 2020).',
    values: { ...ALL_OFF, problem: 'gaussian', mu: 1, sigma: 1, gaussianCost: 'cos', gaussianK: 8, k: 2, learningRate: 0.01, sf: true, sfOptimal: true, rloo: true, pathwise: true },
  },
];

export async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const restarted = await applyPresetValues(gradientVarianceSchema, preset.values, current);
  if (restarted) pushNotice('info', `Preset “${preset.label}”: the race restarted from step 0 with the new settings.`);
  if (preset.sweep) {
    // The sweep advances with the snapshots, which come while the run is going.
    if (!appStore.getState().running) await setRunning(true);
    // Bring the sweep into view once a frame with all of the preset's settings has been drawn (the table
    // and strip above it change height as the toggles land, which would scroll it away again).
    await frameWith(preset.values);
    requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById('gv-sweep')?.scrollIntoView({ block: 'start' })));
  }
}

/** Resolves when the store holds a frame measured with these toggles and N (or after 5 s). */
function frameWith(values: Values): Promise<void> {
  const keys = ESTIMATOR_KEYS.filter((k) => values[k] === true).join(',');
  const matches = () => {
    const d = appStore.getState().frame?.snapshot.data as unknown as GradientVarianceFrame | undefined;
    if (!d?.estimators || d.units !== values.n) return false;
    return d.estimators.map((e) => e.key).join(',') === keys;
  };
  return new Promise((resolve) => {
    if (matches()) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, 5000);
    const unsubscribe = appStore.subscribe(() => {
      if (matches()) done();
    });
  });
}
