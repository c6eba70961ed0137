/**
 * Every colour of the page, written once. The marks' palette, the hues for text in each theme and the
 * page's own colours (background, lines, accent, alerts) per theme live here; the CSS custom properties
 * (`--bg`, `--text-orange`, …) are generated from them at build time (src/theme/theme-css.ts, served by
 * the Vite plugin in build-tools/theme-css.ts), so CSS and code cannot drift apart. Plain data: the
 * core-free Node tests read it too (contrast checks in src/theme/theme-css.test.ts).
 */

/** Okabe–Ito colours: distinguishable under the common colour-vision deficiencies. */
export const palette = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#777777',
} as const;

export type Hue = keyof typeof palette;

/** The two classes of the 2-D data sets. */
export const classColors = [palette.orange, palette.blue] as const;

/**
 * The same hues for text (a series named in a caption, a coloured readout), each at least 4.5:1 against
 * the panel of its theme: the plain palette is for marks; orange, sky and yellow text on white would be
 * unreadable. Become `--text-<hue>` in CSS.
 */
export const textHues = {
  light: {
    orange: '#986900',
    sky: '#1778af',
    green: '#00825e',
    yellow: '#777009',
    blue: '#0072b2',
    vermillion: '#bb5300',
    purple: '#b84685',
    grey: '#727272',
  },
  dark: {
    orange: '#e69f00',
    sky: '#56b4e9',
    green: '#009e73',
    yellow: '#f0e442',
    blue: '#0090e0',
    vermillion: '#e26400',
    purple: '#cc79a7',
    grey: '#8a8a8a',
  },
} as const satisfies Record<'light' | 'dark', Record<Hue, string>>;

/**
 * The marks' hues where the dark theme needs its own: Okabe–Ito blue is 3.1:1 on the dark panel, so a
 * thin blue line (the train loss, the forward sweep, full BPTT) sank into it; grey was 3.6:1. Lifted to
 * at least 4:1 (src/theme/theme-css.test.ts), the blue kept as far from sky as in the light theme. Every
 * SVG mark drawn in `palette[hue]` takes these in the dark theme through generated CSS (attribute rules
 * in src/theme/theme-css.ts: no chart has to know the theme); canvases read `--mark-<hue>`
 * (src/charts/theme-marks.ts).
 */
export const darkMarks: Partial<Record<Hue, string>> = {
  blue: '#3f83e6',
  grey: '#8a8a8a',
};

/** The page's colours in each theme; each key becomes a CSS custom property (`bg` → `--bg`). */
export interface PageColors {
  bg: string;
  fg: string;
  muted: string;
  panel: string;
  line: string;
  accent: string;
  'warn-bg': string;
  'err-bg': string;
  'info-bg': string;
  /** Text on an accent background (a pressed button, the current section). */
  'on-accent': string;
  /** The focus ring. */
  focus: string;
  /** A raster cell with nothing in it ("no credit at all"): a quiet grey, never a glaring patch. */
  'cell-none': string;
}

export const pageColors = {
  light: {
    bg: '#fbfaf7',
    fg: '#1d1d1f',
    muted: '#5b5b62',
    panel: '#ffffff',
    line: '#d9d6cf',
    accent: palette.blue.toLowerCase(),
    'warn-bg': '#fff4d6',
    'err-bg': '#fde8e4',
    'info-bg': '#e6f2fa',
    'on-accent': '#ffffff',
    focus: palette.purple.toLowerCase(),
    'cell-none': '#e9e9e9',
  },
  dark: {
    bg: '#15161a',
    fg: '#ecebe8',
    muted: '#a9a8b0',
    panel: '#1e2026',
    line: '#3a3c44',
    accent: palette.sky.toLowerCase(),
    'warn-bg': '#3a3016',
    'err-bg': '#3d1f18',
    'info-bg': '#16303f',
    // White on the light accent of the dark theme would be 2.3:1.
    'on-accent': '#15161a',
    focus: palette.purple.toLowerCase(),
    // The light theme's #e9e9e9 was a near-white block (13:1) on the dark panel.
    'cell-none': '#34363e',
  },
  /** The projector theme (html.lecture): black on white at full contrast, whatever the system or toggle says. */
  lecture: {
    bg: '#ffffff',
    fg: '#000000',
    muted: '#1f1f1f',
    panel: '#ffffff',
    line: '#555555',
    accent: '#004c99',
    'warn-bg': '#fff1c2',
    'err-bg': '#ffe0d6',
    'info-bg': '#e3f0fb',
    'on-accent': '#ffffff',
    focus: '#c4007a',
    'cell-none': '#e9e9e9',
  },
} as const satisfies Record<'light' | 'dark' | 'lecture', PageColors>;

/** Colours the same in every theme: the edges of warnings and errors. */
export const sharedColors = {
  'warn-line': palette.orange.toLowerCase(),
  'err-line': palette.vermillion.toLowerCase(),
} as const;

/**
 * The text hues as CSS values, for a `color` (or an SVG `style={{ fill }}`), not an SVG presentation
 * attribute. The fallback is the light value.
 */
export const textColors = Object.fromEntries(
  (Object.keys(palette) as Hue[]).map((hue) => [hue, `var(--text-${hue}, ${textHues.light[hue]})`]),
) as Record<Hue, string>;
