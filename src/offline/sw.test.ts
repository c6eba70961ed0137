import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { serviceWorkerSource } from '../../build-tools/offline';

type Listener = (event: { request?: unknown; waitUntil?: (p: Promise<unknown>) => void; respondWith?: (r: unknown) => void }) => void;
type Entry = string | Response;

/** A CacheStorage in memory: named caches of URL → entry, kept in creation order, as the browser does. */
class FakeCaches {
  readonly named = new Map<string, Map<string, Entry>>();
  private urlOf = (req: string | { url: string }) => (typeof req === 'string' ? req : req.url).split('?')[0]!;
  private cacheFor(store: Map<string, Entry>, added: string[]) {
    return {
      addAll: async (urls: string[]) => {
        added.push(...urls);
        urls.forEach((u) => store.set(u, `cached ${u}`));
      },
      match: async (req: string | { url: string }) => store.get(this.urlOf(req)),
      put: async (req: string, res: Response) => void store.set(this.urlOf(req), res),
    };
  }
  constructor(readonly added: string[] = []) {}
  seed(name: string, files: Record<string, string>): void {
    this.named.set(name, new Map(Object.entries(files)));
  }
  api() {
    return {
      open: async (name: string) => {
        if (!this.named.has(name)) this.named.set(name, new Map());
        return this.cacheFor(this.named.get(name)!, this.added);
      },
      keys: async () => [...this.named.keys()],
      delete: async (name: string) => this.named.delete(name),
      match: async (req: string | { url: string }, opts: { cacheName?: string } = {}) => {
        const names = opts.cacheName === undefined ? [...this.named.keys()] : [opts.cacheName];
        for (const n of names) {
          const hit = this.named.get(n)?.get(this.urlOf(req));
          if (hit !== undefined) return hit;
        }
        return undefined;
      },
    };
  }
}

/** Runs the generated worker in a bare context with a fake `self`, `caches` and windows, at the given URL. */
function load(swUrl: string, files: string[], storage = new FakeCaches(), windows: { id: string }[] = []) {
  const listeners: Record<string, Listener> = {};
  const fetched: string[] = [];
  const self = {
    location: new URL(swUrl),
    addEventListener: (type: string, fn: Listener) => (listeners[type] = fn),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined, matchAll: async () => windows },
  };
  class SwResponse extends Response {
    static override error() {
      return 'error' as unknown as Response;
    }
  }
  const context = {
    self,
    URL,
    Promise,
    Set,
    JSON,
    Response: SwResponse,
    caches: storage.api(),
    fetch: async (req: { url: string }) => {
      fetched.push(req.url);
      throw new Error('offline');
    },
  };
  runInNewContext(serviceWorkerSource(files, 'v1'), context);
  return { listeners, added: storage.added, fetched, storage, windows };
}

async function fire(l: Listener, request?: unknown): Promise<unknown> {
  let responded: unknown;
  const waited: Promise<unknown>[] = [];
  l({ request, waitUntil: (p) => waited.push(p), respondWith: (r) => (responded = r) });
  await Promise.all(waited);
  return responded === undefined ? undefined : await responded;
}

describe('the generated service worker', () => {
  const files = ['assets/index-abc.js', 'assets/tfjs-backend-wasm-x.wasm', 'index.html'];

  it('precaches every build file relative to its own folder (any base path)', async () => {
    const sw = load('https://host.example/demos/backprop/sw.js', files);
    await fire(sw.listeners.install!);
    expect(sw.added).toEqual(files.map((f) => `https://host.example/demos/backprop/${f}`));
  });

  it('serves build files from the cache, ignoring the query', async () => {
    const sw = load('https://host.example/app/sw.js', files);
    await fire(sw.listeners.install!);
    const r = await fire(sw.listeners.fetch!, { method: 'GET', mode: 'cors', url: 'https://host.example/app/assets/index-abc.js?v=1' });
    expect(r).toBe('cached https://host.example/app/assets/index-abc.js');
    expect(sw.fetched).toEqual([]);
  });

  it('falls back to the cached index.html for a navigation when the network is down', async () => {
    const sw = load('https://host.example/app/sw.js', files);
    await fire(sw.listeners.install!);
    const r = await fire(sw.listeners.fetch!, { method: 'GET', mode: 'navigate', url: 'https://host.example/app/?exp=baseline' });
    expect(sw.fetched).toEqual(['https://host.example/app/?exp=baseline']);
    expect(r).toBe('cached https://host.example/app/index.html');
  });

  it('leaves other origins, other paths and non-GET requests alone', async () => {
    const sw = load('https://host.example/app/sw.js', files);
    for (const request of [
      { method: 'GET', mode: 'cors', url: 'https://elsewhere.example/lib.js' },
      { method: 'GET', mode: 'cors', url: 'https://host.example/other/x.js' },
      { method: 'POST', mode: 'cors', url: 'https://host.example/app/x' },
    ]) {
      expect(await fire(sw.listeners.fetch!, request)).toBeUndefined();
    }
    expect(sw.fetched).toEqual([]);
  });
});

describe('an upgrade, with a tab still open on the previous build', () => {
  const files = ['assets/index-new.js', 'index.html'];
  const oldPanel = 'https://host.example/app/assets/Panel-old.js';

  /** Build "old" cached, one window open on it, then the new build's worker installs and activates. */
  async function upgraded() {
    const storage = new FakeCaches();
    storage.seed('gb-old', { [oldPanel]: 'old panel' });
    storage.seed('other-app', { 'https://host.example/app/x': 'theirs' });
    const sw = load('https://host.example/app/sw.js', files, storage, [{ id: 'tab-on-old' }]);
    await fire(sw.listeners.install!);
    await fire(sw.listeners.activate!);
    return sw;
  }

  it('keeps the old build cache and serves the old tab its unloaded chunk from it, without the network', async () => {
    const sw = await upgraded();
    expect([...sw.storage.named.keys()]).toEqual(['gb-old', 'other-app', 'gb-v1']);
    const r = await fire(sw.listeners.fetch!, { method: 'GET', mode: 'cors', url: oldPanel });
    expect(r).toBe('old panel');
    expect(sw.fetched).toEqual([]);
  });

  it('keeps it across page loads while a window open at the upgrade remains, and deletes it when none does', async () => {
    const sw = await upgraded();
    const navigate = { method: 'GET', mode: 'navigate', url: 'https://host.example/app/' };
    // A second window opens (a new client) while the old one is still there: kept.
    sw.windows.push({ id: 'new-tab' });
    await fire(sw.listeners.fetch!, navigate);
    expect(sw.storage.named.has('gb-old')).toBe(true);
    // The old window closes; the next page load lets the old build go. Other apps' caches are untouched.
    sw.windows.splice(0, 1);
    await fire(sw.listeners.fetch!, navigate);
    expect([...sw.storage.named.keys()]).toEqual(['other-app', 'gb-v1']);
    // Its files are no longer served from a cache: the request goes to the network.
    await fire(sw.listeners.fetch!, { method: 'GET', mode: 'cors', url: oldPanel }).catch(() => undefined);
    expect(sw.fetched).toContain(oldPanel);
  });

  it('a window opened after the upgrade never holds the old build', async () => {
    const storage = new FakeCaches();
    storage.seed('gb-old', { [oldPanel]: 'old panel' });
    const sw = load('https://host.example/app/sw.js', files, storage, []);
    await fire(sw.listeners.install!);
    await fire(sw.listeners.activate!);
    expect([...sw.storage.named.keys()]).toEqual(['gb-v1']);
  });
});
