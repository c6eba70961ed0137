/** The mixture panel's hero: p(y | x) of every switched-on learner, as small multiples fitted to a box. */
import { useRef, useState } from 'react';
import { fmt, fmtInt } from '../../app/format';
import { LEARNER_NAMES, type LearnerId, type MixtureDensityFrame, type MixtureLearnerRow } from '../../core/experiments/mixture-density.schema';
import type { Box } from '../common/useBox';
import { DensityMap } from './DensityMap';
import { LEARNER_COLORS } from './figures';

/** A cell's name and status lie over its map, so a cell is all map. */
const CELL_TEXT = 0;
const GAP = 8;
/** Below this a map no longer shows its modes: the grid scrolls sideways instead of shrinking. */
const MIN_CELL = 100;
/** Scrolling sideways, a map may shrink this far so that whole columns end where the cue begins. */
const MIN_SCROLL_CELL = 90;
/** The width of the "more →" cue over the right edge of a grid that scrolls. */
const CUE = 44;
/** Under this the status over a map is cut to one short line (the full one is its tooltip). */
const FULL_STATUS_CELL = 170;
/** From this size a map has room for its own axes; smaller ones share the axes stated in the caption. */
const AXES_CELL = 230;

/**
 * The largest square cell for n maps in the box, over every row count; when even the best is under
 * MIN_CELL (a phone's pinned band), as many rows of MIN_CELL-or-larger cells as the height holds, and
 * the grid scrolls sideways.
 */
export function gridLayout(n: number, box: Box): { cols: number; cell: number; scrolls: boolean } {
  let best = { cols: Math.max(1, n), cell: 0 };
  for (let rows = 1; rows <= Math.max(1, n); rows++) {
    const cols = Math.ceil(n / rows);
    const cell = Math.floor(Math.min((box.width - GAP * (cols - 1)) / cols, (box.height - GAP * (rows - 1)) / rows - CELL_TEXT));
    if (cell > best.cell) best = { cols, cell };
  }
  if (best.cell >= MIN_CELL || n <= 1) return { ...best, cell: Math.max(60, best.cell), scrolls: false };
  const rows = Math.max(1, Math.floor((box.height + GAP) / (MIN_CELL + CELL_TEXT + GAP)));
  const cols = Math.ceil(n / rows);
  const byHeight = Math.floor((box.height - GAP * (rows - 1)) / rows - CELL_TEXT);
  // Whole columns end where the "more →" cue begins, so the cue covers only maps scrolled out of view.
  const whole = Math.max(1, Math.floor((box.width - CUE + GAP) / (MIN_SCROLL_CELL + GAP)));
  const byWidth = Math.floor((box.width - CUE - GAP * (whole - 1)) / whole);
  const cell = Math.max(MIN_SCROLL_CELL, Math.min(byHeight, byWidth));
  return { cols, cell, scrolls: cols * (cell + GAP) - GAP > box.width };
}

/** Names that fit one line over a small map (the full name is the map's accessible name). */
const SHORT_NAMES: Record<LearnerId, string> = {
  single: 'single Gaussian',
  mdn: 'MDN',
  wta: 'WTA',
  ewta: 'relaxed WTA',
  score: 'score function',
  gumbel: 'Gumbel-softmax',
  em: 'EM',
};

export function statusText(r: MixtureLearnerRow, short = false): string {
  if (r.status === 'off') return 'off';
  if (r.status === 'stopped') {
    const what = r.stopKind === 'variance' ? 'σ collapsed' : 'non-finite';
    return short ? `${what} (step ${fmtInt(r.steps)})` : `${what} at its step ${fmtInt(r.steps)}`;
  }
  if (short) return `NLL ${fmt(r.testNll)}${r.modesAtThree === null ? '' : ` · ${fmt(r.modesAtThree, 2)}/3`}`;
  const modes = r.modesAtThree === null ? '' : `, modes ${fmt(r.modesAtThree, 2)}/3`;
  return `test NLL ${fmt(r.testNll)}${modes}`;
}

/**
 * How many of n maps, laid out row by row in `cols` columns of `cell` px, lie wholly or partly under or
 * past the cue at the right of a view `width` px wide scrolled `scrollLeft` px: the count the cue names.
 */
