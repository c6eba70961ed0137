import { useEffect, useRef } from 'react';
import { format, interpolateViridis, scaleLinear } from 'd3';
import { colourTable, tableColour } from './raster';
import { Axis } from './Axis';
import { palette } from './palette';
import { ViridisSwatch } from './ViridisSwatch';
import { ChartFrame, plotSize } from './ChartFrame';

interface ValueHeatmapProps {
  /** Values after each recorded episode, row-major [rows, places]. */
  values: Float32Array;
  /** Episode of each row. */
  episodes: Float32Array;
  /** Places per row (start first). */
  places: number;
  /** Episode to mark with a line (e.g. when the reward first reached the start); null for none. */
  markEpisode: number | null;
  /** Text beside the mark. */
  markLabel: string;
  /**
   * Further laps to mark, each with its own colour and label (e.g. when other replay orders would
   * reach the start), drawn right-aligned so they do not cover the main mark's label. Optional.
   */
  marks?: readonly { episode: number; label: string; color: string }[];
  width: number;
  height: number;
  /** Accessible description of what the heatmap shows right now. */
  description: string;
}

const margin = { top: 8, right: 12, bottom: 40, left: 64 };

/** Value of every place (across) after every recorded episode (down): a canvas raster under SVG axes. */
export function ValueHeatmap({ values, episodes, places, markEpisode, markLabel, marks = [], width, height, description }: ValueHeatmapProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const rows = episodes.length;
  const { innerW, innerH } = plotSize(width, height, margin, 40);
  const first = rows > 0 ? episodes[0]! : 0;
  const last = rows > 0 ? episodes[rows - 1]! : 1;
  // Each row covers from its episode to the next recorded one.
  const spacing = rows > 1 ? (last - first) / (rows - 1) : 1;
  const y = scaleLinear().domain([first - spacing / 2, last + spacing / 2]).range([0, innerH]);
  const x = scaleLinear().domain([-0.5, places - 0.5]).range([0, innerW]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rows === 0) return;
    canvas.width = places;
    canvas.height = rows;
    const image = ctx.createImageData(places, rows);
    const table = colourTable(interpolateViridis);
    for (let k = 0; k < rows * places; k++) {
      image.data.set(tableColour(table, values[k]!), 4 * k);
      image.data[4 * k + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [values, rows, places]);

  // A mark sits under its lap's row ("after lap e"); its label goes above the line, or below it when
  // the line is too near the top for the text to fit inside the plot.
  const rowEnd = (e: number) => y(e + spacing / 2);
  const labelDy = (at: number) => (at < 14 ? 12 : -4);
  const markY = markEpisode !== null && markEpisode >= first && markEpisode <= last ? rowEnd(markEpisode) : null;
  const caption = (
    <figcaption className="legend">
      <span>
        <ViridisSwatch width={60} />
        value 0 to 1
      </span>
      {rows > 1 && spacing > 1 && <span>one row every {Math.round(spacing).toLocaleString('en-US')} laps</span>}
    </figcaption>
  );
  return (
    <ChartFrame width={width} height={height} margin={margin} description={description} raster={{ width: innerW, height: innerH }} canvasRef={canvasRef} legend={caption}>
      <rect width={innerW} height={innerH} fill="none" stroke="currentColor" strokeOpacity={0.3} />
      <Axis scale={x} orient="bottom" offset={innerH} label="place (start → reward)" ticks={Math.min(8, places)} format={(v) => (Number.isInteger(v) ? String(v) : '')} />
      <Axis scale={y} orient="left" offset={0} label="lap" ticks={5} labelGap={50} format={(v) => (Number.isInteger(v) ? format('~s')(v) : '')} />
      {marks
        .filter((m) => m.episode >= first && m.episode <= last)
        .map((m) => (
          <g key={m.label} transform={`translate(0,${rowEnd(m.episode)})`}>
            <line x1={0} x2={innerW} stroke={m.color} strokeWidth={2} strokeDasharray="5 3" />
            <text x={innerW - 4} y={labelDy(rowEnd(m.episode))} textAnchor="end" className="heatmap-mark">
              {m.label}
            </text>
          </g>
        ))}
      {markY !== null && (
        <g transform={`translate(0,${markY})`}>
          <line x1={0} x2={innerW} stroke={palette.vermillion} strokeWidth={1.5} strokeDasharray="5 3" />
          <text x={4} y={labelDy(markY)} className="heatmap-mark">{markLabel}</text>
        </g>
      )}
    </ChartFrame>
  );
}
