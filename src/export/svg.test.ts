import { describe, expect, it } from 'vitest';
import { composeSvg, escapeXml, layoutLegend, placeSvg, styleText } from './svg';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('styleText', () => {
  it('keeps set values and drops initial ones', () => {
    const values: Record<string, string> = { fill: 'rgb(0, 114, 178)', 'fill-opacity': '1', stroke: 'none', opacity: '0.5', 'text-anchor': 'start', 'font-size': '11px' };
    expect(styleText((p) => values[p] ?? '')).toBe('fill:rgb(0, 114, 178);stroke:none;opacity:0.5;font-size:11px');
  });
});

describe('placeSvg', () => {
  it('sets x and y on the root element only, replacing old ones', () => {
    expect(placeSvg('<svg x="1" width="10" y="2"><svg x="5"/></svg>', 3, 4)).toBe('<svg x="3" y="4" width="10"><svg x="5"/></svg>');
  });
});

describe('layoutLegend', () => {
  it('wraps entries that do not fit the width', () => {
    const e = { swatch: null, text: 'x'.repeat(20) };
    const placed = layoutLegend([e, e, e], 200, 6);
    expect(placed.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [0, 18],
      [0, 36],
    ]);
    const wide = layoutLegend([e, e], 1000, 6);
    expect(wide.map((p) => p.y)).toEqual([0, 0]);
    expect(wide[1]!.x).toBe(20 * 6 + 16);
  });
});

describe('composeSvg', () => {
  const svg = composeSvg({
    width: 100.4,
    height: 50,
    title: 'Loss <train>',
    background: 'rgb(255, 255, 255)',
    color: 'rgb(0, 0, 0)',
    fontFamily: 'system-ui',
    layers: [
      { kind: 'image', x: 0, y: 0, width: 100, height: 50, href: 'data:image/png;base64,AAAA' },
      { kind: 'svg', x: 0, y: 0, width: 100, height: 50, markup: '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><path d="M0 0L1 1"/></svg>' },
    ],
    legend: [{ swatch: { markup: '<svg width="18" height="8"><line/></svg>', width: 18, height: 8 }, text: 'train & test' }],
  });
  it('is one standalone document with a size that fits the legend', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('width="117" height="98" viewBox="0 0 117 98"');
    expect(svg).toContain('<title>Loss &lt;train&gt;</title>');
  });
  it('draws the raster below the SVG marks and escapes legend text', () => {
    expect(svg.indexOf('<image')).toBeLessThan(svg.indexOf('<path'));
    expect(svg).toContain('href="data:image/png;base64,AAAA"');
    expect(svg).toContain('<svg x="0" y="0" xmlns=');
    expect(svg).toContain('>train &amp; test</text>');
  });
  it('has balanced svg tags', () => {
    const open = (svg.match(/<svg\b/g) ?? []).length;
    const close = (svg.match(/<\/svg>/g) ?? []).length;
    expect(open).toBe(close);
  });
});
