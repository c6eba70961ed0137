/**
 * The DOM side of figure export: find a panel's figures, serialise their SVG with computed styles
 * inlined, embed their canvases as PNG images, and render the result to a PNG. Panels need no changes:
 * a figure is a `figure.chart` element (or a lone chart-sized <svg>/<canvas>) inside the panel.
 */
import { composeSvg, styleText, type Layer, type LegendEntry } from './svg';

export interface FoundFigure {
  element: Element;
  title: string;
}

const MIN_SIZE = 60;

function isRootGraphic(el: Element, within: Element): boolean {
  // Nested <svg> inside a chart's <svg>, and legend swatches, belong to something bigger.
  if (el.parentElement?.closest('svg')) return false;
  if (el.closest('.legend') || el.closest('.katex')) return false;
  const r = el.getBoundingClientRect();
  return within.contains(el) && r.width >= MIN_SIZE && r.height >= MIN_SIZE;
}

function graphics(root: Element): Element[] {
  return Array.from(root.querySelectorAll('svg, canvas')).filter((el) => isRootGraphic(el, root));
}

/** The heading that introduces a figure: the last h2–h4 before it inside its nearest ancestor that has one. */
function headingFor(el: Element, panel: Element): string {
  for (let a = el.parentElement; a && panel.contains(a); a = a.parentElement) {
    const before = Array.from(a.querySelectorAll('h3, h4, h2')).filter(
      (h) => !h.contains(el) && h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const h = before[before.length - 1];
    if (h?.textContent?.trim()) return h.textContent.trim();
    if (a === panel) break;
  }
  return '';
}

function describe(el: Element, panel: Element, index: number): string {
  const heading = headingFor(el, panel);
  const label = el.querySelector('svg[aria-label]')?.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? '';
  const short = label.length > 60 ? `${label.slice(0, 57)}…` : label;
  return heading || short || `Figure ${index + 1}`;
}

/** The panel's figures in document order, each with a human title (made unique). */
export function findFigures(panel: Element): FoundFigure[] {
  const figures = Array.from(panel.querySelectorAll('figure')).filter((f) => graphics(f).length > 0 && !f.parentElement?.closest('figure'));
  const loose = graphics(panel).filter((g) => !g.closest('figure'));
  const all = [...figures, ...loose].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const seen = new Map<string, number>();
  return all.map((element, i) => {
    let title = describe(element, panel, i);
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    if (n > 1) title = `${title} (${n})`;
    return { element, title };
  });
}

/** An <svg> element as standalone markup with every element's computed presentation inlined. */
export function serializeSvg(svg: SVGSVGElement | Element): string {
  const clone = svg.cloneNode(true) as Element;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  src.forEach((el, i) => {
    const copy = dst[i];
    if (!copy) return;
    const cs = getComputedStyle(el);
    const inline = styleText((p) => cs.getPropertyValue(p));
    if (inline) copy.setAttribute('style', inline);
    else copy.removeAttribute('style');
    copy.removeAttribute('class');
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const r = svg.getBoundingClientRect();
  if (!clone.getAttribute('width')) clone.setAttribute('width', String(Math.round(r.width)));
  if (!clone.getAttribute('height')) clone.setAttribute('height', String(Math.round(r.height)));
  // The page lets charts draw past their box (overflow: visible); a file should too.
  clone.setAttribute('overflow', 'visible');
  return new XMLSerializer().serializeToString(clone);
}

function backgroundOf(el: Element): string {
  for (let a: Element | null = el; a; a = a.parentElement) {
    const bg = getComputedStyle(a).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

function legendEntries(figure: Element): LegendEntry[] {
  const legend = figure.querySelector('.legend') ?? (figure.nextElementSibling?.classList.contains('legend') ? figure.nextElementSibling : null);
  if (!legend) return [];
  const items = legend.children.length ? Array.from(legend.children) : [legend];
  return items
    .map((item) => {
      const sw = item.querySelector('svg');
      const r = sw?.getBoundingClientRect();
      return {
        swatch: sw && r ? { markup: serializeSvg(sw), width: Math.round(r.width), height: Math.round(r.height) } : null,
        text: (item.textContent ?? '').replace(/\s+/g, ' ').trim(),
      };
    })
    .filter((e) => e.text || e.swatch);
}

/** One standalone SVG for a figure: its canvases (as embedded PNGs) and SVG layers where they sit on the page, plus its legend. */
export function figureSvg(figure: FoundFigure): { svg: string; width: number; height: number } {
  // A figure is a <figure> holding graphics, or a lone chart-sized <svg>/<canvas> itself.
  const parts = figure.element.matches('svg, canvas') ? [figure.element] : graphics(figure.element);
  if (parts.length === 0) throw new Error('This figure has nothing drawn yet.');
  const boxes = parts.map((p) => p.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const width = Math.max(...boxes.map((b) => b.right)) - left;
  const height = Math.max(...boxes.map((b) => b.bottom)) - top;
  const layers: Layer[] = parts.map((p, i) => {
    const b = boxes[i]!;
    const at = { x: Math.round(b.left - left), y: Math.round(b.top - top), width: Math.round(b.width), height: Math.round(b.height) };
    return p instanceof HTMLCanvasElement ? { kind: 'image', ...at, href: p.toDataURL('image/png') } : { kind: 'svg', ...at, markup: serializeSvg(p) };
  });
  const cs = getComputedStyle(figure.element);
  const svg = composeSvg({
    width,
    height,
    title: figure.title,
    background: backgroundOf(figure.element),
    color: cs.color,
    fontFamily: cs.fontFamily,
    layers,
    legend: figure.element.tagName === 'FIGURE' ? legendEntries(figure.element) : [],
  });
  const m = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  return { svg, width: Number(m?.[1] ?? width), height: Number(m?.[2] ?? height) };
}

/** Rasterise standalone SVG markup to a PNG at `scale` device pixels per CSS pixel. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The figure could not be rendered to an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2-D canvas context for the PNG.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Save a Blob as a file through a temporary <a download> (a blob: URL on this origin). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
