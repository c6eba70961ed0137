import { useEffect, useRef, type ReactNode } from 'react';
import type { ScaleContinuousNumeric } from 'd3';

interface AxisProps {
  /** The d3 scale the axis shows. */
  scale: ScaleContinuousNumeric<number, number>;
  orient: 'bottom' | 'left';
  /** Pixel offset: the y of a bottom axis or the x of a left axis. */
  offset: number;
  /** Length of grid lines across the plot (0 for none). */
  gridLength?: number;
  ticks?: number;
  label?: string;
  format?: (v: number) => string;
  /** Distance of a left axis's label from the axis line, in pixels. */
  labelGap?: number;
}

/** Width of one character of tick text, generous enough for lecture mode's 14 px labels. */
const CHAR_PX = 9;

/** Height of a tick label's line, in pixels, with room to breathe (lecture type is 14 px). */
const LINE_PX = 10;

/**
 * The ticks of an axis, thinned until the widest label fits between neighbours: long labels
 * ("1,200,000") at lecture sizes would otherwise run into each other.
 */
function fittingTicks(scale: ScaleContinuousNumeric<number, number>, wanted: number, format?: (v: number) => string, vertical = false) {
  for (let n = wanted; n > 2; n--) {
    const values = scale.ticks(n);
    const fmt = format ?? scale.tickFormat(n);
    // Only labelled ticks can collide (a log axis leaves its minor ticks unlabelled).
    const labelled = values.filter((v) => fmt(v) !== '');
    // A left axis needs a line's height between labels (a short chart on a phone), a bottom one the widest label.
    const widest = vertical ? LINE_PX : Math.max(0, ...labelled.map((v) => fmt(v).length)) * CHAR_PX;
    let gap = Infinity;
    for (let i = 1; i < labelled.length; i++) gap = Math.min(gap, Math.abs(scale(labelled[i]!) - scale(labelled[i - 1]!)));
    if (widest + 8 <= gap) return { values, fmt };
  }
  return { values: scale.ticks(2), fmt: format ?? scale.tickFormat(2) };
}

/** An SVG axis rendered by React from a d3 scale's ticks. */
export function Axis({ scale, orient, offset, gridLength = 0, ticks = 5, label, format, labelGap = 42 }: AxisProps) {
  const { values, fmt } = fittingTicks(scale, ticks, format, orient === 'left');
  const [r0, r1] = scale.range() as [number, number];
  if (orient === 'bottom') {
    return (
      <g className="axis" transform={`translate(0,${offset})`}>
        <line x1={r0} x2={r1} stroke="currentColor" />
        {values.map((v) => (
          <g key={v} transform={`translate(${scale(v)},0)`}>
            {gridLength > 0 && <line y1={0} y2={-gridLength} className="grid" />}
            <line y2={4} stroke="currentColor" />
            <text y={15} textAnchor="middle">
              {fmt(v)}
            </text>
          </g>
        ))}
        {label && (
          <text className="axis-label" x={(r0 + r1) / 2} y={30} textAnchor="middle">
            {label}
          </text>
        )}
      </g>
    );
  }
  return (
    <g className="axis" transform={`translate(${offset},0)`}>
      <line y1={r0} y2={r1} stroke="currentColor" />
      {values.map((v) => (
        <g key={v} transform={`translate(0,${scale(v)})`}>
          {gridLength > 0 && <line x1={0} x2={gridLength} className="grid" />}
          <line x2={-4} stroke="currentColor" />
          <text x={-7} dy="0.32em" textAnchor="end">
            {fmt(v)}
          </text>
        </g>
      ))}
      {label && (
        <FittedLabel transform={`translate(${-labelGap},${(r0 + r1) / 2}) rotate(-90)`} room={Math.abs(r1 - r0) + 10}>
          {label}
        </FittedLabel>
      )}
    </g>
  );
}

/**
 * A left axis's title, squeezed to the plot's height where it is longer (a long title on a short phone
 * chart, or in lecture mode's larger type, ran past the top and bottom of its SVG and was cut). Measured
 * after drawing, since its size comes from CSS.
 */
function FittedLabel({ transform, room, children }: { transform: string; room: number; children: ReactNode }) {
  const ref = useRef<SVGTextElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof el.getComputedTextLength !== 'function') return;
    el.removeAttribute('textLength');
    el.removeAttribute('lengthAdjust');
    if (el.getComputedTextLength() > room) {
      el.setAttribute('textLength', String(Math.max(20, room)));
      el.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  });
  return (
    <text ref={ref} className="axis-label" transform={transform} textAnchor="middle">
      {children}
    </text>
  );
}
