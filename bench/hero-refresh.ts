/**
 * Hero refreshes per second, counted in the page: animation frames in which anything under the hero
 * figure changed (attributes, text, nodes), over a window. What a viewer sees move, not what the
 * worker sent: a frame the page dropped or did not redraw does not count.
 */
import type { Page } from '@playwright/test';

// Passed as source text (tsx would wrap a named function in a helper the page lacks).
const PROBE = `new Promise((resolve) => {
  const hero = document.querySelector(SELECTOR);
  if (!hero) { resolve(-1); return; }
  let changed = false;
  let refreshes = 0;
  const observer = new MutationObserver(() => { changed = true; });
  observer.observe(hero, { subtree: true, childList: true, attributes: true, characterData: true });
  const end = performance.now() + WINDOW_MS;
  function tick(t) {
    if (changed) refreshes++;
    changed = false;
    if (t < end) requestAnimationFrame(tick);
    else { observer.disconnect(); resolve(refreshes); }
  }
  requestAnimationFrame(tick);
})`;

/** Refreshes per second of the element `selector` over `windowMs` (−1 when it is not on the page). */
export async function heroRefreshesPerSecond(page: Page, selector: string, windowMs: number): Promise<number> {
  const n = (await page.evaluate(PROBE.replace('SELECTOR', JSON.stringify(selector)).replace('WINDOW_MS', String(windowMs)))) as number;
  return n < 0 ? -1 : Math.round((n * 10000) / windowMs) / 10;
}
