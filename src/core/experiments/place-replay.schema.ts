/** Parameters of the reverse-replay experiment: value learning along a linear track. */
import type { ParamSchema } from '../../params/kinds';
import { defineContract } from '../contract';
import { REPLAY_MODES, type ReplayMode } from '../replay/chain';

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
    // At 1 one update copies the next place's discounted value, so a reverse sweep carries the whole
    // reward to the start in one lap (visible in the figure); below 1 it carries only a share.
    default: 1,
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

/** What a place-replay frame carries (place-replay.ts, snapshot()); the panel reads exactly this. */
export type PlaceReplayFrame = {
  trackLength: number;
  replay: ReplayMode;
  episodes: number;
  /** Learned value of each place, start first. */
  values: Float32Array;
  /** γ^(places left): what the values converge to. */
  trueValues: Float32Array;
  /** The lap of each recorded row of `valueHistory` (row-major [rows, trackLength]). */
  historyEpisodes: Float32Array;
  valueHistory: Float32Array;
  /** First lap at which the start's value was above 0, and above half its final value; null until then. */
  episodesToReachStart: number | null;
  episodesToHalfValue: number | null;
  /** Laps a fresh learner needs under each mode at these settings (-1: not within 20,000). */
  compareReach: Record<ReplayMode, number>;
  compareHalf: Record<ReplayMode, number>;
  lastReplayOrder: Int32Array;
  lastReplayTimesMs: Float32Array;
  replayDurationMs: number;
  runTimesMs: Float32Array;
  runDurationMs: number;
  compression: number;
};

/** The contract the worker's registry and the page's catalog are both built from (src/core/contracts.ts). */
export const placeReplayContract = defineContract<PlaceReplayFrame>()({
  ...placeReplayMeta,
  schema: placeReplaySchema,
  presets: [],
  layout: {
    figures: ['valueOverLaps', 'track', 'valueNow', 'compare'],
    hero: 'valueOverLaps',
    // α, not γ: below 1 a reverse sweep carries only a share of the reward back, and the claim blurs.
    keyControls: ['replay', 'trackLength', 'alpha'],
    // A lap a second: the value is watched spreading back row by row, and the track animation plays
    // one lap per step. At full speed a reader arrives to millions of identical rows.
    pace: 1,
  },
});
