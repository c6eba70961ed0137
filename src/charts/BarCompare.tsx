import { scaleLinear } from 'd3';
import { Axis } from './Axis';
import { ChartFrame } from './ChartFrame';

export interface Bar {
  /** Row label. */
  label: string;
  /** Bar length; null when the quantity was not reached within the limit. */
  value: number | null;
  color: string;
  /** Drawn with a ring marker: the option now selected. */
  active?: boolean;
}

export interface BarGroup {
  /** Heading of the group. */
  title: string;
  bars: Bar[];
}

interface BarCompareProps {
  /** Groups of horizontal bars sharing one axis. */
  groups: BarGroup[];
  /** Axis label. */
  xLabel: string;
  /** Text shown for a bar that never got there (value null). */
  notReached: string;
  width: number;
  /** Accessible description of what the chart shows right now. */
  description: string;
}

const margin = { top: 4, right: 56, bottom: 40, left: 150 };
const BAR_H = 18;
const ROW_GAP = 6;
const GROUP_GAP = 30;

/** Horizontal bars in labelled groups on one shared linear axis, each bar with its value written out. */
export function BarCompare({ groups, xLabel, notReached, width, description }: BarCompareProps) {
  const innerW = Math.max(60, width - margin.left - margin.right);
  const values = groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const x = scaleLinear().domain([0, Math.max(1, ...values)]).range([0, innerW]).nice();
  const top: number[] = [];
  let cursor = 0;
  for (const g of groups) {
    top.push(cursor);
    cursor += 22 + g.bars.length * (BAR_H + ROW_GAP) + GROUP_GAP;
  }
  const innerH = cursor - GROUP_GAP + 4;
  return (
    <ChartFrame width={width} height={innerH + margin.top + margin.bottom} margin={margin} description={description}>
      <Axis scale={x} orient="bottom" offset={innerH} label={xLabel} gridLength={innerH} ticks={Math.max(2, Math.floor(innerW / 70))} />
      {groups.map((g, gi) => (
        <g key={g.title} transform={`translate(0,${top[gi]})`}>
          <text x={-margin.left} y={13} className="bar-group-title">
            {g.title}
          </text>
          {g.bars.map((b, bi) => {
            const yy = 22 + bi * (BAR_H + ROW_GAP);
            const w = b.value === null ? innerW : x(b.value);
            return (
              <g key={b.label} transform={`translate(0,${yy})`}>
                <text x={-8} y={BAR_H / 2} dy="0.32em" textAnchor="end" className="bar-label">
                  {b.active ? '▸ ' : ''}
                  {b.label}
                </text>
                <rect width={Math.max(1.5, w)} height={BAR_H} fill={b.color} fillOpacity={b.value === null ? 0.25 : 0.9} strokeDasharray={b.value === null ? '4 3' : undefined} stroke={b.value === null ? b.color : 'none'} />
                <text x={b.value === null ? 6 : Math.max(1.5, w) + 5} y={BAR_H / 2} dy="0.32em" className="bar-value">
                  {b.value === null ? notReached : b.value.toLocaleString('en-US')}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </ChartFrame>
  );
}
