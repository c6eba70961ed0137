/**
 * Registers the service worker (built by build-tools/offline.ts) in production builds only. Its URL
 * is relative to the page's base (BASE_PATH or './'), so its scope is the site's folder whatever path
 * it is hosted under. Registered after the page has loaded so its precache does not compete with the
 * first frame.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    const url = new URL(`${import.meta.env.BASE_URL}sw.js`, document.baseURI);
    navigator.serviceWorker.register(url, { scope: new URL('./', url).pathname }).catch((e: unknown) => {
      console.warn('Offline support is unavailable:', e);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

registerServiceWorker();
