import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { serviceWorkerSource } from '../../build-tools/offline';

type Listener = (event: { request?: unknown; waitUntil?: (p: Promise<unknown>) => void; respondWith?: (r: Promise<Response>) => void }) => void;

/** The generated worker with real Response/Headers, a cache that holds every file, and a network that answers or not. */
function load(isolate: boolean, online: boolean) {
  const listeners: Record<string, Listener> = {};
  const body = (url: string) => new Response(`body of ${url}`, { headers: { 'Content-Type': 'text/javascript' } });
  const cache = { addAll: async () => undefined, match: async (req: string | { url: string }) => body(typeof req === 'string' ? req : req.url) };
  runInNewContext(serviceWorkerSource(['index.html', 'assets/a.js'], 'v1', isolate), {
    self: { location: new URL('https://user.github.io/repo/sw.js'), addEventListener: (t: string, fn: Listener) => (listeners[t] = fn), skipWaiting: async () => undefined, clients: { claim: async () => undefined, matchAll: async () => [] } },
    URL,
    Promise,
    Response,
    Headers,
    caches: { open: async () => cache, keys: async () => ['gb-v1'], delete: async () => true, match: async (req: string | { url: string }) => cache.match(req), has: async () => true },
    fetch: async (req: { url: string }) => {
      if (!online) throw new Error('offline');
      return body(req.url);
    },
  });
  return async (request: { method: string; mode: string; url: string }) => {
    let responded: Promise<Response> | undefined;
    listeners.fetch!({ request, respondWith: (r) => (responded = r), waitUntil: () => undefined });
    return responded ? await responded : undefined;
  };
}

const isolation = (r: Response | undefined) => [r?.headers.get('Cross-Origin-Opener-Policy'), r?.headers.get('Cross-Origin-Embedder-Policy'), r?.headers.get('Cross-Origin-Resource-Policy')];

describe('the service worker on a host that sends no headers', () => {
  for (const online of [true, false]) {
    it(`adds COOP/COEP/CORP to pages and to files it serves (${online ? 'online' : 'offline'}), keeping body and type`, async () => {
      const fetchIt = load(true, online);
      const page = await fetchIt({ method: 'GET', mode: 'navigate', url: 'https://user.github.io/repo/?exp=baseline' });
      expect(isolation(page)).toEqual(['same-origin', 'require-corp', 'same-origin']);
      const script = await fetchIt({ method: 'GET', mode: 'cors', url: 'https://user.github.io/repo/assets/a.js' });
      expect(isolation(script)).toEqual(['same-origin', 'require-corp', 'same-origin']);
      expect(script!.headers.get('Content-Type')).toBe('text/javascript');
      expect(await script!.text()).toBe('body of https://user.github.io/repo/assets/a.js');
    });
  }

  it('adds nothing when built with CROSS_ORIGIN_ISOLATION=off', async () => {
    const fetchIt = load(false, true);
    const page = await fetchIt({ method: 'GET', mode: 'navigate', url: 'https://user.github.io/repo/' });
    expect(isolation(page)).toEqual([null, null, null]);
  });
});
