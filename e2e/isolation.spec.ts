import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPreview } from '../bench/server';
import { watchErrors } from './helpers';

// The GitHub Pages path: the same build served with no COOP/COEP headers (as Pages serves it). The
// first load is not isolated; the service worker installs, adds the headers to what it serves, the
// page reloads once by itself and then trains wasm on a real thread pool (the badge's count is the one
// tfjs' pool reports, so a pool whose threads did not start shows 1). Skipped for a build made with
// CROSS_ORIGIN_ISOLATION=off, whose service worker adds nothing.
const outDir = process.env.E2E_OUTDIR ?? 'dist';
const port = Number(process.env.E2E_PORT ?? 4173) + 100;

test('on a host without headers, the service worker isolates the page after one reload', async ({ browser }) => {
  test.skip(!readFileSync(join(outDir, 'sw.js'), 'utf8').includes('const ISOLATE = true'), 'built with CROSS_ORIGIN_ISOLATION=off');
  test.setTimeout(120_000);
  const server = await startPreview(port, outDir, { CROSS_ORIGIN_ISOLATION: 'off' });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    let loads = 0;
    page.on('load', () => loads++);
    // threads=2 in the link puts the baseline on tfjs' pool (by itself it keeps one thread, and the
    // surface and the estimators use helper workers instead: src/bridge/threads.ts).
    await page.goto(`${server.url}/?exp=baseline&seed=5&threads=2`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect.poll(() => loads, { timeout: 90_000 }).toBe(2);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(page.getByTestId('backend-active')).toHaveAttribute('data-threads', String(Math.min(2, cores)), { timeout: 30_000 });
    // The link survived the reload, and no notice says isolation failed.
    expect(new URL(page.url()).searchParams.get('seed')).toBe('5');
    await expect(page.getByTestId('notice').filter({ hasText: 'cross-origin isolated' })).toHaveCount(0);
    // Exactly one reload: a further visit is isolated from the start.
    await page.waitForTimeout(1000);
    expect(loads).toBe(2);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    server.stop();
  }
});