export function mapsPastRightEdge(n: number, cols: number, cell: number, width: number, scrollLeft: number): number {
  // +1: the box's width is fractional, the scroll position whole.
  const fullyShown = Math.floor((scrollLeft + width - CUE + GAP + 1) / (cell + GAP));
  let past = 0;
  for (let i = 0; i < n; i++) if (i % cols >= fullyShown) past++;
  return past;
}

export function DensityGrid({ data, box }: { data: MixtureDensityFrame; box: Box }) {
  const gridRef = useRef<HTMLDivElement | null>(null);
  const [scrollLeft, setScrollLeft] = useState(0);
  const shown = data.rows.filter((r) => r.enabled);
  const arms = data.task === 'arms';
  if (shown.length === 0) return <p className="hint">Every learner is switched off: switch one on under “More”.</p>;
  const { cols, cell, scrolls } = gridLayout(shown.length, box);
  // On a phone's pinned band the maps scroll sideways: a cue at the right edge says how many are out of
  // view (nothing else on screen would), and pressing it scrolls them in.
  const past = scrolls ? mapsPastRightEdge(shown.length, cols, cell, box.width, scrollLeft) : 0;
  const grid = (
    <div
      ref={gridRef}
      className={`md-grid${scrolls ? ' md-grid-scroll' : ''}`}
      // Scrolling, an empty last column as wide as the cue lets the last maps scroll out from under it.
      style={{ gridTemplateColumns: `repeat(${cols}, ${cell}px)${scrolls ? ` ${CUE - GAP}px` : ''}`, gap: GAP }}
      tabIndex={scrolls ? 0 : undefined}
      aria-label={scrolls ? 'Density maps of every learner (scrolls sideways)' : undefined}
      onScroll={scrolls ? (e) => setScrollLeft(e.currentTarget.scrollLeft) : undefined}
    >
      {shown.map((r, i) => (
        <div
          key={r.id}
          className={`md-cell${cell >= AXES_CELL ? ' md-cell-axes' : ''}${r.status === 'stopped' ? ' md-cell-stopped' : ''}`}
          // Scrolling, each map is placed in its own column, leaving the cue's column empty.
          style={{ width: cell, height: cell, ...(scrolls ? { gridColumn: (i % cols) + 1, gridRow: Math.floor(i / cols) + 1 } : {}) }}
        >
          <h4 className="md-cell-name" style={{ borderColor: LEARNER_COLORS[r.id] }}>
            {cell < FULL_STATUS_CELL ? SHORT_NAMES[r.id] : LEARNER_NAMES[r.id]}
          </h4>
          <DensityMap
            axes={cell >= AXES_CELL}
            testId={`md-heat-${r.id}`}
            heat={r.heat}
            grid={data.grid}
            xDomain={arms ? data.yRange : data.xRange}
            yDomain={data.yRange}
            xLabel={arms ? 'y₁' : 'x'}
            yLabel={arms ? 'y₂' : 'y'}
            pointsX={data.dataX}
            pointsY={data.dataY}
            truthX={data.truthX}
            truthY={data.truthY}
            truthAsPoints={arms}
            width={cell}
            height={cell}
            description={`${LEARNER_NAMES[r.id]}: its conditional density ${arms ? `over the plane at x = ${fmt(data.slice, 2)}` : 'of y given x'}, brighter where more likely, with training points in white and the true answers dashed in orange. ${statusText(r)}.`}
          />
          <p className="md-cell-status" data-testid={`md-status-${r.id}`} title={statusText(r)}>
            {statusText(r, cell < FULL_STATUS_CELL)}
          </p>
        </div>
      ))}
    </div>
  );
  if (!scrolls) return grid;
  return (
    <div className="md-grid-frame">
      {grid}
      {past > 0 && (
        <button
          type="button"
          className="md-more-cue"
          style={{ width: CUE }}
          data-testid="md-more-cue"
          aria-label={`${past} more map${past === 1 ? '' : 's'}: scroll right`}
          onClick={() => gridRef.current?.scrollBy({ left: box.width - CUE, behavior: 'smooth' })}
        >
          {past} more →
        </button>
      )}
    </div>
  );
}
