import { useEffect, useRef } from 'react';
import { line, scaleLinear, scaleLog } from 'd3';
import { Axis } from '../../charts/Axis';
import { SeriesLegend } from '../../charts/SeriesLegend';
import { palette, textColors } from '../../charts/palette';

/** Colour of each regime (normal, reversed, sluggish, slippery), shared by the panel's figures. */
export const REGIME_COLORS = [palette.blue, palette.vermillion, palette.orange, palette.sky] as const;
export const REGIME_LABELS = ['normal', 'reversed', 'sluggish', 'slippery'] as const;
/** The same hues for text (readable against the panel in either theme). */
export const REGIME_TEXT_COLORS = [textColors.blue, textColors.vermillion, textColors.orange, textColors.sky] as const;
export const LEARNER_TEXT_COLORS = { single: textColors.purple, collection: textColors.green, reference: textColors.grey } as const;
export const LEARNER_COLORS = { single: palette.purple, collection: palette.green, reference: palette.grey } as const;

interface TimelineProps {
  /** Step shown by each column, the true regime and the model in charge there (255: none). */
  steps: Float32Array;
  regime: Uint8Array;
  charge: Uint8Array;
  /** The regime each model served most (−1: not yet known). */
  modelRegimes: Int32Array;
  /** Mean cost per column of each learner. */
  costs: { single: Float32Array; collection: Float32Array; reference: Float32Array };
  /** Steps taken (the x axis runs 0 … total). */
  total: number;
  switchSteps: Float32Array;
  width: number;
  /** The height the figure may take, legend included: the cost chart gets what the bands and legend leave. */
  height: number;
  description: string;
}

// The right margin holds half of the last step label ("6,000").
const MARGIN = { top: 8, right: 22, bottom: 40, left: 112 };
/** A phone's figure: shorter band labels, so the bands keep most of the width. */
const NARROW = 480;
const BAND = 20;
const GAP = 6;
/** The cost chart's height: never so short its log axis loses its ticks, never taller than it reads well. */
const MIN_COST_H = 70;
const MAX_COST_H = 320;

/** Consecutive columns with the same value, as [first, last, value] runs. */
function runs(values: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < values.length; i++) {
    const last = out[out.length - 1];
    if (last && last[2] === values[i]) last[1] = i;
    else out.push([i, i, values[i]!]);
  }
  return out;
}

/**
 * The hero figure: across the run, the true regime (top band) against the model the selector put in
 * charge (second band, coloured by the regime that model served most and labelled M1, M2 …), and
 * below each learner's cost on a log scale, with the regime switches marked.
 */
