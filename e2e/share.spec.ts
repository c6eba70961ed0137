import { expect, test, type Download, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3-dsv';
import { catalog } from '../src/core/catalog';
import { expectTraining, watchErrors } from './helpers';

async function saved(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test.describe('exports', () => {
  for (const { id } of catalog) {
    test(`${id}: data as CSV and JSON, every figure as PNG and SVG`, async ({ page }) => {
      test.setTimeout(120_000);
      const errors = watchErrors(page);
      await page.goto(`/?exp=${id}&backend=wasm`);
      await expectTraining(page, 3);
      const bar = page.getByTestId('export-bar');
      await expect(bar.getByTestId('export-csv')).toBeEnabled();

      const csv = await saved(page, 'export-csv');
      expect(csv.name).toMatch(new RegExp(`^gb-${id}-seed\\d+-step\\d+\\.csv$`));
      const rows = csvParse(csv.bytes.toString('utf8'));
      expect(rows.columns).toEqual(['series', 'index', 'value']);
      expect(rows.find((r) => r.series === 'meta.experimentId')?.value).toBe(id);
      expect(rows.filter((r) => r.series?.startsWith('data.')).length).toBeGreaterThan(0);

      const json = await saved(page, 'export-json');
      const doc = JSON.parse(json.bytes.toString('utf8')) as { experimentId: string; step: number; data: object };
      expect(doc.experimentId).toBe(id);
      expect(Object.keys(doc.data).length).toBeGreaterThan(0);

      const select = page.getByTestId('export-figure');
      await expect(select).toBeEnabled();
      const titles = await select.locator('option').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      for (let i = 0; i < titles.length; i++) {
        await select.selectOption(String(i));
        const png = await saved(page, 'export-png');
        expect(png.name).toMatch(/\.png$/);
        expect(png.bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
        expect(png.bytes.length).toBeGreaterThan(1000);
        const svg = await saved(page, 'export-svg');
        const text = svg.bytes.toString('utf8');
        expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(text.length).toBeGreaterThan(500);
        // The file stands alone: it parses as XML in the browser and has no dangling CSS classes.
        const ok = await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null, text);
        expect(ok, `${titles[i]} SVG is well-formed`).toBe(true);
        expect(text).not.toContain('class="');
      }
      await expect(bar.getByRole('status')).toContainText('Saved');
      expect(errors).toEqual([]);
    });
  }
});

test('after one visit the page loads and trains with the network cut, lazy panels included', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('/?exp=baseline&backend=wasm');
  await expectTraining(page, 3);
  // The service worker has installed (precached every build file) and controls the page.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('gb-'))!);
    return (await cache.keys()).map((r) => r.url);
  });
  expect(cached.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(cached.some((u) => u.endsWith('/index.html'))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  await expectTraining(page, 5);
  // A panel never opened online (its chunk loads lazily) still comes from the precache.
  const other = catalog.find((e) => e.id !== 'baseline')!.id;
  await page.goto(`/?exp=${other}&backend=wasm`);
  await expect(page.getByTestId(`panel-${other}`)).toBeVisible();
  await expectTraining(page, 1);
  await context.setOffline(false);
});

test('the theme toggle cycles auto → light → dark, persists across reloads and stays out of the URL', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?backend=wasm');
  const toggle = page.getByTestId('theme-toggle');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
  await expect(toggle).toHaveAttribute('data-theme-choice', 'auto');
  expect(await bg()).toBe('#fbfaf7');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-theme-choice', 'light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-theme-choice', 'dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).toBe('#15161a');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(21, 22, 26)');
  expect(page.url()).not.toContain('theme');
  await page.reload();
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-choice', 'dark');
  expect(await bg()).toBe('#15161a');
  // Forced light wins over a dark system setting; auto follows the system again.
  await page.emulateMedia({ colorScheme: 'dark' });
  await toggle.click(); // dark → auto
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await bg()).toBe('#15161a');
  await toggle.click(); // auto → light
  expect(await bg()).toBe('#fbfaf7');
  expect(await page.evaluate(() => localStorage.getItem('gb-theme'))).toBe('light');
});

test('on a touch screen sliders and buttons are at least 24 px tall', async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
  const heights = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input[type="range"], main button, header button')).map((e) => e.getBoundingClientRect().height),
  );
  expect(heights.length).toBeGreaterThan(3);
  for (const h of heights) expect(h).toBeGreaterThanOrEqual(24);
  await context.close();
});
