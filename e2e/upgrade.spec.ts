import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { expectTraining, watchErrors } from './helpers';

/**
 * Issue 18, item 5: a tab left open across a redeploy keeps working. Build A is the suite's build
 * (E2E_OUTDIR); build B is a second real build of the same source whose chunk and asset names all
 * differ (a suffix in Rollup's file name patterns), as every hashed name may after a code change. One
 * small static server serves either folder from one origin, so "deploying B" is switching its root:
 * afterwards A's files are 404, exactly what an old tab meets on a real host.
 */
const buildA = resolve(process.env.E2E_OUTDIR ?? 'dist');
let buildB = '';
let root = buildA;
let server: Server;
let origin = '';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  buildB = mkdtempSync(join(tmpdir(), 'gb-build-b-'));
  const suffixed = { entryFileNames: 'assets/[name]-[hash]-b.js', chunkFileNames: 'assets/[name]-[hash]-b.js', assetFileNames: 'assets/[name]-[hash]-b[extname]' };
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: buildB, emptyOutDir: true, rollupOptions: { output: suffixed } } });
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    // no-store: the browser's HTTP cache must not hand out a file the server no longer has.
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

test.afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (buildB) rmSync(buildB, { recursive: true, force: true });
});

test.beforeEach(() => {
  root = buildA;
});

/** The lazily loaded chunk of the "unseen" section's panel, in one build's folder. */
function fatalStateChunk(dir: string): string {
  const name = readdirSync(join(dir, 'assets')).find((f) => /^FatalStatePanel-.*\.js$/.test(f));
  if (!name) throw new Error(`no FatalStatePanel chunk in ${dir}`);
  return `assets/${name}`;
}

async function loadedChunk(page: Page, chunk: string): Promise<boolean> {
  return page.evaluate((c) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(c)), chunk);
}

const START = '/?exp=baseline&backend=wasm&seed=3';
const UNSEEN = 'Credit for what never happened';

test('a tab open on build A opens a section it never loaded after build B has taken over, from A’s kept cache', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const oldTab = await context.newPage();
  const errors = watchErrors(oldTab);
  await oldTab.goto(origin + START);
  await expectTraining(oldTab, 3);
  await expect.poll(() => oldTab.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
  const chunkA = fatalStateChunk(buildA);
  expect(await loadedChunk(oldTab, chunkA)).toBe(false);
  await oldTab.evaluate(() => {
    const w = window as unknown as { __takenOver: boolean };
    w.__takenOver = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => (w.__takenOver = true));
  });

  // Deploy B, and let a second tab load it: B's worker installs, activates and takes over the old tab.
  root = buildB;
  expect((await fetch(`${origin}/${chunkA}`)).status).toBe(404);
  const newTab = await context.newPage();
  await newTab.goto(origin + START);
  await expect(newTab.locator('script[type="module"]')).toHaveAttribute('src', /-b\.js$/);
  // Chromium checks for the new worker a few seconds after the navigation; then B's precache downloads.
  await expect.poll(() => oldTab.evaluate(() => (window as unknown as { __takenOver: boolean }).__takenOver), { timeout: 90_000 }).toBe(true);
  await newTab.close();

  // The old tab opens a section whose panel chunk it has not loaded: served from A's cache, and it trains.
  await oldTab.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: UNSEEN }).click();
  await expect(oldTab.getByTestId('panel-fatal-state')).toBeVisible();
  expect(await loadedChunk(oldTab, chunkA)).toBe(true);
  // Both builds' caches are there: A's is kept while the old tab is open.
  expect(await oldTab.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('gb-')).length)).toBe(2);
  await expectTraining(oldTab, 3);
  await expect(oldTab.getByTestId('new-version')).toHaveCount(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('without a service worker, a chunk gone after the redeploy shows a reload notice that keeps the link, not a blank page', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const tab = await context.newPage();
  await tab.goto(origin + START);
  await expectTraining(tab, 3);
  root = buildB;

  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: UNSEEN }).click();
  const notice = tab.getByTestId('new-version');
  await expect(notice).toContainText('A new version of this page is available');
  // The rest of the page is still there and the run goes on in the worker.
  await expect(tab.getByTestId('step-count')).toBeVisible();
  await expectTraining(tab, 3);
  const link = tab.url();
  expect(link).toContain('exp=fatal-state');
  await expect(notice.getByTestId('reload-link')).toHaveAttribute('href', link);

  await notice.getByTestId('reload-link').click();
  await expect(tab.locator('script[type="module"]')).toHaveAttribute('src', /-b\.js$/);
  expect(tab.url()).toBe(link);
  await expect(tab.getByTestId('panel-fatal-state')).toBeVisible();
  await expectTraining(tab, 3);
  await context.close();
});