export function ModelTimeline({ steps, regime, charge, modelRegimes, costs, total, switchSteps, width, height: room, description }: TimelineProps) {
  const narrow = width < NARROW;
  const margin = narrow ? { ...MARGIN, left: 70 } : MARGIN;
  const innerW = Math.max(40, width - margin.left - margin.right);
  // The legend's seven entries take one line on a wide figure, two or three on a narrow one.
  const legendH = width >= 900 ? 34 : width >= 460 ? 66 : 98;
  const COST_H = Math.round(Math.min(MAX_COST_H, Math.max(MIN_COST_H, room - (margin.top + 2 * BAND + GAP * 2 + margin.bottom) - legendH)));
  const height = margin.top + 2 * BAND + GAP * 2 + COST_H + margin.bottom;
  const x = scaleLinear().domain([0, Math.max(1, total)]).range([0, innerW]);
  const n = steps.length;
  // Column i covers the steps from its left edge to the next column's.
  const edge = (i: number) => (i <= 0 ? 0 : i >= n ? innerW : x((i * total) / n));
  let lo = Infinity;
  let hi = 0;
  for (const c of [costs.single, costs.collection, costs.reference]) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(hi > 0)) {
    lo = 1e-3;
    hi = 1;
  }
  const y = scaleLog()
    .domain([Math.max(lo, 1e-5), Math.max(hi, lo * 10)])
    .range([COST_H, 0])
    .nice();
  const costTop = 2 * BAND + 2 * GAP;
  const path = (c: Float32Array) =>
    line<number>()
      .defined((i) => Number.isFinite(c[i]!) && c[i]! > 0)
      .x((i) => (edge(i) + edge(i + 1)) / 2)
      .y((i) => y(Math.max(c[i]!, y.domain()[0]!)))(Array.from({ length: c.length }, (_, i) => i)) ?? '';
  const series = [
    { name: 'one model', color: LEARNER_COLORS.single, c: costs.single },
    { name: narrow ? 'collection' : 'collection + selector', color: LEARNER_COLORS.collection, c: costs.collection },
    { name: narrow ? 'true dynamics' : 'true dynamics (reference)', color: LEARNER_COLORS.reference, c: costs.reference, dashed: true },
  ];
  const modelColor = (m: number) => (m === 255 ? '#cccccc' : (REGIME_COLORS[modelRegimes[m] ?? -1] ?? palette.grey));
  const regimeRuns = runs(regime);
  const seen = new Set(regimeRuns.map((r) => r[2]));
  const chargeRuns = runs(charge);
  // Model labels where a run is wide enough to hold one: [left, width, model].
  const labels = chargeRuns.map(([a, b, m]) => [edge(a), edge(b + 1) - edge(a), m] as const).filter(([, w, m]) => w > 22 && m !== 255);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  // The two bands are a canvas under the SVG: hundreds of runs as fillRects, not as DOM nodes.
  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    const canvas = canvasRef.current;
    if (!canvas || !ctx) return;
    const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
    const h = 2 * BAND + GAP;
    if (canvas.width !== Math.round(innerW * dpr)) canvas.width = Math.round(innerW * dpr);
    if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, innerW, h);
    for (const [a, b, r] of regimeRuns) {
      ctx.fillStyle = REGIME_COLORS[r] ?? palette.grey;
      ctx.fillRect(edge(a), 0, Math.max(0.5, edge(b + 1) - edge(a)), BAND);
    }
    for (const [a, b, m] of chargeRuns) {
      ctx.fillStyle = modelColor(m);
      ctx.fillRect(edge(a), BAND + GAP, Math.max(0.5, edge(b + 1) - edge(a)), BAND);
    }
  });
  return (
    <figure className="chart im-timeline" data-testid="im-timeline" data-columns={n} data-regime-runs={regimeRuns.length}>
      <canvas ref={canvasRef} className="im-bands" style={{ left: margin.left, top: margin.top, width: innerW, height: 2 * BAND + GAP }} aria-hidden="true" />
      <svg width={width} height={height} role="img" aria-label={description}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <text x={-8} y={BAND / 2} dy="0.35em" textAnchor="end" className="im-band-label">{narrow ? 'regime' : 'true regime'}</text>
          <text x={-8} y={BAND + GAP + BAND / 2} dy="0.35em" textAnchor="end" className="im-band-label">{narrow ? 'in charge' : 'model in charge'}</text>
          {labels.map(([a, w, m]) => (
            <text key={`c${a}`} x={a + w / 2} y={BAND + GAP + BAND / 2} dy="0.35em" textAnchor="middle" className="im-band-text">
              M{m + 1}
            </text>
          ))}
          <g transform={`translate(0,${costTop})`}>
            <Axis scale={x} orient="bottom" offset={COST_H} label="step" ticks={Math.max(2, Math.floor(innerW / 90))} />
            <Axis scale={y} orient="left" offset={0} label={narrow ? 'cost' : 'cost (x − target)²'} gridLength={innerW} ticks={4} labelGap={narrow ? 52 : 60} format={(v) => (Number.isInteger(Math.round(Math.log10(v) * 1e6) / 1e6) ? `${v}` : '')} />
            <path d={Array.from(switchSteps, (s) => `M${x(s).toFixed(1)},0V${COST_H}`).join('')} stroke={palette.grey} strokeOpacity={0.45} strokeDasharray="2 3" fill="none" />
            {series.map((s) => (
              <path key={s.name} d={path(s.c)} fill="none" stroke={s.color} strokeWidth={s.dashed ? 1.5 : 1.8} strokeDasharray={s.dashed ? '5 4' : undefined} />
            ))}
          </g>
        </g>
      </svg>
      <SeriesLegend items={series}>
        {REGIME_LABELS.map((r, i) => (
          // Only the regimes the run has met: with normal and reversed in play the other two say nothing.
          seen.has(i) && <span key={r}>
            <svg width="12" height="10" aria-hidden="true">
              <rect width="12" height="10" fill={REGIME_COLORS[i]} />
            </svg>
            {r}
          </span>
        ))}
      </SeriesLegend>
    </figure>
  );
}
