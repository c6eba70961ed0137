import { useEffect, useRef, useState } from 'react';

/** The space a figure may fill, in CSS pixels: the shell measures it, the figure sizes itself to it. */
export interface Box {
  width: number;
  height: number;
}

/**
 * Size of an element's content box, kept current with a ResizeObserver. The hero's box gets its size
 * from CSS (the viewport left over in lecture mode, a share of it in the article, a sticky band on a
 * phone), and its figure is drawn to fit it rather than to a width alone.
 */
export function useBox<T extends HTMLElement>(fallback: Box): [React.RefObject<T | null>, Box] {
  const ref = useRef<T | null>(null);
  const [box, setBox] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const r = entries[0]?.contentRect;
      if (!r) return;
      const next = { width: Math.floor(r.width), height: Math.floor(r.height) };
      if (next.width > 0 && next.height > 0) setBox((b) => (b.width === next.width && b.height === next.height ? b : next));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, box];
}

/** Room under a chart for its legend, in CSS pixels. */
const LEGEND_ROOM = 40;

/** The size of a chart that fills a figure's box with its legend under it, at least `minHeight` tall. */
export function chartSize(box: Box, minHeight: number): Box {
  return { width: box.width, height: Math.max(minHeight, box.height - LEGEND_ROOM) };
}
