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
import { darkMarks, pageColors, palette, sharedColors, textHues, type Hue, type PageColors } from '../charts/palette';

type Theme = 'light' | 'dark';

/** The marks' hues of a theme: the palette, with the dark theme's lifted hues over it. */
export function markHues(theme: Theme): Record<Hue, string> {
  return { ...palette, ...(theme === 'dark' ? darkMarks : {}) };
}

function declarations(page: PageColors, text: Theme, extra: Record<string, string> = {}): string {
  const vars = [
    ...Object.entries(page).map(([name, value]) => `--${name}: ${value};`),
    ...Object.entries(textHues[text]).map(([hue, value]) => `--text-${hue}: ${value};`),
    ...Object.entries(markHues(text)).map(([hue, value]) => `--mark-${hue}: ${value};`),
    ...Object.entries(extra).map(([name, value]) => `--${name}: ${value};`),
  ];
  return vars.map((v) => `  ${v}`).join('\n');
}

/**
 * SVG marks drawn in a palette hue the dark theme lifts (`stroke="#0072B2"`) take the lifted hue. An
 * author rule beats a presentation attribute, so every chart follows without knowing the theme.
 * `root` selects the dark theme's root; the projector theme (.lecture) keeps the palette.
 */
function darkMarkRules(root: string): string {
  return (Object.entries(darkMarks) as [Hue, string][])
    .flatMap(([hue, value]) =>
      (['stroke', 'fill'] as const).map((prop) => `${root}:not(.lecture) [${prop}='${palette[hue]}' i] { ${prop}: ${value}; }`),
    )
    .join('\n');
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
    `@media (prefers-color-scheme: dark) {\n${rule(":root:not([data-theme='light'])", dark)}\n${darkMarkRules(":root:not([data-theme='light'])")}\n}`,
    rule(":root[data-theme='light']", light, '  color-scheme: light;\n'),
    rule(":root[data-theme='dark']", dark, '  color-scheme: dark;\n'),
    darkMarkRules(":root[data-theme='dark']"),
    rule('html.lecture:root', declarations(pageColors.lecture, 'light')),
    '',
  ].join('\n');
}
