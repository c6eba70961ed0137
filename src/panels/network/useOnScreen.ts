import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether an element is on screen (in the viewport and rendered: a closed <details> hides it). The
 * network diagram redraws its canvas only then: it is a secondary figure, drawn while "More" is
 * closed or scrolled away, and its maps and edges would otherwise cost every frame for nothing.
 */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  // Without an observer (old browsers), always draw.
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}
