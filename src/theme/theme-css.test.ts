import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { darkMarks, pageColors, palette, sharedColors, textColors, textHues, type Hue } from '../charts/palette';
import { markHues, themeCss } from './theme-css';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** CIE L*a*b* of a #rrggbb colour (sRGB, D65). */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
/** CIE76 colour difference: about 2.3 is just noticeable; hues a reader must tell apart need far more. */
function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
const minPairDeltaE = (colors: string[]) => Math.min(...colors.flatMap((a, i) => colors.slice(i + 1).map((b) => deltaE(a, b))));

/** The body of the first rule whose selector is exactly `selector`. */
function block(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, selector).toBeGreaterThanOrEqual(0);
  const body = css.slice(start + selector.length + 2, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+): ([^;]+);/g)].map((m) => [m[1]!, m[2]!]));
}

const HUES = Object.keys(palette) as Hue[];
const css = themeCss();

describe('the palette is the one source of the theme colours', () => {
  it('the contrast checks themselves: white on black is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(contrast('#0072b2', '#0072b2')).toBe(1);
  });

  it('every text hue is at least 4.5:1 against the panel of its theme (lecture: the light hues)', () => {
    for (const hue of HUES) {
      expect(contrast(textHues.light[hue], pageColors.light.panel), `light ${hue}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(textHues.dark[hue], pageColors.dark.panel), `dark ${hue}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(textHues.light[hue], pageColors.lecture.panel), `lecture ${hue}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('text and accents read at 4.5:1 in every theme: fg on bg, on-accent on accent', () => {
    for (const theme of ['light', 'dark', 'lecture'] as const) {
      const c = pageColors[theme];
      expect(contrast(c.fg, c.bg), `${theme} fg`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c['on-accent'], c.accent), `${theme} on-accent`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('marks in the dark theme stand out from its panel and background: every hue at least 4:1 (WCAG asks 3:1 of graphics; a 1.5 px line reads darker than its colour)', () => {
    // The complaint it answers: the train loss in Okabe–Ito blue was 3.1:1 on the dark panel, hard to see.
    expect(contrast(palette.blue, pageColors.dark.panel)).toBeLessThan(3.2);
    for (const hue of HUES) {
      const mark = markHues('dark')[hue];
      expect(contrast(mark, pageColors.dark.panel), `dark mark ${hue} on the panel`).toBeGreaterThanOrEqual(4);
      expect(contrast(mark, pageColors.dark.bg), `dark mark ${hue} on the page`).toBeGreaterThanOrEqual(4);
    }
  });

  it('lifting hues for the dark theme keeps the marks as distinguishable as the palette: the closest pair at least as far apart, blue and sky too', () => {
    const light = Object.values(markHues('light'));
    const dark = Object.values(markHues('dark'));
    expect(minPairDeltaE(dark)).toBeGreaterThanOrEqual(minPairDeltaE(light) - 1e-9);
    expect(deltaE(markHues('dark').blue, markHues('dark').sky)).toBeGreaterThanOrEqual(deltaE(palette.blue, palette.sky));
    // The light theme and the projector keep the Okabe–Ito values.
    expect(markHues('light')).toEqual(palette);
  });

  it('an empty raster cell ("no credit at all") is a quiet grey in every theme: told apart from the panel (≥ 1.15:1), never a glaring patch (≤ 2:1 against the dark panel)', () => {
    for (const theme of ['light', 'dark', 'lecture'] as const) {
      const c = pageColors[theme];
      expect(contrast(c['cell-none'], c.panel), `${theme} cell-none`).toBeGreaterThanOrEqual(1.15);
    }
    expect(contrast(pageColors.dark['cell-none'], pageColors.dark.panel)).toBeLessThanOrEqual(2);
    // The old light grey on the dark panel was the glare (13:1).
    expect(contrast(pageColors.light['cell-none'], pageColors.dark.panel)).toBeGreaterThan(10);
  });

  it('in the dark theme, SVG marks drawn in a lifted hue take it through generated rules, and the projector keeps the palette', () => {
    for (const [hue, value] of Object.entries(darkMarks) as [Hue, string][]) {
      for (const root of [":root:not([data-theme='light'])", ":root[data-theme='dark']"])
        for (const prop of ['stroke', 'fill'])
          expect(css).toContain(`${root}:not(.lecture) [${prop}='${palette[hue]}' i] { ${prop}: ${value}; }`);
    }
  });

  it('the generated CSS gives each theme exactly its palette values', () => {
    const text = (theme: 'light' | 'dark') => Object.fromEntries(HUES.map((h) => [`text-${h}`, textHues[theme][h]]));
    const marks = (theme: 'light' | 'dark') => Object.fromEntries(HUES.map((h) => [`mark-${h}`, markHues(theme)[h]]));
    const light = { ...pageColors.light, ...text('light'), ...marks('light'), ...sharedColors };
    const dark = { ...pageColors.dark, ...text('dark'), ...marks('dark') };
    expect(block(css, ':root')).toEqual(light);
    expect(block(css, ":root:not([data-theme='light'])")).toEqual(dark);
    expect(block(css, ":root[data-theme='light']")).toEqual(light);
    expect(block(css, ":root[data-theme='dark']")).toEqual(dark);
    expect(block(css, 'html.lecture:root')).toEqual({ ...pageColors.lecture, ...text('light'), ...marks('light') });
    expect(css).toContain("@media (prefers-color-scheme: dark) {\n:root:not([data-theme='light'])");
  });

  it('textColors point at the generated properties, falling back on the light values', () => {
    expect(textColors.orange).toBe('var(--text-orange, #986900)');
    for (const hue of HUES) expect(textColors[hue]).toBe(`var(--text-${hue}, ${textHues.light[hue]})`);
  });

  it('no stylesheet declares a theme colour again', () => {
    const names = [...Object.keys(pageColors.light), ...Object.keys(sharedColors), ...HUES.flatMap((h) => [`text-${h}`, `mark-${h}`])];
    const declares = new RegExp(`--(${names.join('|')})\\s*:`);
    const sheets: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.css')) sheets.push(path);
      }
    };
    walk('src');
    expect(sheets.length).toBeGreaterThan(5);
    expect(sheets.filter((path) => declares.test(readFileSync(path, 'utf8')))).toEqual([]);
  });
});
