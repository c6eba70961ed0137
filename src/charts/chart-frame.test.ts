import { createElement, createRef } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartFrame, plotSize } from './ChartFrame';
import { colourTable, shownRange, tableColour } from './raster';

const margin = { top: 10, right: 12, bottom: 40, left: 64 };

describe('ChartFrame', () => {
  it('plotSize is the size less the margins, never below the minimum', () => {
    expect(plotSize(400, 200, margin)).toEqual({ innerW: 324, innerH: 150 });
    expect(plotSize(50, 30, margin)).toEqual({ innerW: 10, innerH: 10 });
    expect(plotSize(50, 30, margin, 40)).toEqual({ innerW: 40, innerH: 40 });
  });

  it('draws a figure, a labelled SVG, the plot group and the legend, in that order', () => {
    const html = renderToStaticMarkup(
      createElement(ChartFrame, { width: 400, height: 200, margin, description: 'Loss over 5 steps', legend: createElement('figcaption', { className: 'legend' }, 'key'), children: createElement('path', { d: 'M0,0' }) }),
    );
    expect(html).toBe(
      '<figure class="chart"><svg width="400" height="200" role="img" aria-label="Loss over 5 steps"><g transform="translate(64,10)"><path d="M0,0"></path></g></svg><figcaption class="legend">key</figcaption></figure>',
    );
  });

  it('puts a raster canvas over the plot box under an absolutely placed SVG', () => {
    const html = renderToStaticMarkup(
      createElement(
        ChartFrame,
        { width: 300, height: 300, margin, description: 'map', raster: { width: 224, height: 250, pixels: [64, 64] }, canvasRef: createRef<HTMLCanvasElement>(), className: 'chart map', children: null },
      ),
    );
    expect(html).toBe(
      '<figure class="chart map"><div style="position:relative;width:300px;height:300px">' +
        '<canvas width="64" height="64" aria-hidden="true" style="position:absolute;left:64px;top:10px;width:224px;height:250px;image-rendering:pixelated"></canvas>' +
        '<svg width="300" height="300" role="img" aria-label="map" style="position:absolute;inset:0"><g transform="translate(64,10)"></g></svg></div></figure>',
    );
  });
});

describe('raster helpers', () => {
  it('shownRange takes log10 when asked (floored at 1e-12) and never returns an empty range', () => {
    const r = shownRange([100, 0.01, 0], true);
    expect(Array.from(r.shown)).toEqual([2, -2, -12]);
    expect([r.lo, r.hi]).toEqual([-12, 2]);
    const flat = shownRange([3, 3], false);
    expect(flat.lo).toBe(3);
    expect(flat.hi).toBeCloseTo(3 + 1e-9, 15);
  });

  it('colourTable holds 256 colours of the scale; tableColour clamps and greys out non-finite values', () => {
    const table = colourTable((t) => `rgb(${Math.round(255 * t)}, 0, 0)`);
    expect(table).toHaveLength(256);
    expect(tableColour(table, 0)).toEqual([0, 0, 0]);
    expect(tableColour(table, 1)).toEqual([255, 0, 0]);
    expect(tableColour(table, 2)).toEqual([255, 0, 0]);
    expect(tableColour(table, -1)).toEqual([0, 0, 0]);
    expect(tableColour(table, 0.5)).toEqual([128, 0, 0]);
    expect(tableColour(table, NaN)).toEqual([200, 200, 200]);
  });
});
