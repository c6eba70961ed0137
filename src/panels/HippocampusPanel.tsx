import { useMemo, useState } from 'react';
import { useApp } from '../store/store';
import { setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart } from '../charts/LineChart';
import { PlaceTrack } from '../charts/PlaceTrack';
import { ValueHeatmap } from '../charts/ValueHeatmap';
import { BarCompare, type Bar } from '../charts/BarCompare';
import { useWidth } from '../charts/useWidth';
import { useReducedMotion } from '../charts/useReducedMotion';
import { palette } from '../charts/palette';
import { placeReplaySchema } from '../core/experiments/place-replay.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { WATCH_SPEEDS, WatchAgain } from './common/WatchAgain';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

type Mode = 'reverse' | 'forward' | 'none';

/** What the place-replay snapshot carries (src/core/experiments/place-replay.ts, snapshot()). */
interface PlaceFrameData {
  trackLength: number;
  replay: Mode;
  episodes: number;
  values: Float32Array;
  trueValues: Float32Array;
  historyEpisodes: Float32Array;
  valueHistory: Float32Array;
  episodesToReachStart: number | null;
  episodesToHalfValue: number | null;
  compareReach: Record<Mode, number>;
  compareHalf: Record<Mode, number>;
  lastReplayOrder: Int32Array;
  lastReplayTimesMs: Float32Array;
  replayDurationMs: number;
  runTimesMs: Float32Array;
  runDurationMs: number;
  compression: number;
}

const MODE_COLORS: Record<Mode, string> = { reverse: palette.vermillion, forward: palette.blue, none: palette.grey };
const MODE_NAMES: Record<Mode, string> = { reverse: 'reverse replay', forward: 'forward replay', none: 'no replay' };
const MODES: Mode[] = ['reverse', 'forward', 'none'];

/**
 * Panel for reverse replay: the track with place cells firing during the run and replaying at the
 * reward, value spreading back along the track, and how many laps each replay order needs.
 */
