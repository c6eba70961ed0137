/**
 * Drive a run for up to `steps` steps and say why it stopped. A run may take fewer steps than asked
 * without diverging: it refuses (a plan over its memory or work limit) or it has used its own budget.
 * Runs say which in their snapshot (`data.refused` / `data.trainingRefused` / `data.mainReason` for a
 * refusal, `data.done` for a spent budget); a run that takes no step and says neither is stuck, and
 * the CLI reports it instead of asking again forever.
 */
import type { Divergence, Run, Snapshot } from '../core/experiment';

/** Steps asked of the run per call, so a long run reads its losses (and can diverge) in slices. */
export const CHUNK = 100;
/** Calls in a row that take no step, with no reason given, before the run counts as stuck. */
export const NO_PROGRESS_TRIES = 3;

export type StoppedBy = 'steps' | 'budget' | 'diverged';

/** The experiment will not train these settings; the message is its reason. The CLI exits 2. */
export class RefusedError extends Error {}
/** The run stopped taking steps without a reason. The CLI exits 1. */
export class NoProgressError extends Error {}

export interface DriveResult {
  done: number;
  stoppedBy: StoppedBy;
  diverged: Divergence | null;
}

const REFUSAL_KEYS = ['refused', 'trainingRefused', 'mainReason'] as const;

/** Why a run that took no step is idle, read from its snapshot. */
export function idleReason(snapshot: Snapshot): { refused: string } | { budget: true } | null {
  for (const key of REFUSAL_KEYS) {
    const reason = snapshot.data[key];
    if (typeof reason === 'string' && reason.trim() !== '') return { refused: reason };
  }
  return snapshot.data.done === true ? { budget: true } : null;
}

export async function drive(run: Run, steps: number): Promise<DriveResult> {
  let done = 0;
  let idle = 0;
  while (done < steps) {
    const asked = Math.min(CHUNK, steps - done);
    const r = await run.step(asked);
    const taken = Number.isFinite(r.taken) ? Math.max(0, Math.min(asked, Math.floor(r.taken))) : 0;
    done += taken;
    if (r.diverged) return { done, stoppedBy: 'diverged', diverged: r.diverged };
    if (taken > 0) {
      idle = 0;
      continue;
    }
    const why = idleReason(await run.snapshot());
    if (why && 'refused' in why) throw new RefusedError(why.refused);
    if (why) return { done, stoppedBy: 'budget', diverged: null };
    idle++;
    if (idle >= NO_PROGRESS_TRIES) {
      throw new NoProgressError(`the run took no step in ${idle} calls in a row at step ${done} and gave no reason (no refusal, no spent budget)`);
    }
  }
  return { done, stoppedBy: 'steps', diverged: null };
}
