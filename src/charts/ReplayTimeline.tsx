import { useEffect, useMemo, useRef } from 'react';
import { format, scaleLinear } from 'd3';
import { Axis } from './Axis';
import { palette } from './palette';
import { markColor } from './theme-marks';
import { describeOp, playheadAt, timelineMarks, type ScheduleArrays } from './timeline-marks';

interface ReplayTimelineProps {
  /** The schedule, one entry per operation (see timeline-marks.ts). */
  schedule: ScheduleArrays;
  /** Steps reversed: the top of the time axis. */
  T: number;
  /** Total work (forward + backward steps): the right end of the operation axis. */
  cost: number;
  /** Width in CSS pixels, axes included. */
  width: number;
  /** Height of the schedule plot in CSS pixels (the memory strip and the axis add about 110). */
  height: number;
  /** Move a playhead along the operations (false: a static picture, e.g. for reduced motion). */
  animate: boolean;
  /** Accessible description of what the timeline shows right now. */
  description: string;
}

/** Above this many operations the schedule is painted on a canvas instead of SVG paths. */
const CANVAS_FROM_OPS = 1500;
/** One pass of the playhead over the work, then a pause at the end. */
const SWEEP_MS = 9000;
const HOLD_MS = 1500;
const STRIP_H = 56;
const GAP = 10;
const margin = { top: 8, right: 14, bottom: 40, left: 58 };

const colors = {
  sweep: palette.blue,
  recompute: palette.orange,
  backward: palette.vermillion,
  kept: palette.green,
  restore: palette.grey,
};

/**
 * The reverse-replay timeline: time step up, operations in order to the right (spaced by the work each
 * one does). The forward sweep rises, recomputation from checkpoints rises again, kept checkpoints are
 * horizontal bars, and the backward pass falls from T to 1. A strip below counts checkpoints held.
 */
