/**
 * The article's outline: one entry per section, in reading order. A section names the experiment whose
 * live panel tests its claim, the settings its caption reports, and the "try this" states its prose
 * links to. Adding a section is one entry here plus its prose in `prose.tsx`; a section whose
 * experiment is not in the catalog (not registered yet) is left out at run time.
 */
import { metaOf } from '../core/catalog';
import { formatValue, sameValue, specOf, validatePartial, type AnyParamValues } from '../params/kinds';

export interface SectionSpec {
  /** Slug used in the URL (`?section=`). */
  id: string;
  title: string;
  /** Catalog id of the experiment whose panel sits beside the prose. */
  experiment: string;
  /** Parameters the prose talks about: the caption reports their values as they are now. */
  keys: readonly string[];
  /** Named states the prose's "try this" links set (partial parameter values). */
  tries: Readonly<Record<string, Readonly<AnyParamValues>>>;
}

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'success',
    title: 'Backprop’s success hides the alternatives',
    experiment: 'baseline',
    keys: ['dataset', 'hidden', 'activation'],
    tries: {
      linear: { activation: 'linear' },
      spiral: { dataset: 'spiral', hidden: [32, 32], activation: 'relu' },
      smooth: { activation: 'tanh' },
    },
  },
  {
    id: 'noise',
    title: 'A noisy estimate of the gradient of a stand-in',
    experiment: 'baseline',
    keys: ['batch', 'optimizer', 'learningRate'],
    tries: {
      one: { batch: 1 },
      full: { batch: 2048 },
      sgd: { optimizer: 'sgd', learningRate: 0.1 },
      adam: { optimizer: 'adam', learningRate: 0.01 },
    },
  },
  {
    id: 'reinforce',
    title: 'REINFORCE against backprop',
    experiment: 'gradient-variance',
    keys: ['problem', 'n', 'k'],
    tries: {
      many: { problem: 'units', n: 1024 },
      few: { problem: 'units', n: 4 },
      faint: { problem: 'toy', t: 0.499 },
      gaussian: { problem: 'gaussian' },
      samples: { k: 256 },
    },
  },
  {
    id: 'memory',
    title: 'What backprop has to remember',
    experiment: 'bptt-memory',
    keys: ['T', 'strategy', 'budget'],
    tries: {
      all: { strategy: 'store-all' },
      sqrt: { strategy: 'sqrt' },
      revolve: { strategy: 'revolve', s: 4 },
      tight: { strategy: 'store-all', budget: 64 },
      long: { T: 4096 },
    },
  },
  {
    id: 'replay',
    title: 'Reverse replay',
    experiment: 'place-replay',
    keys: ['replay', 'trackLength', 'gamma'],
    tries: {
      reverse: { replay: 'reverse' },
      forward: { replay: 'forward' },
      none: { replay: 'none' },
      long: { trackLength: 48 },
    },
  },
  {
    id: 'study',
    title: 'The student who did not study',
    experiment: 'sparse-credit',
    keys: ['task', 'T', 'window', 'topK'],
    tries: {
      short: { task: 'semester', T: 30 },
      long: { task: 'semester', T: 1000 },
      window: { window: 5 },
      topOne: { topK: 1 },
      door: { task: 'key-to-door', T: 300, distractorReward: 0.1 },
    },
  },
  {
    id: 'abstract',
    title: 'Backprop through an abstract model',
    experiment: 'learned-proxy',
    keys: ['action', 'batch', 'noise'],
    tries: {
      continuous: { action: 'continuous' },
      discrete: { action: 'discrete', relaxation: 'st-gumbel' },
      relaxed: { action: 'discrete', relaxation: 'gumbel-softmax' },
      noisy: { noise: 1 },
      wild: { criticLr: 50 },
    },
  },
  {
    id: 'quizzes',
    title: 'Intermediate rewards',
    experiment: 'sparse-credit',
    keys: ['T', 'quizzes', 'quiz', 'critic'],
    tries: {
      none: { quizzes: 0 },
      few: { quizzes: 4 },
      many: { quizzes: 25 },
      noCritic: { critic: false },
      long: { T: 1000 },
    },
  },
  {
    id: 'inverse',
    title: 'Learning to send credit backwards',
    experiment: 'binary-latents',
    keys: ['method', 'latents'],
    tries: {
      wakeSleep: { method: 'wake-sleep' },
      score: { method: 'score' },
      rloo: { method: 'rloo', samples: 4 },
      relaxed: { method: 'concrete' },
      probe: { probe: 6 },
    },
  },
  {
    id: 'models',
    title: 'Several internal models',
    experiment: 'internal-models',
    keys: ['regimes', 'threshold', 'window'],
    tries: {
      four: { regimes: 'all', threshold: 0.12, schedule: 'blocks' },
      flip: { regimes: 'normal-reversed', schedule: 'blocks' },
      lax: { threshold: 0.6 },
      strict: { threshold: 0.05 },
      short: { block: 80 },
      manual: { schedule: 'manual', regime: 'reversed' },
    },
  },
  {
    id: 'entropy',
    title: 'Discrete actions need entropy',
    experiment: 'policy-entropy',
    keys: ['beta', 'temperature', 'arms'],
    tries: {
      none: { beta: 0 },
      some: { beta: 0.1 },
      lots: { beta: 1 },
      cold: { beta: 0, temperature: 0.1 },
      arms: { arms: 50 },
    },
  },
  {
    id: 'unseen',
    title: 'Credit for what never happened',
    experiment: 'fatal-state',
    keys: ['layout', 'told', 'safeData'],
    tries: {
      told: { told: true },
      untold: { told: false },
      pit: { layout: 'pit' },
      little: { safeData: 50 },
      slip: { slip: 0.1 },
    },
  },
  {
    id: 'surface',
    title: 'Why the loss surface looks smooth',
    experiment: 'loss-surface',
    keys: ['activation', 'examples', 'lens', 'view'],
    tries: {
      kink: { activation: 'relu', examples: 1, lens: 'kink', span: 0.02 },
      blur: { activation: 'relu', examples: 2048, lens: 'kink', span: 0.02 },
      miss: { activation: 'relu', examples: 1, lens: 'random', span: 0.02 },
      tanh: { activation: 'tanh', examples: 1, lens: 'kink', span: 0.02 },
      line: { view: 'interpolation', span: 1.2 },
    },
  },
];

