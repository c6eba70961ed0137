import { useMemo, useState } from 'react';
import { useFrame } from '../store/use-frame';
import { useReducedMotion } from '../charts/useReducedMotion';
import { fmt, fmtInt } from '../app/format';
import type { PlaceReplayFrame } from '../core/experiments/place-replay.schema';
import type { PanelProps } from './panel-props';
import { PanelShell } from './common/PanelShell';
import { MODE_NAMES, placeFigures, reached } from './place-replay/figures';

/** The hero's answer in words: after how many laps the start knew of the reward, against the other orders. */
function verdictOf(data: PlaceReplayFrame) {
  const lap = (v: number | null) => (v === null ? 'not within 20,000 laps' : `${fmtInt(v)} ${v === 1 ? 'lap' : 'laps'}`);
  const here = data.episodesToReachStart;
  const others = (['reverse', 'forward', 'none'] as const).filter((m) => m !== data.replay);
  return (
    <p>
      Reward at the start? {here === null ? `Not yet (lap ${fmtInt(data.episodes)}).` : `Yes, after ${lap(here)} with ${MODE_NAMES[data.replay]}.`}{' '}
      From scratch, {others.map((m) => `${MODE_NAMES[m]} needs ${lap(reached(data.compareReach[m]))}`).join(' and ')}.
    </p>
  );
}

function Explanation({ data }: { data: PlaceReplayFrame }) {
  return (
    <>
      <dl className="readouts">
        <div><dt>laps run</dt><dd data-testid="place-episodes">{fmtInt(data.episodes)}</dd></div>
        <div><dt>reward reached the start at lap</dt><dd>{data.episodesToReachStart ?? '—'}</dd></div>
        <div><dt>start at half its final value at lap</dt><dd>{data.episodesToHalfValue ?? '—'}</dd></div>
        <div><dt>value at the start</dt><dd>{fmt(data.values[0])}</dd></div>
      </dl>
      <div className="explain">
        <h3>Why the order matters</h3>
        <p>
          A temporal-difference update moves value one place back: place i learns from what place i + 1 is worth now.
          Replayed from the reward backwards, every update reads a value the previous update has just refreshed, so one
          sweep carries the reward all the way to the start. Replayed forwards, each update reads a neighbour that has not
          been refreshed yet, so the news creeps back one place per lap, like learning online while running.
        </p>
        <p>
          Backprop through time has the same shape: its backward pass visits states from the last to the first, which is
          why it needs the forward states in reverse order (see the memory panel). Foster &amp; Wilson (2006) saw reverse
          sequences at the reward; Diba &amp; Buzsáki (2007) saw forward ones before a run. In machine learning, episodic
          backward updates and reverse experience replay use the same order.
        </p>
      </div>
    </>
  );
}

/**
 * Panel for reverse replay: value spreading back along the track lap by lap (the hero), the track with
 * place cells firing during the run and replaying at the reward, and how many laps each order needs.
 */
export function HippocampusPanel({ hidden }: PanelProps) {
  const snapshot = useFrame('place-replay');
  const reducedMotion = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const data = snapshot?.data ?? null;
  const n = data?.trackLength ?? 0;
  const placeAxis = useMemo(() => Float32Array.from({ length: n }, (_, i) => i), [n]);
  const track = { reducedMotion, paused, togglePause: () => setPaused((p) => !p), placeAxis };
  return (
    <PanelShell
      id="place-replay"
      title="Hippocampus: replaying the run backwards at the reward"
      claim={
        <>
          Place cells fire in order as a rat runs a track; at the reward they often fire again in reverse, compressed
          (Foster &amp; Wilson, 2006). Here an agent learns each place&apos;s value by temporal-difference updates and
          replays the lap backwards, forwards or not at all: backwards carries the reward to the start in one lap.
        </>
      }
      hidden={hidden}
      figures={data ? placeFigures(data, track) : null}
      verdict={data ? verdictOf(data) : undefined}
      more={data ? <Explanation data={data} /> : undefined}
      stepUnit="lap"
    />
  );
}
