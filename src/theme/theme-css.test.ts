import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageColors, palette, sharedColors, textColors, textHues, type Hue } from '../charts/palette';
import { themeCss } from './theme-css';

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

  it('the generated CSS gives each theme exactly its palette values', () => {
    const text = (theme: 'light' | 'dark') => Object.fromEntries(HUES.map((h) => [`text-${h}`, textHues[theme][h]]));
    const light = { ...pageColors.light, ...text('light'), ...sharedColors };
    const dark = { ...pageColors.dark, ...text('dark') };
    expect(block(css, ':root')).toEqual(light);
    expect(block(css, ":root:not([data-theme='light'])")).toEqual(dark);
    expect(block(css, ":root[data-theme='light']")).toEqual(light);
    expect(block(css, ":root[data-theme='dark']")).toEqual(dark);
    expect(block(css, 'html.lecture:root')).toEqual({ ...pageColors.lecture, ...text('light') });
    expect(css).toContain("@media (prefers-color-scheme: dark) {\n:root:not([data-theme='light'])");
  });

  it('textColors point at the generated properties, falling back on the light values', () => {
    expect(textColors.orange).toBe('var(--text-orange, #986900)');
    for (const hue of HUES) expect(textColors[hue]).toBe(`var(--text-${hue}, ${textHues.light[hue]})`);
  });

  it('no stylesheet declares a theme colour again', () => {
    const names = [...Object.keys(pageColors.light), ...Object.keys(sharedColors), ...HUES.map((h) => `text-${h}`)];
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
