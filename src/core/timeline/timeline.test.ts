import { describe, expect, it } from 'vitest';
import { CheckpointTimeline, TIMELINE_MAX_BYTES, checkpointBytes } from './timeline';
import type { RunCheckpoint } from '../experiment';

const cp = (step: number, floats = 10): RunCheckpoint => ({ step, arrays: { theta: new Float32Array(floats) }, numbers: { n: 1 } });

describe('CheckpointTimeline', () => {
  it('counts a checkpoint by its arrays and 8 bytes a number', () => {
    expect(checkpointBytes(cp(0, 100))).toBe(408);
  });

  it('after 100,000 steps checkpointed every 100 it keeps 64, the start and the newest, spaced geometrically', () => {
    const t = new CheckpointTimeline();
    for (let s = 0; s <= 100_000; s += 100) t.add(cp(s));
    const steps = t.steps;
    expect(steps.length).toBe(64);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(100_000);
    // Gap against age: every gap is within a factor 4 of (age × a constant), i.e. geometric spacing
    // (a uniform spacing would put gaps of ~1,600 steps next to the present). Within the last 1,000
    // steps the gaps are the recording interval, the finest there is.
    const now = 100_000;
    const ratios: number[] = [];
    for (let i = 1; i < steps.length - 1; i++) if (now - steps[i]! >= 1_000) ratios.push((steps[i + 1]! - steps[i]!) / (now - steps[i]!));
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    for (const r of ratios) {
      expect(r).toBeGreaterThan(median / 4);
      expect(r).toBeLessThan(median * 4);
    }
    expect(steps.slice(-10)).toEqual([99_100, 99_200, 99_300, 99_400, 99_500, 99_600, 99_700, 99_800, 99_900, 100_000]);
  });

  it('stays within its memory bound, thinning by bytes when checkpoints are large', () => {
    const t = new CheckpointTimeline();
    const floats = (2 * 1024 * 1024) / 4; // 2 MB each
    for (let s = 0; s <= 5_000; s += 50) {
      t.add(cp(s, floats));
      expect(t.bytes).toBeLessThanOrEqual(TIMELINE_MAX_BYTES);
    }
    expect(t.length).toBe(Math.floor(TIMELINE_MAX_BYTES / checkpointBytes(cp(0, floats))));
    expect(t.steps[0]).toBe(0);
  });

  it('refuses a checkpoint over half the bound, saying why, and keeps what it had', () => {
    const t = new CheckpointTimeline(1000);
    t.add(cp(0, 10));
    const r = t.add(cp(1, 200));
    expect(r.kept).toBe(false);
    if (!r.kept) expect(r.reason).toMatch(/more than half the timeline/);
    expect(t.steps).toEqual([0]);
  });

  it('nearest finds the latest at or before a step; truncateAfter abandons the future', () => {
    const t = new CheckpointTimeline();
    for (const s of [0, 10, 20, 30]) t.add(cp(s));
    expect(t.nearest(25)!.step).toBe(20);
    expect(t.nearest(30)!.step).toBe(30);
    expect(t.nearest(-5)!.step).toBe(0);
    expect(t.truncateAfter(10)).toBe(2);
    expect(t.steps).toEqual([0, 10]);
    // A step behind the newest (a branch the caller did not truncate) truncates first.
    t.add(cp(15));
    t.add(cp(12));
    expect(t.steps).toEqual([0, 10, 12]);
    expect(t.bytes).toBe(3 * checkpointBytes(cp(0)));
  });
});
