/**
 * Reverse replay (REFERENCES §4): place values learned along a linear track, with the lap replayed at
 * the reward backwards, forwards or not at all. One step is one lap. Pure arithmetic on n numbers, no
 * tensors: the point is the order of the updates, not their cost. The seed is accepted for the
 * contract; the track and the learning are deterministic.
 */
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { History } from '../history';
import { episodesToReachStart, runEpisode, startValue, type ReplayMode } from '../replay/chain';
import { RUN_MS_PER_PLACE, replayFiringTimes, runFiringTimes } from '../replay/place-cells';
import { placeReplayMeta, placeReplaySchema, type PlaceReplayFrame, type PlaceReplaySchema } from './place-replay.schema';

type Params = ParamValues<PlaceReplaySchema>;

/** Fraction of the start's final value that counts as "learned" for the second counter. */
export const HALF = 0.5;

class PlaceReplayRun implements Run<PlaceReplayFrame> {
  private values: Params;
  private v!: Float64Array;
  private episodes = 0;
  private history!: History<`p${number}`>;
  private lastReplay: Int32Array = new Int32Array(0);
  private reachedAt: number | null = null;
  private halfAt: number | null = null;
  private readonly compared = new Map<string, Record<ReplayMode, number>>();

  constructor(params: Params) {
    this.values = params;
    this.build();
  }

  private build(): void {
    const n = this.values.trackLength;
    this.v = new Float64Array(n);
    this.episodes = 0;
    this.history = new History(Array.from({ length: n }, (_, i): `p${number}` => `p${i}`), 1, 512);
    this.lastReplay = new Int32Array(0);
    this.reachedAt = null;
    this.halfAt = null;
  }

  params() {
    return { ...this.values };
  }

  async step(count: number): Promise<StepResult> {
    const { replay, alpha, gamma } = this.values;
    const target = HALF * startValue(this.v.length, gamma);
    for (let i = 0; i < count; i++) {
      this.lastReplay = runEpisode(this.v, replay as ReplayMode, alpha, gamma);
      this.episodes++;
      this.history.push(this.episodes, Array.from(this.v));
      if (this.reachedAt === null && this.v[0]! > 0) this.reachedAt = this.episodes;
      if (this.halfAt === null && this.v[0]! > target) this.halfAt = this.episodes;
    }
    // alpha <= 1 and gamma <= 1 keep every value in [0, 1]: nothing here can diverge.
    return { taken: count, diverged: null };
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, result } = applyPartial(placeReplaySchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) this.build();
    return result;
  }

  /** Everything the run has learned: the values, the lap count, the milestones and the recorded rows. */
  async checkpoint(): Promise<RunCheckpoint> {
    const h = this.history.toSnapshot();
    return {
      step: this.episodes,
      arrays: {
        values: Float32Array.from(this.v),
        lastReplay: Float32Array.from(this.lastReplay),
        historySteps: h.steps,
        ...Object.fromEntries(this.history.names.map((name) => [`history.${name}`, h[name]])),
      },
      numbers: { trackLength: this.v.length, reachedAt: this.reachedAt ?? -1, halfAt: this.halfAt ?? -1 },
    };
  }

  /** Resume a checkpoint of this very track (a different length is ignored: the run starts afresh). */
  restore(c: RunCheckpoint): void {
    const values = c.arrays.values;
    if (!values || values.length !== this.v.length || c.numbers.trackLength !== this.v.length) return;
    this.v = Float64Array.from(values);
    this.episodes = c.step;
    this.lastReplay = Int32Array.from(c.arrays.lastReplay ?? []);
    this.reachedAt = (c.numbers.reachedAt ?? -1) >= 0 ? c.numbers.reachedAt! : null;
    this.halfAt = (c.numbers.halfAt ?? -1) >= 0 ? c.numbers.halfAt! : null;
    this.history.load(c.arrays.historySteps ?? [], this.history.names.map((name) => c.arrays[`history.${name}`] ?? []));
  }

  /** Rows of values after each recorded episode, row-major [rows, n], and the episode of each row. */
  private valueHistory(): { episodes: Float32Array; values: Float32Array } {
    const snap = this.history.toSnapshot();
    const episodes = snap.steps;
    const n = this.v.length;
    const values = new Float32Array(episodes.length * n);
    for (let i = 0; i < n; i++) {
      const column = snap[`p${i}`]!;
      for (let row = 0; row < episodes.length; row++) values[row * n + i] = column[row]!;
    }
    return { episodes, values };
  }

  /**
   * Fresh learners under each mode at the current n, alpha and gamma: the bar chart's numbers. Cached,
   * since a small alpha can take thousands of laps and snapshots come every frame.
   */
  private comparison(fraction: number): Record<ReplayMode, number> {
    const { trackLength: n, alpha, gamma } = this.values;
    const key = `${n}|${alpha}|${gamma}|${fraction}`;
    let hit = this.compared.get(key);
    if (!hit) {
      const laps = (m: ReplayMode) => episodesToReachStart(n, m, alpha, gamma, fraction);
      hit = { reverse: laps('reverse'), forward: laps('forward'), none: laps('none') };
      if (this.compared.size > 16) this.compared.clear();
      this.compared.set(key, hit);
    }
    return { ...hit };
  }

  async snapshot(): Promise<Snapshot<PlaceReplayFrame>> {
    const { trackLength: n, gamma, compression, replay } = this.values;
    const history = this.valueHistory();
    return {
      experimentId: placeReplayMeta.id,
      step: this.episodes,
      diverged: null,
      data: {
        trackLength: n,
        replay: replay as ReplayMode,
        episodes: this.episodes,
        values: Float32Array.from(this.v),
        trueValues: Float32Array.from({ length: n }, (_, i) => gamma ** (n - 1 - i)),
        historyEpisodes: history.episodes,
        valueHistory: history.values,
        episodesToReachStart: this.reachedAt,
        episodesToHalfValue: this.halfAt,
        compareReach: this.comparison(0),
        compareHalf: this.comparison(HALF),
        lastReplayOrder: this.lastReplay.slice(),
        lastReplayTimesMs: replayFiringTimes(this.lastReplay, compression),
        replayDurationMs: (n * RUN_MS_PER_PLACE) / compression,
        runTimesMs: runFiringTimes(n),
        runDurationMs: n * RUN_MS_PER_PLACE,
        compression,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    return {
      step: this.episodes,
      startValue: this.v[0]!,
      rewardValue: this.v[this.v.length - 1]!,
      episodesToReachStart: this.reachedAt ?? NaN,
      episodesToHalfValue: this.halfAt ?? NaN,
    };
  }

  dispose(): void {}
}

export const placeReplayExperiment: Experiment<PlaceReplaySchema, PlaceReplayFrame> = implement(
  { ...placeReplayMeta, schema: placeReplaySchema },
  (_seed, values) => new PlaceReplayRun(values),
);
