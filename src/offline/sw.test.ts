import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { serviceWorkerSource } from '../../build-tools/offline';

type Listener = (event: { request?: unknown; waitUntil?: (p: Promise<unknown>) => void; respondWith?: (r: unknown) => void }) => void;

/** Runs the generated worker in a bare context with a fake `self` and `caches`, at the given URL. */
function load(swUrl: string, files: string[]) {
  const listeners: Record<string, Listener> = {};
  const added: string[] = [];
  const fetched: string[] = [];
  const store = new Map<string, string>();
  const cache = {
    addAll: async (urls: string[]) => {
      added.push(...urls);
      urls.forEach((u) => store.set(u, `cached ${u}`));
    },
    match: async (req: string | { url: string }) => store.get(typeof req === 'string' ? req : req.url.split('?')[0]!),
  };
  const self = {
    location: new URL(swUrl),
    addEventListener: (type: string, fn: Listener) => (listeners[type] = fn),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const context = {
    self,
    URL,
    Promise,
    Response: { error: () => 'error' },
    caches: { open: async () => cache, keys: async () => ['gb-old', 'other-app'], delete: async () => true },
    fetch: async (req: { url: string }) => {
      fetched.push(req.url);
      throw new Error('offline');
    },
  };
  runInNewContext(serviceWorkerSource(files, 'v1'), context);
  return { listeners, added, fetched };
}

async function fire(l: Listener, request?: unknown): Promise<unknown> {
  let responded: unknown;
  let waited: Promise<unknown> = Promise.resolve();
  l({ request, waitUntil: (p) => (waited = p), respondWith: (r) => (responded = r) });
  await waited;
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