export function ReplayTimeline({ schedule, T, cost, width, height, animate, description }: ReplayTimelineProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const headRef = useRef<SVGGElement | null>(null);
  const dotRef = useRef<SVGCircleElement | null>(null);
  const readoutRef = useRef<HTMLParagraphElement | null>(null);
  const startRef = useRef<number | null>(null);
  const innerW = Math.max(40, width - margin.left - margin.right);
  const innerH = Math.max(60, height - margin.top);
  const stripTop = innerH + GAP;
  const totalH = margin.top + stripTop + STRIP_H + margin.bottom;
  const useCanvas = schedule.kind.length > CANVAS_FROM_OPS;
  const marks = useMemo(() => timelineMarks(schedule, T, cost), [schedule, T, cost]);
  const peak = useMemo(() => schedule.live.reduce((m, v) => Math.max(m, v), 1), [schedule]);

  const x = useMemo(() => scaleLinear().domain([0, Math.max(1, cost)]).range([0, innerW]), [cost, innerW]);
  const y = useMemo(() => scaleLinear().domain([0, T]).range([innerH, 0]), [T, innerH]);
  const ys = scaleLinear().domain([0, peak]).range([STRIP_H, 0]);

  const paths = useMemo(() => {
    const seg = (flat: number[]) => {
      let d = '';
      for (let i = 0; i < flat.length; i += 4) d += `M${x(flat[i]!).toFixed(1)},${y(flat[i + 1]!).toFixed(1)}L${x(flat[i + 2]!).toFixed(1)},${y(flat[i + 3]!).toFixed(1)}`;
      return d;
    };
    let kept = '';
    for (let i = 0; i < marks.kept.length; i += 3) {
      const yy = y(marks.kept[i + 2]!).toFixed(1);
      kept += `M${x(marks.kept[i]!).toFixed(1)},${yy}H${Math.max(x(marks.kept[i]!) + 1, x(marks.kept[i + 1]!)).toFixed(1)}`;
    }
    let restores = '';
    for (let i = 0; i < marks.restores.length; i += 3) {
      const xx = x(marks.restores[i]!).toFixed(1);
      restores += `M${xx},${y(marks.restores[i + 1]!).toFixed(1)}V${y(marks.restores[i + 2]!).toFixed(1)}`;
    }
    return { sweep: seg(marks.sweep), recompute: seg(marks.recompute), backward: seg(marks.backward), kept, restores };
  }, [marks, x, y]);

  // Checkpoints held, as the most held within each pixel column, so the strip never grows with the schedule.
  const strip = useMemo(() => {
    const cols = new Float64Array(Math.ceil(innerW) + 1);
    for (let i = 0; i < schedule.clock.length; i++) {
      const c = Math.min(cols.length - 1, Math.max(0, Math.floor(x(schedule.clock[i]!))));
      cols[c] = Math.max(cols[c]!, schedule.live[i]!);
    }
    let held = 0;
    let d = `M0,${ys(0)}`;
    for (let c = 0; c < cols.length; c++) {
      held = cols[c]! > 0 || c === 0 ? cols[c]! : held;
      d += `L${c},${ys(held).toFixed(1)}L${c + 1},${ys(held).toFixed(1)}`;
    }
    return `${d}L${cols.length},${ys(0)}Z`;
  }, [schedule, x, ys, innerW]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !useCanvas) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = Math.round(innerW * dpr);
    canvas.height = Math.round(innerH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, innerW, innerH);
    const stroke = (d: string, color: string, widthPx: number, alpha = 1) => {
      ctx.globalAlpha = alpha;
      ctx.strokeStyle = markColor(canvas, color);
      ctx.lineWidth = widthPx;
      ctx.stroke(new Path2D(d));
    };
    // Thousands of bars share each pixel row at large T: fade them so the pile reads as density.
    stroke(paths.kept, colors.kept, 1, Math.max(0.03, Math.min(0.35, (0.35 * innerH) / Math.max(1, T))));
    stroke(paths.restores, colors.restore, 0.8, 0.5);
    stroke(paths.recompute, colors.recompute, 1.4);
    stroke(paths.sweep, colors.sweep, 1.8);
    stroke(paths.backward, colors.backward, 1.8);
    ctx.globalAlpha = 1;
  }, [paths, useCanvas, innerW, innerH, T]);

  useEffect(() => {
    const head = headRef.current;
    const dot = dotRef.current;
    const readout = readoutRef.current;
    if (!readout) return;
    if (!head || !dot || !animate || schedule.kind.length === 0) {
      readout.textContent = '';
      return;
    }
    startRef.current ??= performance.now();
    let frame = 0;
    let shown = -2;
    const tick = (now: number) => {
      const t = (now - startRef.current!) % (SWEEP_MS + HOLD_MS);
      const work = Math.min(1, t / SWEEP_MS) * cost;
      const at = playheadAt(schedule, work);
      head.setAttribute('transform', `translate(${x(work).toFixed(1)},0)`);
      dot.setAttribute('cy', y(at.y).toFixed(1));
      if (at.index !== shown) {
        shown = at.index;
        readout.textContent =
          at.index < 0
            ? ''
            : `Operation ${(at.index + 1).toLocaleString('en-US')} of ${schedule.kind.length.toLocaleString('en-US')}: ` +
              `${describeOp(schedule, at.index, marks.recomputes[at.index] === 1)} · ${schedule.live[at.index]} checkpoints held`;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [animate, schedule, marks, cost, x, y]);

  const fmtWork = format('~s');
  return (
    <figure className="chart replay-timeline">
      <div style={{ position: 'relative', width, height: totalH }}>
        {useCanvas && (
          <canvas
            ref={canvasRef}
            aria-hidden="true"
            style={{ position: 'absolute', left: margin.left, top: margin.top, width: innerW, height: innerH }}
          />
        )}
        <svg width={width} height={totalH} role="img" aria-label={description} style={{ position: 'absolute', inset: 0 }}>
          <g transform={`translate(${margin.left},${margin.top})`}>
            <Axis scale={y} orient="left" offset={0} label="time step t" gridLength={innerW} ticks={5} labelGap={44} />
            <line x1={0} x2={innerW} y1={innerH} y2={innerH} stroke="currentColor" />
            {!useCanvas && (
              <g fill="none" strokeLinecap="round">
                <path d={paths.kept} stroke={colors.kept} strokeOpacity={0.45} strokeWidth={1.5} />
                <path d={paths.restores} stroke={colors.restore} strokeOpacity={0.6} strokeDasharray="2 2" />
                <path d={paths.recompute} stroke={colors.recompute} strokeWidth={1.8} />
                <path d={paths.sweep} stroke={colors.sweep} strokeWidth={2.2} />
                <path d={paths.backward} stroke={colors.backward} strokeWidth={2.2} />
              </g>
            )}
            <g transform={`translate(0,${stripTop})`}>
              <path d={strip} fill={colors.kept} fillOpacity={0.35} stroke={colors.kept} strokeWidth={1} />
              <Axis scale={ys} orient="left" offset={0} ticks={2} label="kept" labelGap={44} format={(v) => (Number.isInteger(v) ? String(v) : '')} />
              <Axis scale={x} orient="bottom" offset={STRIP_H} ticks={Math.max(2, Math.floor(innerW / 90))} format={(v) => fmtWork(v)} label={innerW < 480 ? 'operations in order (by work done)' : 'operations in order, spaced by the work done (forward + backward steps)'} />
            </g>
            {animate && (
              <g ref={headRef} aria-hidden="true" className="playhead">
                <line y1={0} y2={stripTop + STRIP_H} stroke="currentColor" strokeWidth={1.5} strokeOpacity={0.75} />
                <circle ref={dotRef} r={4.5} cx={0} cy={innerH} style={{ fill: 'var(--panel)' }} stroke="currentColor" strokeWidth={2} />
              </g>
            )}
          </g>
        </svg>
      </div>
      <p className="timeline-readout" ref={readoutRef} aria-hidden="true" />
      <figcaption className="legend">
        <LegendLine color={colors.sweep} text="forward sweep" />
        <LegendLine color={colors.kept} text="checkpoint kept (bar: how long)" faint />
        <LegendLine color={colors.recompute} text="recomputation from a checkpoint" />
        <LegendLine color={colors.backward} text="backward pass, T down to 1" />
        {marks.restores.length > 0 && <LegendLine color={colors.restore} text="reload a checkpoint" dashed />}
      </figcaption>
    </figure>
  );
}

function LegendLine({ color, text, dashed = false, faint = false }: { color: string; text: string; dashed?: boolean; faint?: boolean }) {
  return (
    <span>
      <svg width="18" height="8" aria-hidden="true">
        <line x1="0" x2="18" y1="4" y2="4" stroke={color} strokeWidth={faint ? 3 : 2} strokeOpacity={faint ? 0.5 : 1} strokeDasharray={dashed ? '2 2' : undefined} />
      </svg>
      {text}
    </span>
  );
}
