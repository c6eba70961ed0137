import { scaleLinear } from 'd3';
import { Axis } from './Axis';
import { ChartFrame } from './ChartFrame';

export interface StripRow {
  /** Row label (the estimator's name). */
  label: string;
  /** Colour of the row's marks. */
  color: string;
  /** Mean of the estimates; null when the row has no numbers. */
  mean: number | null;
  /** Standard deviation of one K-sample step (the wide bar is mean ± this). */
  sdStep: number | null;
  /** Standard deviation of one single-sample estimate (the thin whisker is mean ± this). */
  sdSample: number | null;
  /** Why the row has no numbers (refused, NaN, not applicable); shown instead of marks. */
  reason: string | null;
  /** A sample of single estimates (finite only), drawn as faint jittered dots behind the summary marks. */
  draws?: ArrayLike<number> | null;
}

interface EstimateStripProps {
  /** One row per estimator, top to bottom. */
  rows: StripRow[];
  /** The exact gradient: a vertical reference line. */
  exact: number;
  /** Label of the horizontal axis (which gradient coordinate). */
  xLabel: string;
  /** Total width in pixels. */
  width: number;
  /** Total height to fit in: rows shrink from 30 px (down to 18) to fit it; absent, every row is 30 px. */
  height?: number;
  /** Accessible description of what the chart shows right now. */
  description: string;
}

const ROW_H = 30;
const MIN_ROW_H = 18;

/** Cut a reason to what fits on its row; the full text is in the panel's table. */
const shorten = (s: string, chars: number) => (s.length <= chars ? s : `${s.slice(0, Math.max(8, chars - 1))}…`);
const margin = { top: 18, right: 16, bottom: 40 };
/** A fixed vertical offset in [−1, 1] per draw (golden-ratio sequence), so dots do not sit on one line and do not dance between frames. */
const jitter = (j: number) => ((j * 0.6180339887) % 1) * 2 - 1;

/**
 * Where each estimator's draws fall against the exact gradient: faint dots for single estimates, a dot
 * at the mean, a thick bar at ± one standard deviation of a K-sample step, a thin whisker at ± one
 * standard deviation of a single sample.
 */
export function EstimateStrip({ rows, exact, xLabel, width, height: room, description }: EstimateStripProps) {
  // Room for the longest row label (about 6.2 px a character at 11 px), within reason.
  const left = Math.round(Math.min(width * 0.4, Math.max(90, 16 + 6.2 * Math.max(0, ...rows.map((r) => r.label.length)))));
  const frame = { ...margin, left };
  const innerW = Math.max(40, width - left - margin.right);
  const fit = room === undefined ? ROW_H : Math.floor((room - margin.top - margin.bottom) / Math.max(1, rows.length));
  const rowH = Math.max(MIN_ROW_H, Math.min(ROW_H, fit));
  const innerH = Math.max(rowH, rows.length * rowH);
  const height = innerH + margin.top + margin.bottom;
  const ends: number[] = [exact];
  for (const r of rows) {
    if (r.mean === null || !Number.isFinite(r.mean)) continue;
    ends.push(r.mean);
    const sd = Math.max(r.sdStep ?? 0, r.sdSample ?? 0);
    if (Number.isFinite(sd)) ends.push(r.mean - sd, r.mean + sd);
    // Single draws widen the axis up to mean ± 4 sd; rarer ones are pinned to the edge.
    if (r.draws && r.draws.length > 0 && Number.isFinite(sd)) {
      let dlo = Infinity;
      let dhi = -Infinity;
      for (let i = 0; i < r.draws.length; i++) {
        const v = r.draws[i]!;
        if (!Number.isFinite(v)) continue;
        dlo = Math.min(dlo, v);
        dhi = Math.max(dhi, v);
      }
      if (dlo <= dhi) ends.push(Math.max(dlo, r.mean - 4 * sd), Math.min(dhi, r.mean + 4 * sd));
    }
  }
  let lo = Math.min(...ends);
  let hi = Math.max(...ends);
  if (hi - lo < 1e-9) {
    const pad = Math.max(Math.abs(exact) * 0.5, 1e-3);
    lo -= pad;
    hi += pad;
  }
  const x = scaleLinear().domain([lo, hi]).range([0, innerW]).nice();
  const clamp = (v: number) => Math.max(0, Math.min(innerW, x(v)));
  return (
    <ChartFrame width={width} height={height} margin={frame} description={description}>
      <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} gridLength={innerH} ticks={Math.max(2, Math.floor(innerW / 90))} />
      {rows.map((r, i) => {
        const cy = i * rowH + rowH / 2;
        const ok = r.reason === null && r.mean !== null && Number.isFinite(r.mean);
        return (
          <g key={r.label}>
            <text x={-8} y={cy} dy="0.32em" textAnchor="end" className="tick-text" style={{ fill: 'currentColor' }}>
              {r.label}
            </text>
            {ok ? (
              <>
                {r.draws && (
                  <g aria-hidden="true">
                    {Array.from(r.draws, (v, j) =>
                      Number.isFinite(v) ? (
                        <circle key={j} cx={clamp(v)} cy={cy + jitter(j) * (rowH / 2 - 3)} r={1.6} fill={r.color} fillOpacity={0.35} />
                      ) : null,
                    )}
                  </g>
                )}
                {r.sdSample !== null && Number.isFinite(r.sdSample) && (
                  <line x1={clamp(r.mean! - r.sdSample)} x2={clamp(r.mean! + r.sdSample)} y1={cy} y2={cy} stroke={r.color} strokeWidth={1.5} strokeOpacity={0.6} />
                )}
                {r.sdStep !== null && Number.isFinite(r.sdStep) && (
                  <rect
                    x={clamp(r.mean! - r.sdStep)}
                    width={Math.max(1, clamp(r.mean! + r.sdStep) - clamp(r.mean! - r.sdStep))}
                    y={cy - 5}
                    height={10}
                    fill={r.color}
                    fillOpacity={0.35}
                    stroke={r.color}
                  />
                )}
                <circle cx={clamp(r.mean!)} cy={cy} r={4} fill={r.color} stroke="white" />
              </>
            ) : (
              <text x={4} y={cy} dy="0.32em" className="tick-text" fontStyle="italic">
                {shorten(r.reason ?? 'no numbers', Math.floor(innerW / 6))}
              </text>
            )}
          </g>
        );
      })}
      <line x1={x(exact)} x2={x(exact)} y1={-4} y2={innerH} stroke="currentColor" strokeWidth={1.5} strokeDasharray="4 3" />
      <text x={x(exact)} y={-7} dx={4} className="tick-text" style={{ fill: 'currentColor' }}>
        exact
      </text>
    </ChartFrame>
  );
}
