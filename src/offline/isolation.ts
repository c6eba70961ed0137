/**
 * Cross-origin isolation on hosts that cannot send headers. The dev and preview servers send COOP/COEP
 * themselves (vite.config.ts); on a static host such as GitHub Pages the first visit arrives without
 * them, the service worker installs, and from then on it adds them to everything it serves
 * (build-tools/offline.ts). This reloads the page once, when the worker takes control, so the first
 * visit also trains on every core; if the page is still not isolated after that one reload (a browser
 * that will not, a blocked service worker), it says so and carries on with one thread. Settings
 * survive the reload: they are all in the address.
 */
import { pushNotice } from '../store/store';

declare const __GB_ISOLATE__: boolean;

const RELOADED = 'gb-isolation-reloaded';

function unavailable(reason: string): void {
  pushNotice('info', 'WebAssembly runs on one thread: this page could not be cross-origin isolated.', [reason]);
}

export function ensureIsolation(): void {
  if (!import.meta.env.PROD || !__GB_ISOLATE__ || window.crossOriginIsolated) return;
  let reloaded = false;
  try {
    reloaded = sessionStorage.getItem(RELOADED) !== null;
  } catch {
    // No session storage: never reload, so a reload loop is impossible.
    reloaded = true;
  }
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    unavailable('this browser offers no service worker here (one is needed to add the isolation headers on this host)');
    return;
  }
  if (reloaded) {
    unavailable('the page was reloaded through its service worker and is still not isolated');
    return;
  }
  const reloadOnce = () => {
    try {
      sessionStorage.setItem(RELOADED, '1');
    } catch {
      return;
    }
    window.location.reload();
  };
  // Controlled already but not isolated: a worker from an older build; the new one claims the page
  // when it activates. Either way the reload waits for a controller that adds the headers.
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
}

ensureIsolation();