/** Sections whose experiment the page can run now, in reading order. */
export function availableSections(has: (experimentId: string) => boolean = (id) => metaOf(id) !== undefined): SectionSpec[] {
  return SECTIONS.filter((s) => has(s.experiment));
}

/**
 * The values a try-this link would set, validated against the experiment's schema, or null when the
 * schema does not accept them as they are (a renamed key, a changed range): the link is then shown as
 * plain text rather than set something else.
 */
export function tryValues(section: SectionSpec, name: string): AnyParamValues | null {
  const wanted = section.tries[name];
  const meta = metaOf(section.experiment);
  if (!wanted || !meta) return null;
  const { values, problems } = validatePartial(meta.schema, wanted);
  return problems.length === 0 ? values : null;
}

/** Does `params` already hold every value of the try? */
export function tryIsActive(values: AnyParamValues, params: AnyParamValues): boolean {
  return Object.entries(values).every(([k, v]) => sameValue(params[k], v));
}

/** "Batch size 32 · Optimiser Adam": the section's parameters as they are set now. */
export function describeSettings(section: SectionSpec, params: AnyParamValues): string {
  const meta = metaOf(section.experiment);
  if (!meta) return '';
  const parts: string[] = [];
  for (const key of section.keys) {
    const spec = specOf(meta.schema, key);
    const v = params[key];
    if (!spec || v === undefined) continue;
    let shown = formatValue(spec, v);
    if (spec.kind === 'choice' && spec.optionLabels) shown = (spec.optionLabels as Record<string, string>)[shown] ?? shown;
    if (spec.kind === 'intlist') shown = shown.replace(/,/g, ', ');
    if (spec.kind === 'bool') shown = v === true ? 'on' : 'off';
    parts.push(`${spec.label}: ${shown}`);
  }
  return parts.join(' · ');
}
