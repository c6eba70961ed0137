/**
 * Keeps the CSS variable --chrome-h equal to the height of the pinned header or lecture bar (0 when it
 * scrolls away, as on phones), so pinned figures sit just under it and lecture mode's stage can fill
 * exactly the screen that is left.
 */
export function startChromeHeight(): () => void {
  const root = document.documentElement;
  let observed: Element | null = null;
  const ro = new ResizeObserver(() => update());
  function update(): void {
    const bar = document.querySelector<HTMLElement>('.app-header, .compact-bar');
    if (bar !== observed) {
      if (observed) ro.unobserve(observed);
      if (bar) ro.observe(bar);
      observed = bar;
    }
    const pinned = bar && getComputedStyle(bar).position === 'sticky';
    root.style.setProperty('--chrome-h', `${pinned ? bar.offsetHeight : 0}px`);
  }
  // The bar is swapped when lecture mode toggles: look again whenever the page's children change.
  const mo = new MutationObserver(() => update());
  mo.observe(document.body, { childList: true, subtree: false });
  const root2 = document.getElementById('root');
  if (root2) mo.observe(root2, { childList: true });
  window.addEventListener('resize', update);
  update();
  return () => {
    ro.disconnect();
    mo.disconnect();
    window.removeEventListener('resize', update);
  };
}
