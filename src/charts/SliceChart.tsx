import { useState } from 'react';
import { bisector, format, line, scaleLinear, scaleLog } from 'd3';
import { Axis } from './Axis';
import { SeriesLegend } from './SeriesLegend';
import type { Series } from './LineChart';
import { seriesDomain } from './series-domain';
import { ChartFrame, plotSize } from './ChartFrame';

export interface SliceMarker {
  /** Position on the x axis. */
  x: number;
  label: string;
  color: string;
}

interface SliceChartProps {
  /** Curves over a shared x axis (e.g. α or t). */
  series: Series[];
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  /** Vertical lines with a label at the top (init, now, FGSM point…). */
  markers?: SliceMarker[];
  /** Short ticks along the bottom edge (kink positions); drawn translucent so piles show density. */
  rug?: ArrayLike<number>;
  rugColor?: string;
  /** Log-scale y (non-positive values dropped). Otherwise y spans the data, not from zero, so small bends show. */
  logY?: boolean;
  /** Accessible description of what the chart shows right now. */
  description: string;
  /** Name of the x variable in the hover readout (α, t…). */
  xName?: string;
}

const margin = { top: 18, right: 12, bottom: 40, left: 64 };

/** A 1-D slice of a loss: several curves, labelled vertical markers and an optional rug of kinks. */
export function SliceChart({ series, width, height, xLabel, yLabel, markers = [], rug, rugColor = '#555', logY = false, description, xName = 't' }: SliceChartProps) {
  const [hoverX, setHoverX] = useState<number | null>(null);
  const { innerW, innerH } = plotSize(width, height, margin);
  const domain = seriesDomain(series, logY, 1e-8);
  const [x0, x1] = domain.x;
  let [y0, y1] = domain.y;
  if (!logY && y1 - y0 <= Math.abs(y1) * 1e-9) {
    const pad = Math.max(Math.abs(y1) * 1e-6, 1e-9);
    y0 -= pad;
    y1 += pad;
  }
  const x = scaleLinear().domain([x0, x1 > x0 ? x1 : x0 + 1]).range([0, innerW]);
  const y = (logY ? scaleLog() : scaleLinear()).domain([y0, y1]).range([innerH, 0]).nice();
  const path = (s: Series) =>
    line<number>()
      .defined((i) => Number.isFinite(s.y[i]!) && (!logY || s.y[i]! > 0))
      .x((i) => x(s.x[i]!))
      .y((i) => y(s.y[i]!))(Array.from({ length: s.x.length }, (_, i) => i)) ?? '';
  const rugTicks = rug ? Array.from(rug).filter((v) => v >= x0 && v <= x1) : [];
  // Thousands of kinks would be thousands of SVG lines: one tick per pixel column, darker where they pile.
  const rugColumns = new Map<number, number>();
  for (const v of rugTicks) {
    const px = Math.round(x(v));
    rugColumns.set(px, (rugColumns.get(px) ?? 0) + 1);
  }
  // Hover: the nearest sample of each curve to the pointer's x.
  const at = hoverX === null ? null : x.invert(hoverX);
  const hovered =
    at === null
      ? []
      : series.map((s) => {
          const xsOf = Array.from(s.x);
          let i = Math.min(xsOf.length - 1, Math.max(0, bisector((v: number) => v).center(xsOf, at)));
          if (!Number.isFinite(s.y[i]!)) i = -1;
          return { s, i };
        });
  const fmtY = format('.4~g');
  const fmtX = format('.4~g');
  const nearestX = hovered.find((h) => h.i >= 0);
  const caption = (
    <>
      <p className="slice-readout" aria-live="off" data-testid="slice-readout">
        {nearestX
          ? [`${xName} = ${fmtX(nearestX.s.x[nearestX.i]!)}`, ...hovered.map(({ s, i }) => `${s.name} ${i >= 0 ? fmtY(s.y[i]!) : '—'}`)].join(' · ')
          : `Point at the chart to read ${xName} and the loss.`}
      </p>
      <SeriesLegend items={series}>
        {rug && (
          <span>
            <svg width="10" height="10" aria-hidden="true"><line x1="5" x2="5" y1="1" y2="9" stroke={rugColor} strokeWidth={1.5} /></svg>
            kink ({rugTicks.length})
          </span>
        )}
      </SeriesLegend>
    </>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} legend={caption}>
      <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} ticks={Math.max(2, Math.floor(innerW / 90))} />
      <Axis scale={y} orient="left" offset={0} label={yLabel} gridLength={innerW} ticks={4} labelGap={54} format={logY ? (v) => (Number.isInteger(Math.log10(v)) ? format('~g')(v) : '') : format('.3~g')} />
      {markers.map((m) =>
        m.x >= x0 && m.x <= x1 ? (
          <g key={m.label} transform={`translate(${x(m.x)},0)`}>
            <line y1={0} y2={innerH} stroke={m.color} strokeDasharray="3 3" />
            <text y={-5} textAnchor="middle" className="slice-marker" fill={m.color}>
              {m.label}
            </text>
          </g>
        ) : null,
      )}
      {series.map((s) => (
        <path key={s.name} d={path(s)} fill="none" stroke={s.color} strokeWidth={s.faint ? 1.2 : 2} strokeOpacity={s.faint ? 0.5 : 1} strokeDasharray={s.dashed ? '5 4' : undefined} />
      ))}
      {[...rugColumns].map(([px, count]) => (
        <line key={px} x1={px} x2={px} y1={innerH - 8} y2={innerH} stroke={rugColor} strokeOpacity={Math.min(1, 0.45 + 0.15 * count)} />
      ))}
      {nearestX && (
        <g pointerEvents="none">
          <line x1={x(nearestX.s.x[nearestX.i]!)} x2={x(nearestX.s.x[nearestX.i]!)} y1={0} y2={innerH} stroke="#888" strokeWidth={1} />
          {hovered.map(({ s, i }) =>
            i >= 0 && (!logY || s.y[i]! > 0) ? <circle key={s.name} cx={x(s.x[i]!)} cy={y(s.y[i]!)} r={3.5} fill={s.color} stroke="#fff" /> : null,
          )}
        </g>
      )}
      <rect
        width={innerW}
        height={innerH}
        fill="transparent"
        data-testid="slice-hover"
        onPointerMove={(e) => setHoverX(Math.max(0, Math.min(innerW, e.clientX - e.currentTarget.getBoundingClientRect().left)))}
        onPointerLeave={() => setHoverX(null)}
      />
    </ChartFrame>
  );
}
