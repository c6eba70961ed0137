/**
 * Pure pieces of the figure export: XML escaping, inline style text, and composing one standalone SVG
 * from the layers of a figure (SVG markup, canvas rasters as images, legend entries). The DOM side
 * (reading computed styles, serialising elements) is in capture.ts.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The presentation properties copied from computed style onto each exported SVG element, so the file
 * looks the same without the page's stylesheet (CSS variables are resolved by then).
 */
export const SVG_STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
  'shape-rendering',
] as const;

/** Values that equal the SVG initial value add nothing: leave them out to keep files small. */
const INITIAL: Record<string, string> = {
  'fill-opacity': '1',
  'stroke-opacity': '1',
  opacity: '1',
  'stroke-dasharray': 'none',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  'font-style': 'normal',
  'text-anchor': 'start',
  'dominant-baseline': 'auto',
  'paint-order': 'normal',
  visibility: 'visible',
  'shape-rendering': 'auto',
  display: 'inline',
};

/** A style attribute's text from property → value pairs, skipping empty and initial values. */
export function styleText(get: (property: string) => string, properties: readonly string[] = SVG_STYLE_PROPERTIES): string {
  const parts: string[] = [];
  for (const p of properties) {
    const v = get(p).trim();
    if (!v || INITIAL[p] === v) continue;
    parts.push(`${p}:${v}`);
  }
  return parts.join(';');
}

export type Layer =
  /** Serialised <svg> markup placed at (x, y). */
  | { kind: 'svg'; x: number; y: number; width: number; height: number; markup: string }
  /** A raster (a canvas as a PNG data URL) drawn at (x, y) with the given size. */
  | { kind: 'image'; x: number; y: number; width: number; height: number; href: string };

export interface LegendEntry {
  /** Serialised swatch <svg>, or null for a text-only entry. */
  swatch: { markup: string; width: number; height: number } | null;
  text: string;
}

export interface FigureSpec {
  width: number;
  height: number;
  title: string;
  background: string;
  /** Colour and font of the legend text. */
  color: string;
  fontFamily: string;
  layers: Layer[];
  legend: LegendEntry[];
  /** Margin around everything, in px (8 when left out). */
  pad?: number;
}

const LEGEND_ROW = 18;
const LEGEND_FONT = 12;

/** Legend rows laid out left to right, wrapping at `width`; returns their positions and the total height. */
export function layoutLegend(entries: readonly LegendEntry[], width: number, charWidth = LEGEND_FONT * 0.58): { x: number; y: number; entry: LegendEntry }[] {
  const out: { x: number; y: number; entry: LegendEntry }[] = [];
  let x = 0;
  let y = 0;
  for (const entry of entries) {
    const w = (entry.swatch ? entry.swatch.width + 5 : 0) + entry.text.length * charWidth + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      y += LEGEND_ROW;
    }
    out.push({ x, y, entry });
    x += w;
  }
  return out;
}

function legendHeight(placed: { y: number }[]): number {
  return placed.length ? placed[placed.length - 1]!.y + LEGEND_ROW + 6 : 0;
}

/** Nested <svg> markup placed at (x, y): the root element gets x/y attributes added (or replaced). */
export function placeSvg(markup: string, x: number, y: number): string {
  return markup.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
    const rest = attrs.replace(/\s(x|y)="[^"]*"/g, '');
    return `<svg x="${x}" y="${y}"${rest}>`;
  });
}

/** One standalone SVG document for a figure: background, layers in order, then the legend below. */
export function composeSvg(spec: FigureSpec): string {
  const placed = layoutLegend(spec.legend, spec.width);
  const legendTop = spec.height + (placed.length ? 8 : 0);
  const pad = spec.pad ?? 8;
  const totalH = Math.ceil(legendTop + legendHeight(placed) + 2 * pad);
  const w = Math.ceil(spec.width + 2 * pad);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${totalH}" viewBox="0 0 ${w} ${totalH}">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="100%" height="100%" fill="${escapeXml(spec.background)}"/>`,
    `<g transform="translate(${pad} ${pad})">`,
  ];
  for (const l of spec.layers) {
    if (l.kind === 'image') {
      parts.push(`<image x="${l.x}" y="${l.y}" width="${l.width}" height="${l.height}" preserveAspectRatio="none" href="${escapeXml(l.href)}" xlink:href="${escapeXml(l.href)}"/>`);
    } else {
      parts.push(placeSvg(l.markup, l.x, l.y));
    }
  }
  if (placed.length) {
    parts.push(`<g font-family="${escapeXml(spec.fontFamily)}" font-size="${LEGEND_FONT}" fill="${escapeXml(spec.color)}">`);
    for (const { x, y, entry } of placed) {
      const top = legendTop + y;
      let tx = x;
      if (entry.swatch) {
        parts.push(placeSvg(entry.swatch.markup, x, top + (LEGEND_ROW - entry.swatch.height) / 2 - 3));
        tx += entry.swatch.width + 5;
      }
      parts.push(`<text x="${tx}" y="${top + LEGEND_FONT - 1}">${escapeXml(entry.text)}</text>`);
    }
    parts.push('</g>');
  }
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}
