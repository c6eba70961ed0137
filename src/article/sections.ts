/**
 * The article's outline: one entry per section, in reading order. A section names the experiment whose
 * live panel tests its claim, the settings its caption reports, and the "try this" states its prose
 * links to. Adding a section is one entry here plus its prose in `prose.tsx`; a section whose
 * experiment is not in the catalog (not registered yet) is left out at run time.
 */
import { metaOf } from '../core/catalog';
import { describeValue, sameValue, specOf, validatePartial, type AnyParamValues } from '../params/kinds';

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
  /** The claim in one or two sentences: it heads the panel, and is all the text lecture mode shows. */
  claim: string;
  /** The figure that shows this section's claim, when it is not the experiment's own hero. */
  hero?: string;
  /** Short names for the try-this states, for lecture mode's buttons (else the state's name). */
  tryLabels?: Readonly<Record<string, string>>;
}

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'success',
    title: 'Backprop’s success hides the alternatives',
    experiment: 'baseline',
    keys: ['dataset', 'hidden', 'activation'],
    claim: 'Backprop assigns credit exactly through a chain of smooth steps, so a small rectifier network learns this boundary with ease; the kink at zero costs it nothing.',
    tries: {
      linear: { activation: 'linear' },
      spiral: { dataset: 'spiral', hidden: [32, 32], activation: 'relu' },
      smooth: { activation: 'tanh' },
    },
  },
  {
    id: 'mixtures',
    title: 'Models backprop trains badly: conditional mixtures',
    experiment: 'mixture-density',
    keys: ['task', 'components', 'floor', 'lr'],
    claim: 'When one input has several right answers, a network trained to predict their mean draws a curve through empty space; a mixture density network can cover every answer, but backprop through its mixture is fragile: components collapse or go unused.',
    tries: {
      arms: { task: 'arms' },
      collapse: { floor: 0, lr: 0.1, components: 5 },
      many: { components: 10 },
      mdnVsMean: { single: true, mdn: true, wta: false, ewta: false, score: false, gumbel: false, em: false },
    },
  },
  {
    id: 'noise',
    title: 'A noisy estimate of the gradient of a stand-in',
    experiment: 'baseline',
    keys: ['batch', 'optimizer', 'learningRate'],
    claim: 'Each step follows a minibatch\'s noisy estimate of the gradient: the smaller the batch, the wider the fan of minibatch gradients around the full-batch one.',
    hero: 'fan',
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
    claim: 'Without a derivative, REINFORCE estimates the gradient from samples of the cost: unbiased, but its noise grows with every unit that shares the one signal, where a backprop-like estimator\'s does not.',
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
    claim: 'Backprop through time must keep every state to walk back through it; checkpointing keeps a few and recomputes the rest, trading memory for time.',
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
    keys: ['replay', 'trackLength', 'alpha'],
    claim: 'Replaying a run backwards from the reward carries its credit to the start in one sweep; forward replay needs a sweep for every place.',
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
    keys: ['T', 'window', 'topK'],
    claim: 'When thousands of events separate a choice from its grade, only a learner that reaches the choice directly keeps the credit there; backprop through every step spreads or loses it.',
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
    hero: 'reward',
    claim: 'A learned critic gives a reward without a derivative one that backprop can follow: the policy climbs the critic\'s slope and reaches the target in fewer samples than REINFORCE.',
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
    keys: ['T', 'quizzes', 'critic'],
    claim: 'Intermediate signals (quizzes, a learned critic) shorten the way credit has to travel, so the choice is learned in fewer episodes as they are added.',
    hero: 'learning',
    tries: {
      none: { quizzes: 0 },
      few: { quizzes: 4 },
      some: { quizzes: 25 },
      many: { quizzes: 50 },
      noCritic: { critic: false },
      long: { T: 1000 },
    },
  },
  {
    id: 'inverse',
    title: 'Learning to send credit backwards',
    experiment: 'binary-latents',
    keys: ['method', 'latents'],
    claim: 'Wake-sleep trains an inverse model to say what binary hidden units should have been, sending credit backwards where backprop cannot go.',
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
    claim: 'A collection of learned models, each put in charge where it predicts best, recovers at once when a regime it has seen comes back; one model trained on everything has to relearn it, and forgets what it knew.',
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
    hero: 'policy',
    claim: 'A softmax policy learning from the score function commits early and can lock onto a decoy; an entropy bonus keeps it trying the other arms long enough to find the best one.',
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
    keys: ['told', 'safeData', 'layout'],
    hero: 'falls',
    claim: 'A planner on a model learned from safe data avoids a cliff it never fell off; model-free Q-learning has to fall, again and again, to learn the same.',
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
    // The first three are the key controls beside the lens (the hero): how many examples, how close, which units.
    keys: ['examples', 'span', 'activation', 'lens', 'view'],
    hero: 'lens',
    claim: 'One example\'s loss has a kink wherever a rectifier switches; averaged over many examples the kinks blur, and the surface looks smooth.',
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

/** "Activation: linear · Data set: spiral": what a try-this state sets, in the reader's words. */
export function describeTry(section: SectionSpec, values: AnyParamValues): string {
  const meta = metaOf(section.experiment);
  if (!meta) return '';
  return Object.entries(values)
    .map(([key, v]) => {
      const spec = specOf(meta.schema, key);
      return spec ? `${spec.label}: ${describeValue(spec, v)}` : '';
    })
    .filter(Boolean)
    .join(' · ');
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
    parts.push(`${spec.label}: ${describeValue(spec, v)}`);
  }
  return parts.join(' · ');
}
