/**
 * Serves `virtual:theme.css`: the CSS custom properties of every theme, generated from the palette
 * (src/charts/palette.ts via src/theme/theme-css.ts), so the colours are written once and CSS reads the
 * same values as the code. Build time rather than run time: the properties must be in the stylesheet
 * before the first paint.
 */
import type { Plugin } from 'vite';
import { themeCss } from '../src/theme/theme-css';

const ID = 'virtual:theme.css';
// No '\0' prefix: the id must still end in .css for Vite's CSS pipeline to bundle it.
const RESOLVED = '/@gb/theme.css';

export function themeCssPlugin(): Plugin {
  return {
    name: 'gb-theme-css',
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      return id === RESOLVED ? themeCss() : null;
    },
  };
}
