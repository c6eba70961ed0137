/**
 * "Inside the network" (issue 16): the diagram of units with their maps, and under it the unit the
 * reader points at, enlarged, beside the network's output with that unit's kink line. Shared by the
 * baseline and the loss-surface panels; the panel holds the pointed-at unit (useUnitFocus) so its own
 * decision map can draw the same line.
 */
import './network.css';
import { useMemo } from 'react';
import type { ScaleLinear } from 'd3';
import { kinkSegments, mapIndex, type NetworkFrame, type UnitRef } from '../../core/mlp/network-frame';
import { fmt } from '../../app/format';
import { KINK_COLOR, NEGATIVE, POSITIVE } from './colors';
import { KinkPath } from './KinkPath';
import { MapView } from './MapView';
import { NetworkDiagram } from './NetworkDiagram';
import { shownUnit, type UnitFocus } from './useUnitFocus';

/** The shown unit's kink segments, recomputed only when the frame or the unit changes. */
export function useKinkSegments(net: NetworkFrame | null, unit: UnitRef | null): Float32Array | null {
  return useMemo(() => (net && unit ? kinkSegments(net, unit) : null), [net, unit]);
}

/** What the shown unit's map says, in words (its range, and whether and where it switches). */
function unitWords(net: NetworkFrame, unit: UnitRef, segments: Float32Array): string {
  const i = mapIndex(net.drawn, unit);
  const lo = net.ranges[2 * i]!;
  const hi = net.ranges[2 * i + 1]!;
  const name = `Layer ${unit.layer + 1}, unit ${unit.unit + 1}`;
  const range = `pre-activation z from ${fmt(lo)} to ${fmt(hi)} over the square`;
  if (net.activation !== 'relu') {
    return `${name}: ${range}. ${net.activation === 'tanh' ? 'tanh' : 'A linear unit'} is smooth: the dashed line is where z = 0, not a kink.`;
  }
  if (hi <= 0) return `${name}: ${range}, so it is off everywhere here: no kink in view.`;
  if (lo >= 0 || segments.length === 0) return `${name}: ${range}, so it is on everywhere here: no kink in view.`;
  const where = unit.layer === 0 ? 'the straight line w·x + b = 0' : 'a line bent wherever an earlier unit kinks (traced from its map)';
  return `${name}: ${range}; it switches on across ${where}.`;
}

interface NetworkFigureProps {
  /** Null until the worker sends the maps (it computes them only while this figure is shown). */
  net: NetworkFrame | null;
  width: number;
  focus: UnitFocus;
}

export function NetworkFigure({ net, width, focus }: NetworkFigureProps) {
  const unit = net ? shownUnit(focus, net) : null;
  const segments = useKinkSegments(net, unit);
  const w = Math.max(220, Math.floor(width));
  // The worker computes the maps only while this figure is shown: the first frame after it opens brings them.
  if (!net) return <p className="hint">Computing the unit maps…</p>;
  if (!net.finite) {
    return (
      <p className="alert alert-error" role="alert" data-testid="network-problem">
        The weights are not finite (the run diverged), so no unit has a map to draw. Lower the learning rate, then roll back or reset.
      </p>
    );
  }
  // The detail row: the shown unit large, beside the output; both shrink to share a narrow card.
  const big = Math.max(100, Math.min(190, Math.floor((w - 16) / 2)));
  const smooth = net.activation !== 'relu';
  const overlay = (testId: string) =>
    segments ? (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>) => <KinkPath segments={segments} x={x} y={y} smooth={smooth} testId={testId} /> : undefined;
  const last = net.drawn.length + 1;
  return (
    <figure className="chart net-figure" style={{ width: w }} data-testid="network-figure">
      <NetworkDiagram net={net} width={w} shown={unit} pinned={focus.pinned} onHover={focus.hover} onPin={focus.togglePin} />
      <div className="net-detail">
        <div className="net-detail-cell" style={{ width: big }}>
          {unit ? (
            <MapView net={net} row={unit.layer + 1} index={unit.unit} size={big} testId="unit-enlarged" label={`Map of layer ${unit.layer + 1}, unit ${unit.unit + 1}`} overlay={overlay('unit-kink-line')} />
          ) : (
            <p className="net-hint" style={{ height: big }}>
              Point at a unit (or Tab to one, arrows to move) to enlarge its map and see where it kinks; click or Enter pins it.
            </p>
          )}
          <span className="net-detail-caption">{unit ? `layer ${unit.layer + 1}, unit ${unit.unit + 1}` : 'no unit chosen'}</span>
        </div>
        <div className="net-detail-cell" style={{ width: big }}>
          <MapView net={net} row={last} index={0} size={big} testId="network-output" label="The network's output: probability of class 1 over the square" overlay={overlay('network-kink-line')} />
          <span className="net-detail-caption">output p(class 1)</span>
        </div>
      </div>
      <p className="net-words" data-testid="unit-words" aria-live="polite">
        {unit && segments ? unitWords(net, unit, segments) : ''}
      </p>
      <figcaption className="legend">
        <span><svg width="18" height="8" aria-hidden="true"><line x1="0" y1="4" x2="18" y2="4" stroke={POSITIVE} strokeWidth="3" /></svg>positive weight / activation</span>
        <span><svg width="18" height="8" aria-hidden="true"><line x1="0" y1="4" x2="18" y2="4" stroke={NEGATIVE} strokeWidth="3" /></svg>negative</span>
        <span><svg width="18" height="8" aria-hidden="true"><line x1="0" y1="4" x2="18" y2="4" stroke={KINK_COLOR} strokeWidth="2.5" /></svg>{smooth ? 'z = 0 (no kink)' : 'kink: z = 0'}</span>
      </figcaption>
    </figure>
  );
}
