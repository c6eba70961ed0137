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

/** The two classes of the 2-D data sets. */
export const classColors = [palette.orange, palette.blue] as const;

/**
 * The same hues for text (a series named in a caption, a coloured readout): CSS variables set per theme
 * in src/theme/theme.css, each at least 4.5:1 against the panel in its theme (the plain palette is
 * for marks; orange, sky and yellow text on white would be unreadable). The fallback is the light value.
 * Use in CSS `color` (or an SVG `style={{ fill }}`), not in an SVG presentation attribute.
 */
export const textColors = {
  orange: 'var(--text-orange, #986900)',
  sky: 'var(--text-sky, #1778af)',
  green: 'var(--text-green, #00825e)',
  yellow: 'var(--text-yellow, #777009)',
  blue: 'var(--text-blue, #0072b2)',
  vermillion: 'var(--text-vermillion, #bb5300)',
  purple: 'var(--text-purple, #b84685)',
  grey: 'var(--text-grey, #727272)',
} as const satisfies Record<keyof typeof palette, string>;
