import { useEffect, useRef } from 'react';
import { interpolateViridis, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { palette } from './palette';
import { ViridisSwatch } from './ViridisSwatch';

interface PlaceTrackProps {
  /** Learned value of each place, start first. */
  values: ArrayLike<number>;
  /** When each place's cell fires during the run, in ms from the start of the lap. */
  runTimesMs: ArrayLike<number>;
  /** Length of the run in ms. */
  runDurationMs: number;
  /** Places in the order they fired in the last replay (empty: no replay). */
  replayOrder: ArrayLike<number>;
  /** When each of those fired, in ms from the start of the replay. */
  replayTimesMs: ArrayLike<number>;
  /** Length of the replay in ms. */
  replayDurationMs: number;
  /** Replay speed-up over the run, for the labels. */
  compression: number;
  /** Play the lap and its replay in a loop (false: a static picture, e.g. for reduced motion). */
  animate: boolean;
  /** Width in CSS pixels. */
  width: number;
  /** Accessible description of what the figure shows right now. */
  description: string;
}

const PAUSE_AT_REWARD_MS = 500;
const PAUSE_AFTER_MS = 1400;
const GLOW_MS = 220;
const margin = { left: 58, right: 20 };
const TRACK_Y = 34;
const RASTER_H = 120;
const RASTER_TOP = 84;

/**
 * A linear track of place cells coloured by learned value, the animal running it, and two spike
 * rasters on their own time axes: the run, then the replay at the reward, the same cells much faster.
 */
export function PlaceTrack(props: PlaceTrackProps) {
  const { values, runTimesMs, runDurationMs, replayOrder, replayTimesMs, replayDurationMs, compression, animate, width, description } = props;
  const n = values.length;
  const glowRefs = useRef<(SVGCircleElement | null)[]>([]);
  const agentRef = useRef<SVGGElement | null>(null);
  const runHeadRef = useRef<SVGLineElement | null>(null);
  const replayHeadRef = useRef<SVGLineElement | null>(null);
  const startRef = useRef<number | null>(null);
  const innerW = Math.max(120, width - margin.left - margin.right);
  // Side by side when there is room; on a narrow screen the replay raster goes under the run's.
  const stacked = innerW < 480;
  const gap = 28;
  const runW = stacked ? innerW : Math.max(60, Math.round((innerW - gap) * 0.62));
  const replayW = stacked ? innerW : Math.max(40, innerW - gap - runW);
  const replayAt = stacked ? { x: 0, y: RASTER_H + 64 } : { x: runW + gap, y: 0 };
  const rastersH = stacked ? 2 * RASTER_H + 64 : RASTER_H;
  const place = scaleLinear().domain([-0.5, n - 0.5]).range([0, innerW]);
  const cellR = Math.max(2.5, Math.min(11, (innerW / n) * 0.36));
  const tRun = scaleLinear().domain([0, runDurationMs]).range([0, runW]);
  const tReplay = scaleLinear().domain([0, Math.max(1, replayDurationMs)]).range([0, replayW]);
  const row = scaleLinear().domain([-0.5, n - 0.5]).range([RASTER_H, 0]);
  const tickH = Math.max(1.5, Math.min(8, (RASTER_H / n) * 0.8));
  const scaleW = (innerW * replayDurationMs) / Math.max(1, runDurationMs);
  const totalH = RASTER_TOP + rastersH + 40 + 36;

  useEffect(() => {
    const agent = agentRef.current;
    if (!animate || !agent) return;
    startRef.current ??= performance.now();
    const replayStart = runDurationMs + PAUSE_AT_REWARD_MS;
    const loop = replayStart + replayDurationMs + PAUSE_AFTER_MS;
    const firedAt = new Float64Array(n);
    const inReplay = new Uint8Array(n);
    let frame = 0;
    const tick = (now: number) => {
      const t = (now - startRef.current!) % loop;
      firedAt.fill(-Infinity);
      inReplay.fill(0);
      for (let i = 0; i < n; i++) if (runTimesMs[i]! <= t) firedAt[i] = runTimesMs[i]!;
      for (let j = 0; j < replayOrder.length; j++) {
        const at = replayStart + replayTimesMs[j]!;
        if (at <= t) {
          firedAt[replayOrder[j]!] = at;
          inReplay[replayOrder[j]!] = 1;
        }
      }
      for (let i = 0; i < n; i++) {
        const glow = glowRefs.current[i];
        const since = t - firedAt[i]!;
        glow?.setAttribute('opacity', since >= 0 && since < 3 * GLOW_MS ? Math.exp(-since / GLOW_MS).toFixed(2) : '0');
        glow?.setAttribute('stroke', inReplay[i] ? palette.vermillion : palette.blue);
      }
      const pos = Math.min(n - 0.5, (t / runDurationMs) * n - 0.5);
      agent.setAttribute('transform', `translate(${place(Math.max(-0.5, pos)).toFixed(1)},${TRACK_Y - cellR - 9})`);
      runHeadRef.current?.setAttribute('transform', `translate(${Math.min(runW, tRun(t)).toFixed(1)},0)`);
      const rt = t - replayStart;
      replayHeadRef.current?.setAttribute('opacity', rt >= 0 ? '1' : '0');
      replayHeadRef.current?.setAttribute('transform', `translate(${Math.max(0, Math.min(replayW, tReplay(rt))).toFixed(1)},0)`);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [animate, n, runTimesMs, runDurationMs, replayOrder, replayTimesMs, replayDurationMs, place, tRun, tReplay, runW, replayW, cellR]);

  const fmtMs = (ms: number) => (ms >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Math.round(ms)} ms`);
  const replayed = replayOrder.length > 0;
  return (
    <figure className="chart place-track">
      <svg width={width} height={totalH} role="img" aria-label={description}>
        <g transform={`translate(${margin.left},0)`}>
          <rect x={place(-0.5)} y={TRACK_Y - cellR - 3} width={innerW} height={2 * cellR + 6} rx={cellR + 3} className="track" />
          <text x={place(-0.5)} y={TRACK_Y + cellR + 18} className="tick-text">start</text>
          <text x={place(n - 0.5)} y={TRACK_Y + cellR + 18} textAnchor="end" className="tick-text">reward</text>
          {Array.from({ length: n }, (_, i) => (
            <g key={i} transform={`translate(${place(i)},${TRACK_Y})`}>
              <circle r={cellR + 3.5} fill="none" stroke={palette.blue} strokeWidth={3.5} opacity={0} ref={(el) => void (glowRefs.current[i] = el)} />
              <circle r={cellR} fill={interpolateViridis(Math.max(0, Math.min(1, values[i]!)))} stroke="currentColor" strokeOpacity={0.4} />
            </g>
          ))}
          <g transform={`translate(${place(n - 0.5) + 10},${TRACK_Y})`} aria-hidden="true">
            <path d="M0,-7 L2,-2 L7,-2 L3,1 L5,7 L0,3 L-5,7 L-3,1 L-7,-2 L-2,-2 Z" fill={palette.orange} />
          </g>
          {animate && (
            <g ref={agentRef} aria-hidden="true">
              <path d="M-6,-5 L6,0 L-6,5 Z" fill="currentColor" />
            </g>
          )}
          <g transform={`translate(0,${RASTER_TOP})`}>
            <text y={-8} className="raster-title">run: {fmtMs(runDurationMs)}</text>
            <Axis scale={row} orient="left" offset={0} ticks={Math.min(4, n)} label="place cell" labelGap={40} format={(v) => (Number.isInteger(v) ? String(v) : '')} />
            <Axis scale={tRun} orient="bottom" offset={RASTER_H} ticks={Math.max(2, Math.floor(runW / 80))} label="time (ms)" format={(v) => String(v)} />
            {Array.from({ length: n }, (_, i) => (
              <line key={i} x1={tRun(runTimesMs[i]!)} x2={tRun(runTimesMs[i]!)} y1={row(i) - tickH / 2} y2={row(i) + tickH / 2} stroke={palette.blue} strokeWidth={2} />
            ))}
            {animate && <line ref={runHeadRef} y1={0} y2={RASTER_H} stroke="currentColor" strokeOpacity={0.6} />}
            <g transform={`translate(${replayAt.x},${replayAt.y})`}>
              <text y={-8} className="raster-title">
                {replayed ? `replay at the reward: ${fmtMs(replayDurationMs)} (${Number(compression.toPrecision(3))}× faster)` : 'no replay at the reward'}
              </text>
              <Axis scale={tReplay} orient="bottom" offset={RASTER_H} ticks={Math.max(2, Math.floor(replayW / 80))} label="time (ms)" format={(v) => String(v)} />
              {stacked ? (
                <Axis scale={row} orient="left" offset={0} ticks={Math.min(4, n)} format={(v) => (Number.isInteger(v) ? String(v) : '')} />
              ) : (
                <line y1={0} y2={RASTER_H} stroke="currentColor" strokeOpacity={0.3} />
              )}
              {Array.from(replayOrder, (p, j) => (
                <line key={j} x1={tReplay(replayTimesMs[j]!)} x2={tReplay(replayTimesMs[j]!)} y1={row(p) - tickH / 2} y2={row(p) + tickH / 2} stroke={palette.vermillion} strokeWidth={2} />
              ))}
              {animate && replayed && <line ref={replayHeadRef} y1={0} y2={RASTER_H} stroke="currentColor" strokeOpacity={0.6} opacity={0} />}
            </g>
          </g>
          <g transform={`translate(0,${RASTER_TOP + rastersH + 48})`}>
            <text y={-4} className="tick-text">to scale:</text>
            <rect y={2} width={innerW} height={7} fill={palette.blue} opacity={0.75} />
            {replayed && <rect y={13} width={Math.max(1.5, scaleW)} height={7} fill={palette.vermillion} />}
            <text x={Math.max(1.5, scaleW) + 6} y={20} className="tick-text">
              {replayed ? 'the replay, on the run’s time scale' : ''}
            </text>
          </g>
        </g>
      </svg>
      <figcaption className="legend">
        <span><svg width="10" height="10" aria-hidden="true"><line x1="5" x2="5" y1="0" y2="10" stroke={palette.blue} strokeWidth={2} /></svg>spike during the run</span>
        <span><svg width="10" height="10" aria-hidden="true"><line x1="5" x2="5" y1="0" y2="10" stroke={palette.vermillion} strokeWidth={2} /></svg>spike during replay</span>
        <span>
          <ViridisSwatch width={60} />
          cell colour: learned value, 0 to 1
        </span>
      </figcaption>
    </figure>
  );
}