export function HippocampusPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const reducedMotion = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'place-replay' ? (frame.snapshot.data as unknown as PlaceFrameData) : null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, Math.max(200, chartW * 0.58)));
  const n = data?.trackLength ?? 0;
  const placeAxis = useMemo(() => Float32Array.from({ length: n }, (_, i) => i), [n]);
  const reach = (v: number | undefined) => (v === undefined || v < 0 ? null : v);
  const mode = data?.replay ?? 'reverse';
  const groups = data
    ? [
        {
          title: 'Laps until any reward reaches the start',
          bars: MODES.map((m): Bar => ({ label: MODE_NAMES[m], value: reach(data.compareReach[m]), color: MODE_COLORS[m], active: m === mode })),
        },
        {
          title: 'Laps until the start holds half its final value',
          bars: MODES.map((m): Bar => ({ label: MODE_NAMES[m], value: reach(data.compareHalf[m]), color: MODE_COLORS[m], active: m === mode })),
        },
      ]
    : [];

  return (
    <section className="panel" aria-labelledby="hippo-title" data-testid="panel-place-replay">
      <header className="panel-head">
        <h2 id="hippo-title">Hippocampus: replaying the run backwards at the reward</h2>
        <p>
          Place cells in a rat&apos;s hippocampus each fire at one spot of a track, so a run along it plays them in order.
          When the rat stops at the reward, the same cells often fire again in the opposite order, from the reward back to
          the start, packed into a fraction of a second (Foster &amp; Wilson, 2006). Here an agent learns how valuable
          each place is by temporal-difference updates; at the reward it replays the lap backwards, forwards or not at all,
          and you can see which order carries news of the reward back to the start.
        </p>
      </header>
      <div className="panel-body">
        <aside className="controls" aria-label="Replay settings">
          <ParamGroup schema={placeReplaySchema} values={params} onChange={(key, v) => void setParam(key, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              <div className="figure-block">
                <div className="figure-title-row">
                  <h3>
                    The track after {fmtInt(data.episodes)} {data.episodes === 1 ? 'lap' : 'laps'}: the run, then {MODE_NAMES[mode]}
                  </h3>
                  <span className="button-row">
                    {!reducedMotion && (
                      <button type="button" className="small" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
                        {paused ? '▶ Play the lap' : '❚❚ Pause the lap'}
                      </button>
                    )}
                    <WatchAgain speedIndex={WATCH_SPEEDS.lap}>Start over at 1 lap per second</WatchAgain>
                  </span>
                </div>
                <PlaceTrack
                  values={data.values}
                  runTimesMs={data.runTimesMs}
                  runDurationMs={data.runDurationMs}
                  replayOrder={data.lastReplayOrder}
                  replayTimesMs={data.lastReplayTimesMs}
                  replayDurationMs={data.replayDurationMs}
                  compression={data.compression}
                  animate={!reducedMotion && !paused}
                  width={width}
                  description={
                    `A track of ${n} places. During the run the place cells fire in order over ${fmtInt(data.runDurationMs)} ms. ` +
                    (data.lastReplayOrder.length > 0
                      ? `At the reward they replay in ${mode} order in ${fmtInt(data.replayDurationMs)} ms, ${fmt(data.compression)} times faster. `
                      : 'There is no replay at the reward. ') +
                    `Learned value at the start: ${fmt(data.values[0])}.`
                  }
                />
                {reducedMotion && <p className="hint">Animation is off because your system asks for reduced motion; both spike sequences are drawn in full.</p>}
              </div>
              <div className="figure-row">
                <div>
                  <h3>Value along the track now</h3>
                  <LineChart
                    width={chartW}
                    height={chartH}
                    xLabel="place (start → reward)"
                    yLabel="value V"
                    description={`Learned value of each of the ${n} places after ${data.episodes} laps: ${fmt(data.values[0])} at the start and ${fmt(data.values[n - 1])} next to the reward; it converges to γ to the power of the places left.`}
                    series={[
                      { name: 'learned value', color: MODE_COLORS[mode], x: placeAxis, y: data.values },
                      { name: 'value it converges to (γ^steps left)', color: palette.grey, x: placeAxis, y: data.trueValues, dashed: true },
                    ]}
                  />
                </div>
                <div>
                  <h3>Value over laps</h3>
                  {data.historyEpisodes.length > 0 ? (
                    <ValueHeatmap
                      values={data.valueHistory}
                      episodes={data.historyEpisodes}
                      places={n}
                      markEpisode={data.episodesToReachStart}
                      markLabel="reward reaches the start"
                      width={chartW}
                      height={chartH}
                      description={`Value of every place after each of ${data.historyEpisodes.length} recorded laps, from lap ${data.historyEpisodes[0]} to ${data.historyEpisodes[data.historyEpisodes.length - 1]}.`}
                    />
                  ) : (
                    <p className="refused-figure">No laps yet: press Train or Step.</p>
                  )}
                  {data.historyEpisodes.length > 0 && data.historyEpisodes[0]! > 1 && (
                    <p className="hint">
                      The record keeps a bounded number of rows, so after many laps the first ones are thinned out. To watch the
                      value spread back lap by lap, start over at 1 lap per second.
                    </p>
                  )}
                </div>
              </div>
              <div className="figure-row">
                <div>
                  <h3>Reverse, forward or no replay</h3>
                  <BarCompare
                    groups={groups}
                    xLabel="laps, each learner starting from zero"
                    notReached="not within 20,000 laps"
                    width={chartW}
                    description={groups
                      .map((g) => `${g.title}: ${g.bars.map((b) => `${b.label} ${b.value === null ? 'never' : b.value}`).join(', ')}`)
                      .join('. ')}
                  />
                  <dl className="readouts">
                    <div><dt>laps run</dt><dd data-testid="place-episodes">{fmtInt(data.episodes)}</dd></div>
                    <div><dt>reward reached the start at lap</dt><dd>{data.episodesToReachStart ?? '—'}</dd></div>
                    <div><dt>start at half its final value at lap</dt><dd>{data.episodesToHalfValue ?? '—'}</dd></div>
                    <div><dt>value at the start</dt><dd>{fmt(data.values[0])}</dd></div>
                  </dl>
                </div>
                <div className="explain">
                  <h3>Why the order matters</h3>
                  <p>
                    A temporal-difference update moves value one place back: place i learns from what place i + 1 is worth
                    now. Replayed from the reward backwards, every update reads a value the previous update has just
                    refreshed, so one sweep carries the reward all the way to the start. Replayed forwards, each update reads
                    a neighbour that has not been refreshed yet, so the news creeps back one place per lap, like learning
                    online while running.
                  </p>
                  <p>
                    Backprop through time has the same shape: its backward pass visits states from the last to the first,
                    which is why it needs the forward states in reverse order (see the memory panel). Foster &amp; Wilson
                    (2006) saw reverse sequences at the reward; Diba &amp; Buzsáki (2007) saw forward ones before a run.
                    In machine learning, episodic backward updates and reverse experience replay use the same order.
                  </p>
                </div>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
