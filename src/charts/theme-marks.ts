/**
 * Theme colours for canvases. SVG marks follow the theme through CSS (src/theme/theme-css.ts), but a
 * canvas is painted with resolved colours, so it reads the generated custom properties of the element
 * it paints (the dark theme's lifted mark hues, the empty-cell grey) at draw time.
 */
import { palette, type Hue } from './palette';

const HUE_OF = new Map((Object.keys(palette) as Hue[]).map((hue) => [palette[hue].toLowerCase(), hue]));

/** A CSS custom property's value on `el`, or `fallback` where it is not set (no stylesheet, a test). */
export function themeValue(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** The mark colour to paint for a palette colour in the element's theme; other colours pass through. */
export function markColor(el: Element, color: string): string {
  const hue = HUE_OF.get(color.toLowerCase());
  return hue ? themeValue(el, `--mark-${hue}`, color) : color;
}
