/**
 * Where each unit of the network diagram goes: layers as rows from the input (top) to the output
 * (bottom), units spaced evenly across the width, every map square. Rows rather than TF Playground's
 * columns because the figure sits in a card wider than tall: sixteen units across a card still get
 * maps of ~20 px, where sixteen down it would be twice as tall as the card. The map size shrinks with
 * the widest drawn layer (hidden layers are capped at MAX_DRAWN_UNITS, so a 64-unit layer never
 * overflows), and nothing is placed outside [0, width].
 */

export interface UnitBox {
  /** Row in the diagram: 0 = the inputs, then each hidden layer, last = the output. */
  row: number;
  /** Index within the row. */
  index: number;
  x: number;
  y: number;
  size: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** Side of every map, in CSS pixels. */
  size: number;
  /** Units of each row, in row order. */
  rows: UnitBox[][];
  /** Top of each row's label (the label sits just above the row's maps). */
  labelY: number[];
}

/** Height of a row's label line above its maps. */
export const LABEL_HEIGHT = 15;

/**
 * @param counts units drawn per row: [inputs, ...drawn hidden, outputs drawn] (the output is drawn
 *   as one unit, p(class 1), in the figure).
 */
export function diagramLayout(counts: readonly number[], width: number): DiagramLayout {
  const widest = Math.max(1, ...counts);
  const pitch = Math.min(64, width / widest);
  const size = Math.max(8, Math.min(44, Math.floor(pitch * 0.78)));
  // The band between rows holds the edges: taller for bigger maps, so their slopes stay readable.
  const band = Math.round(Math.max(30, Math.min(64, size * 1.4)));
  const rows: UnitBox[][] = [];
  const labelY: number[] = [];
  let y = 0;
  counts.forEach((count, row) => {
    labelY.push(y);
    y += LABEL_HEIGHT;
    const span = count * pitch;
    const left = (width - span) / 2;
    rows.push(Array.from({ length: count }, (_, index) => ({ row, index, x: left + index * pitch + (pitch - size) / 2, y, size })));
    y += size + (row < counts.length - 1 ? band : 0);
  });
  return { width, height: Math.ceil(y + 2), size, rows, labelY };
}
