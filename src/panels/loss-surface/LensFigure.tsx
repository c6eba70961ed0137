/**
 * The hero of the loss-surface section: the kink lens. One example's loss along the line, drawn on
 * its own scale with its own kinks, beside the mean over the m examples with all of theirs. Each curve
 * gets its own y-axis: on a shared one the mean (a fraction of one example's loss) would lie flat
 * along the bottom and look smooth for the wrong reason. With m = 1 the two are the same curve, drawn once.
 */
import { SliceChart } from '../../charts/SliceChart';
import { palette } from '../../charts/palette';
import type { LossSurfaceFrameData } from '../../core/experiments/loss-surface.schema';
import { fmt, fmtInt } from '../../app/format';
import type { Box } from '../common/PanelShell';

type Lens = NonNullable<LossSurfaceFrameData['lens']>;

/** Height a SliceChart adds under its SVG (hover readout and legend), and a sub-heading's. */
const UNDER_CHART = 58;
const HEADING = 22;
/** Below this width per chart the two sit one above the other. */
const MIN_SIDE_WIDTH = 300;
/** A stacked chart shorter than this drops its readout and legend (see `compact`). */
const MIN_STACKED_HEIGHT = 170;
/** Below this height a stacked plot loses its curve between its tick labels: the two then sit side by side, however narrow. */
const MIN_STACKED_PLOT = 120;
/** The narrowest a chart may be side by side (a phone's pinned band). */
const MIN_NARROW_SIDE = 125;

/** The x-axis: short, since two charts may share the hero's width. */
function lensAxisWords(lens: Lens, span: number): string {
  return `t along a ${lens.direction === 'kink' ? 'line aimed at a kink' : 'random line'} (±${fmt(span)})`;
}

/** The aimed kink, when the direction was built to cross one. */
function aimed(lens: Lens) {
  return lens.kinkAt !== null ? [{ x: lens.kinkAt, label: 'aimed kink', color: palette.purple }] : [];
}

export function LensFigure({ lens, span, box }: { lens: Lens; span: number; box: Box }) {
  const xLabel = lensAxisWords(lens, span);
  const meanDescription = `Loss averaged over ${lens.examples} examples along the lens direction; ${lens.kinks.total} ReLU pattern changes along it.`;
  // Every view of the lens: the same line, its kinks as a purple rug, the aimed kink marked.
  const line = { xLabel, rugColor: palette.purple, markers: aimed(lens) };
  if (lens.examples === 1) {
    return (
      <SliceChart
        width={box.width}
        height={Math.max(150, box.height - UNDER_CHART)}
        {...line}
        yLabel="cross-entropy"
        rug={lens.kinks.positions}
        description={meanDescription}
        series={[{ name: 'one example', color: palette.vermillion, x: lens.t, y: lens.loss }]}
      />
    );
  }
  // Side by side where each chart gets a readable width, or where the box is too short for two plots
  // one above the other (a phone's pinned band: stacked, the lower one was cut off).
  const tooShortToStack = Math.floor((box.height - 2 * HEADING) / 2) < MIN_STACKED_PLOT;
  const side = box.width >= 2 * MIN_SIDE_WIDTH + 16 || (tooShortToStack && box.width >= 2 * MIN_NARROW_SIDE + 16);
  // In a short box the headings name the curves, so the hover readouts and legends go, and the plots
  // keep a height their tick labels fit in.
  const compact = side ? box.height - UNDER_CHART - HEADING < 150 : box.height < 2 * (MIN_STACKED_HEIGHT + UNDER_CHART + HEADING);
  const under = compact ? 0 : UNDER_CHART;
  const width = side ? Math.floor((box.width - 16) / 2) : box.width;
  const height = side ? box.height - under - HEADING : Math.floor((box.height - 2 * (under + HEADING)) / 2);
  const narrow = width < MIN_SIDE_WIDTH;
  // A narrow chart names its axis briefly: the long words would run past both its edges.
  const parts = narrow ? { ...line, xLabel: `t (±${fmt(span)})` } : line;
  const own = lens.kinks.perExample[lens.singleExample] ?? 0;
  return (
    <div className={`ls-lens${side ? ' ls-lens-side' : ''}${compact ? ' ls-lens-compact' : ''}${narrow ? ' ls-lens-narrow' : ''}`}>
      <div className="ls-lens-part">
        {/* Narrow (a phone), the headings keep to one line: the counts, with "kinks" left to the caption. */}
        <h4 title={`One example: ${fmtInt(own)} kink${own === 1 ? '' : 's'}`}>{narrow ? `One: ${fmtInt(own)}` : `One example: ${fmtInt(own)} kink${own === 1 ? '' : 's'}`}</h4>
        <SliceChart
          width={width}
          height={Math.max(narrow ? 100 : 120, height)}
          {...parts}
          yLabel="its loss"
          rug={lens.singleKinks}
          description={`The loss of one of the ${lens.examples} examples alone along the lens direction, with its own ${own} kinks marked.`}
          series={[{ name: 'one example', color: palette.vermillion, x: lens.t, y: lens.single }]}
        />
      </div>
      <div className="ls-lens-part">
        <h4 title={`Mean of ${fmtInt(lens.examples)}: ${fmtInt(lens.kinks.total)} kinks`}>
          {narrow ? `Mean of ${fmtInt(lens.examples)}: ${fmtInt(lens.kinks.total)}` : `Mean of ${fmtInt(lens.examples)}: ${fmtInt(lens.kinks.total)} kinks`}
        </h4>
        <SliceChart
          width={width}
          height={Math.max(narrow ? 100 : 120, height)}
          {...parts}
          yLabel="mean loss"
          rug={lens.kinks.positions}
          description={meanDescription}
          series={[{ name: `mean of ${fmtInt(lens.examples)} examples`, color: palette.blue, x: lens.t, y: lens.loss }]}
        />
      </div>
    </div>
  );
}
