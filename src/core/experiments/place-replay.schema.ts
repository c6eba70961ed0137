/** Parameters of the reverse-replay experiment: value learning along a linear track. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import type { SnapshotData } from '../experiment';
import { REPLAY_MODES } from '../replay/chain';

/** Id, title and summary without tfjs, so the page's catalog can list the experiment cheaply. */
export const placeReplayMeta = {
  id: 'place-replay',
  title: 'Reverse replay on a linear track',
  summary:
    'An animal runs a track to a reward and replays the lap backwards, forwards or not at all: backward replay carries the reward to the start in one sweep.',
} as const;

export const placeReplaySchema = {
  trackLength: {
    kind: 'number',
    label: 'Places on the track',
    min: 4,
    max: 64,
    step: 1,
    integer: true,
    default: 16,
    help: 'Number of places (place cells) from the start to the reward. Changing it starts learning afresh.',
    effect: 'shape',
  },
  replay: {
    kind: 'choice',
    label: 'Replay',
    options: REPLAY_MODES,
    optionLabels: { reverse: 'Reverse (at the reward)', forward: 'Forward order', none: 'None (online TD(0) only)' },
    default: 'reverse',
    help: 'What happens at the reward after each lap. Every mode also learns online while running.',
    effect: 'live',
  },
  compression: {
    kind: 'number',
    label: 'Replay compression',
    min: 1,
    max: 50,
    step: 0.1,
    log: true,
    default: 15,
    help: 'How many times faster than the run the replayed sequence plays (rats: about 10–20×). Display timing only.',
    effect: 'live',
  },
  alpha: {
    kind: 'number',
    label: 'Learning rate α',
    min: 0.01,
    max: 1,
    step: 0.01,
    default: 0.5,
    help: 'Share of each TD error added to the value. At 1 a place copies the discounted value of the next one.',
    effect: 'live',
  },
  gamma: {
    kind: 'number',
    label: 'Discount γ',
    min: 0.5,
    max: 1,
    step: 0.01,
    default: 0.9,
    help: 'How much a reward one place later is worth here. The start is worth γ^(n−1) of the reward.',
    effect: 'live',
  },
} as const satisfies ParamSchema;

export type PlaceReplaySchema = typeof placeReplaySchema;

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const placeReplayContract = defineContract<SnapshotData>()({
  ...placeReplayMeta,
  schema: placeReplaySchema,
  presets: [],
  layout: {
    figures: ['track', 'valueOverLaps', 'compare'],
    hero: 'valueOverLaps',
    keyControls: ['replay', 'trackLength', 'gamma'],
    pace: 5,
  },
});
