/**
 * The CSS custom properties of every theme, generated from src/charts/palette.ts (the one place the
 * colours are written). The Vite plugin in build-tools/theme-css.ts serves this text as the module
 * `virtual:theme.css`, imported first by main.tsx, so the properties are in the page's stylesheet before
 * the first paint (set at run time by a script they would come a frame late, and a dark page would flash
 * light). Pure string building: no DOM, so Node reads and tests it.
 *
 * The cascade: `:root` holds the light theme; the system's dark preference applies unless the toggle
 * forced light (`data-theme`, src/theme/theme.ts); a forced theme wins over the system; the projector
 * theme (`html.lecture`) wins over all.
 */
import { pageColors, sharedColors, textHues, type PageColors } from '../charts/palette';

type Theme = 'light' | 'dark';

function declarations(page: PageColors, text: Theme, extra: Record<string, string> = {}): string {
  const vars = [
    ...Object.entries(page).map(([name, value]) => `--${name}: ${value};`),
    ...Object.entries(textHues[text]).map(([hue, value]) => `--text-${hue}: ${value};`),
    ...Object.entries(extra).map(([name, value]) => `--${name}: ${value};`),
  ];
  return vars.map((v) => `  ${v}`).join('\n');
}

function rule(selector: string, body: string, before = ''): string {
  return `${selector} {\n${before}${body}\n}`;
}

export function themeCss(): string {
  const light = declarations(pageColors.light, 'light', sharedColors);
  const dark = declarations(pageColors.dark, 'dark');
  return [
    '/* Generated from src/charts/palette.ts by build-tools/theme-css.ts: edit the colours there. */',
    rule(':root', light),
    `@media (prefers-color-scheme: dark) {\n${rule(":root:not([data-theme='light'])", dark)}\n}`,
    rule(":root[data-theme='light']", light, '  color-scheme: light;\n'),
    rule(":root[data-theme='dark']", dark, '  color-scheme: dark;\n'),
    rule('html.lecture:root', declarations(pageColors.lecture, 'light')),
    '',
  ].join('\n');
}
