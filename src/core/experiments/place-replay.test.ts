import { describe, expect, it } from 'vitest';
import { placeReplayExperiment } from './place-replay';
import type { Snapshot } from '../experiment';

type Rec = Record<string, unknown>;
const data = (s: Snapshot) => s.data as Rec;

describe('place-replay experiment', () => {
  it('with reverse replay the start knows the reward after one lap; the replay fires the track backwards, compressed', async () => {
    const run = placeReplayExperiment.create(1, { trackLength: 8, alpha: 1, gamma: 0.9, compression: 20 });
    await run.step(1);
    const snap = await run.snapshot();
    expect(data(snap).episodesToReachStart).toBe(1);
    const values = data(snap).values as Float32Array;
    for (let i = 0; i < 8; i++) expect(values[i]).toBeCloseTo(0.9 ** (7 - i), 6);
    expect(Array.from(data(snap).lastReplayOrder as Int32Array)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    const times = data(snap).lastReplayTimesMs as Float32Array;
    const run0 = data(snap).runTimesMs as Float32Array;
    expect(times[7]! * 20).toBeCloseTo(run0[7]!, 4);
    expect(data(snap).compareReach).toEqual({ reverse: 1, forward: 4, none: 8 });
  });

  it('counts laps until the start is reached per mode, and keeps the value along the track over episodes', async () => {
    for (const [mode, expected] of [
      ['reverse', 1],
      ['forward', 5],
      ['none', 10],
    ] as const) {
      const run = placeReplayExperiment.create(1, { trackLength: 10, replay: mode, alpha: 1 });
      await run.step(12);
      const snap = await run.snapshot();
      expect(data(snap).episodesToReachStart, mode).toBe(expected);
      expect((await run.metrics()).episodesToReachStart).toBe(expected);
      expect((data(snap).valueHistory as Float32Array).length).toBe(12 * 10);
      expect(Array.from(data(snap).historyEpisodes as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      if (mode === 'none') expect((data(snap).lastReplayOrder as Int32Array).length).toBe(0);
    }
  });

  it('at the page defaults reverse replay reaches the start in 1 lap, forward in 8, none in 16: all 5 seeds, exactly (nothing in the track is random)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = placeReplayExperiment.create(seed, {});
      await run.step(20);
      const snap = await run.snapshot();
      expect(data(snap).compareReach, `seed ${seed}`).toEqual({ reverse: 1, forward: 8, none: 16 });
      expect(data(snap).episodesToReachStart, `seed ${seed}`).toBe(1);
    }
  });

  it('changes replay live but starts afresh when the track length changes', async () => {
    const run = placeReplayExperiment.create(1, { trackLength: 6 });
    await run.step(3);
    expect(run.setParams({ replay: 'forward', compression: 10 }).rebuilt).toBe(false);
    expect((await run.snapshot()).step).toBe(3);
    const r = run.setParams({ trackLength: 12 });
    expect(r.rebuiltBy).toEqual(['trackLength']);
    const snap = await run.snapshot();
    expect(snap.step).toBe(0);
    expect((data(snap).values as Float32Array).length).toBe(12);
  });

  it('a checkpoint restored into a fresh run carries on exactly as the original (a restarted worker resumes)', async () => {
    const params = { trackLength: 10, alpha: 0.3, gamma: 0.9, replay: 'forward' };
    const original = placeReplayExperiment.create(1, params);
    await original.step(7);
    const copy = placeReplayExperiment.create(1, params);
    copy.restore!(await original.checkpoint!());
    await original.step(5);
    await copy.step(5);
    const a = await original.snapshot();
    const b = await copy.snapshot();
    expect(b.step).toBe(12);
    expect(Array.from(data(b).values as Float32Array)).toEqual(Array.from(data(a).values as Float32Array));
    expect(data(b).episodesToReachStart).toEqual(data(a).episodesToReachStart);
    expect(Array.from(data(b).historyEpisodes as Float32Array)).toEqual(Array.from(data(a).historyEpisodes as Float32Array));
    expect(Array.from(data(b).valueHistory as Float32Array)).toEqual(Array.from(data(a).valueHistory as Float32Array));
    // A checkpoint of another track length is not forced onto this one.
    const other = placeReplayExperiment.create(1, { ...params, trackLength: 6 });
    other.restore!(await original.checkpoint!());
    expect((await other.snapshot()).step).toBe(0);
  });
});
