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
