import { useEffect, useRef } from 'react';
import { interpolateViridis, scaleLog } from 'd3';
import { ViridisSwatch } from './ViridisSwatch';
import { ChartFrame } from './ChartFrame';
import { fitCanvas } from './raster';
import { pageColors } from './palette';
import { themeValue } from './theme-marks';

export interface CreditRow {
  /** Short name at the left of the row. */
  label: string;
  /** Mean credit per event in each bin (empty: nothing to draw, `note` says why). */
  values: Float32Array;
  /** Shown across the row instead of the raster (e.g. "diverged", "paused"). */
  note?: string;
}

interface CreditRasterProps {
  rows: CreditRow[];
  /** Bin edges over events, 0-based: bin i covers events edges[i] … edges[i+1] − 1. */
  edges: Int32Array;
  /** Events in the sequence. */
  T: number;
  /** Event numbers (1-based) to mark with a tick above the raster, e.g. quizzes. */
  marks?: { at: number[]; label: string };
  width: number;
  /**
   * Height the raster (axis included, legend not) may fill: rows grow from 26 px up to 64 to fill it, so
   * a hero figure uses the screen it is given. Without it rows are 26 px.
   */
  height?: number;
  /** Accessible description of what the raster shows right now. */
  description: string;
}

/** Colour scale floor: credit per event below 10^FLOOR is drawn as the darkest colour. */
const FLOOR = -5;
const ROW_H = 26;
const MAX_ROW_H = 64;
/** Rows at least this tall get larger labels (lecture screens), with room for them on the left. */
const BIG_ROW_H = 36;
const MARGIN = { top: 16, right: 12, bottom: 40, left: 92 };
/** A cell with no credit at all, in the theme's quiet grey (`--cell-none`: near-white glared in the dark theme). */
const NONE = `var(--cell-none, ${pageColors.light['cell-none']})`;
const colour = (v: number, none: string) => (v > 0 ? interpolateViridis(Math.max(0, Math.min(1, (Math.log10(v) - FLOOR) / -FLOOR))) : none);

/**
 * Credit per event over time (across, log scale, the choice at the left edge) for several learners
 * (one row each): a canvas raster under SVG labels and axis, with a log colour scale.
 */
export function CreditRaster({ rows, edges, T, marks, width, height: room, description }: CreditRasterProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const fill = room === undefined || rows.length === 0 ? ROW_H : Math.floor((room - MARGIN.top - MARGIN.bottom) / rows.length);
  const rowH = Math.max(ROW_H, Math.min(MAX_ROW_H, fill));
  const big = rowH >= BIG_ROW_H;
  const margin = big ? { ...MARGIN, left: 124 } : MARGIN;
  const labelStyle = big ? { fontSize: 14 } : undefined;
  const innerW = Math.max(60, width - margin.left - margin.right);
  const innerH = rows.length * rowH;
  const height = innerH + margin.top + margin.bottom;
  // Event n (1-based) occupies [n, n + 1) on a log axis, so the first event has a visible width.
  const x = scaleLog().domain([1, T + 1]).range([0, innerW]);
  const ticks = [1, 10, 100, 1000, 10000].filter((v) => v <= T);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    fitCanvas(canvas, ctx, innerW, innerH);
    const none = themeValue(canvas, '--cell-none', pageColors.light['cell-none']);
    rows.forEach((row, r) => {
      if (row.values.length === 0) {
        ctx.fillStyle = none;
        ctx.fillRect(0, r * rowH + 1, innerW, rowH - 2);
        return;
      }
      for (let i = 0; i + 1 < edges.length && i < row.values.length; i++) {
        const x0 = x(edges[i]! + 1);
        const x1 = x(edges[i + 1]! + 1);
        ctx.fillStyle = colour(row.values[i]!, none);
        ctx.fillRect(x0, r * rowH + 1, Math.max(1, x1 - x0 + 0.5), rowH - 2);
      }
    });
  }, [rows, edges, innerW, innerH, x, rowH]);

  const caption = (
    <figcaption className="legend">
      <span>
        <ViridisSwatch width={90} />
        credit per event, 10⁻⁵ (or less) to 1, log scale
      </span>
      <span>
        <svg width="14" height="10" aria-hidden="true">
          <rect width="14" height="10" style={{ fill: NONE }} stroke="currentColor" strokeOpacity={0.4} />
        </svg>
        no credit at all
      </span>
    </figcaption>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} raster={{ width: innerW, height: innerH, rendering: 'auto' }} canvasRef={canvasRef} legend={caption}>
      {rows.map((row, r) => (
        <g key={row.label} transform={`translate(0,${r * rowH})`}>
          <text x={-6} y={rowH / 2} dy="0.32em" textAnchor="end" className="raster-label" style={labelStyle}>
            {row.label}
          </text>
          {row.values.length === 0 && row.note && (
            <text x={8} y={rowH / 2} dy="0.32em" className="raster-note" style={labelStyle}>
              {row.note}
            </text>
          )}
        </g>
      ))}
      {marks?.at.map((n) => (
        <line key={n} x1={x(n + 0.5)} x2={x(n + 0.5)} y1={-6} y2={0} stroke="currentColor" strokeWidth={1.5} />
      ))}
      {marks && marks.at.length > 0 && (
        <text x={0} y={-5} className="raster-note">
          {marks.label}
        </text>
      )}
      <g className="axis" transform={`translate(0,${innerH})`}>
        <line x1={0} x2={innerW} stroke="currentColor" />
        {ticks.map((v) => (
          <g key={v} transform={`translate(${x(v + 0.5)},0)`}>
            <line y2={4} stroke="currentColor" />
            <text y={15} textAnchor="middle">
              {v.toLocaleString('en-US')}
            </text>
          </g>
        ))}
        <text className="axis-label" x={innerW / 2} y={32} textAnchor="middle">
          {/* As many words as the plot's width holds (the long form is about 390 px at 12 px type). */}
          {innerW >= 420
            ? `event number (log scale): 1 = the choice, ${T.toLocaleString('en-US')} = the grade`
            : innerW >= 290
              ? `event (log scale), 1 = choice, ${T.toLocaleString('en-US')} = grade`
              : 'event (log scale; 1 = the choice)'}
        </text>
      </g>
    </ChartFrame>
  );
}
