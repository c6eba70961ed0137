/**
 * The place-replay panel's figures, drawn from one frame: value over laps (the hero: the current
 * learner's record, with the laps the other replay orders would need marked on it), the track with
 * its place cells, the value along the track now, and the laps each order needs from scratch.
 */
import { LineChart } from '../../charts/LineChart';
import { PlaceTrack } from '../../charts/PlaceTrack';
import { ValueHeatmap } from '../../charts/ValueHeatmap';
import { BarCompare, type Bar } from '../../charts/BarCompare';
import { palette } from '../../charts/palette';
import type { PlaceReplayFrame } from '../../core/experiments/place-replay.schema';
import { fmt, fmtInt } from '../../app/format';
import type { FigureMap } from '../common/PanelShell';
import { WATCH_SPEEDS, WatchAgain } from '../common/WatchAgain';

type ReplayMode = PlaceReplayFrame['replay'];

export const MODE_COLORS: Record<ReplayMode, string> = { reverse: palette.vermillion, forward: palette.blue, none: palette.grey };
export const MODE_NAMES: Record<ReplayMode, string> = { reverse: 'reverse replay', forward: 'forward replay', none: 'no replay' };
export const MODES: readonly ReplayMode[] = ['reverse', 'forward', 'none'];

/** A lap count of the comparison, or null when the learner did not get there (-1). */
export const reached = (v: number | undefined) => (v === undefined || v < 0 ? null : v);

export interface TrackState {
  reducedMotion: boolean;
  paused: boolean;
  togglePause: () => void;
  placeAxis: Float32Array;
}

function comparisonGroups(data: PlaceReplayFrame) {
  const bars = (laps: Record<ReplayMode, number>) =>
    MODES.map((m): Bar => ({ label: MODE_NAMES[m], value: reached(laps[m]), color: MODE_COLORS[m], active: m === data.replay }));
  return [
    { title: 'Laps until any reward reaches the start', bars: bars(data.compareReach) },
    { title: 'Laps until the start holds half its final value', bars: bars(data.compareHalf) },
  ];
}

export function placeFigures(data: PlaceReplayFrame, track: TrackState): FigureMap<'place-replay'> {
  const n = data.trackLength;
  const mode = data.replay;
  const rows = data.historyEpisodes.length;
  const groups = comparisonGroups(data);
  // The other orders' laps to the start, marked on this learner's record.
  const others = MODES.filter((m) => m !== mode && reached(data.compareReach[m]) !== null).map((m) => ({
    episode: data.compareReach[m],
    label: `${MODE_NAMES[m]}: lap ${data.compareReach[m]}`,
    color: MODE_COLORS[m],
  }));
  return {
    valueOverLaps: {
      title: `Value of every place, lap by lap: ${MODE_NAMES[mode]}`,
      render: (box) =>
        rows > 0 ? (
          <ValueHeatmap
            values={data.valueHistory}
            episodes={data.historyEpisodes}
            places={n}
            markEpisode={data.episodesToReachStart}
            markLabel={`this run: reward at the start, lap ${data.episodesToReachStart ?? ''}`}
            marks={others}
            width={box.width}
            height={Math.max(160, box.height - 30)}
            description={`Value of every place after each of ${rows} recorded laps, from lap ${data.historyEpisodes[0]} to ${data.historyEpisodes[rows - 1]}.`}
          />
        ) : (
          <p className="refused-figure">No laps yet: press Train or Step.</p>
        ),
      caption: (
        <>
          Each row is one lap, the start on the left, the reward on the right; brighter is more valuable. Dashed lines:
          the lap at which the reward first reaches the start under each replay order.
          {rows > 0 && data.historyEpisodes[0]! > 1 && ' The record keeps a bounded number of rows, so the first laps are thinned out.'}{' '}
          <WatchAgain speedIndex={WATCH_SPEEDS.lap}>Start over at 1 lap per second</WatchAgain>
        </>
      ),
    },
    track: {
      title: `The track after ${fmtInt(data.episodes)} ${data.episodes === 1 ? 'lap' : 'laps'}: the run, then ${MODE_NAMES[mode]}`,
      render: (box) => (
        <PlaceTrack
          values={data.values}
          runTimesMs={data.runTimesMs}
          runDurationMs={data.runDurationMs}
          replayOrder={data.lastReplayOrder}
          replayTimesMs={data.lastReplayTimesMs}
          replayDurationMs={data.replayDurationMs}
          compression={data.compression}
          animate={!track.reducedMotion && !track.paused}
          width={box.width}
          description={
            `A track of ${n} places. During the run the place cells fire in order over ${fmtInt(data.runDurationMs)} ms. ` +
            (data.lastReplayOrder.length > 0
              ? `At the reward they replay in ${mode} order in ${fmtInt(data.replayDurationMs)} ms, ${fmt(data.compression)} times faster. `
              : 'There is no replay at the reward. ') +
            `Learned value at the start: ${fmt(data.values[0])}.`
          }
        />
      ),
      caption: track.reducedMotion ? (
        'Animation is off because your system asks for reduced motion; both spike sequences are drawn in full.'
      ) : (
        <button type="button" className="small" onClick={track.togglePause} aria-pressed={track.paused}>
          {track.paused ? '▶ Play the lap' : '❚❚ Pause the lap'}
        </button>
      ),
    },
    valueNow: {
      title: 'Value along the track now',
      render: (box) => (
        <LineChart
          width={box.width}
          height={box.height}
          xLabel="place (start → reward)"
          yLabel="value V"
          description={`Learned value of each of the ${n} places after ${data.episodes} laps: ${fmt(data.values[0])} at the start and ${fmt(data.values[n - 1])} next to the reward; it converges to γ to the power of the places left.`}
          series={[
            { name: 'learned value', color: MODE_COLORS[mode], x: track.placeAxis, y: data.values },
            { name: 'value it converges to (γ^steps left)', color: palette.grey, x: track.placeAxis, y: data.trueValues, dashed: true },
          ]}
        />
      ),
    },
    compare: {
      title: 'Reverse, forward or no replay, each learner starting from zero',
      render: (box) => (
        <BarCompare
          groups={groups}
          xLabel="laps, each learner starting from zero"
          notReached="not within 20,000 laps"
          width={box.width}
          description={groups.map((g) => `${g.title}: ${g.bars.map((b) => `${b.label} ${b.value === null ? 'never' : b.value}`).join(', ')}`).join('. ')}
        />
      ),
    },
  };
}
