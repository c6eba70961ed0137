/**
 * Screenshots of the network figure (issue 16, item 4) as a reader sees it: a section with "More"
 * open, the figure scrolled into view, one unit pointed at (its map enlarged, its kink line on the
 * decision map). Writes shots/network/<size>-<section>[-hover].png. `SHOTS_DIST`, `SHOTS_PORT`,
 * `SHOTS_WAIT` as in screenshots.ts; `SHOTS_QUERY` adds settings (e.g. hidden=64,64), `SHOTS_UNIT` picks the
 * unit (default 2: the third of the first layer; 16 and up: the second layer), `SHOTS_TAG` names the files.
 */
import { mkdirSync } from 'node:fs';
import { launch } from './browser';
import { startPreview } from './server';

const SIZES = [
  { name: '1440', width: 1440, height: 900 },
  { name: '390', width: 390, height: 844 },
];
const SECTIONS = [
  { id: 'success', exp: '' },
  { id: 'surface', exp: 'exp=loss-surface&' },
];

async function main() {
  const wait = Number(process.env.SHOTS_WAIT ?? 4000);
  const extra = process.env.SHOTS_QUERY ? `&${process.env.SHOTS_QUERY}` : '';
  const tag = process.env.SHOTS_TAG ?? '';
  const server = await startPreview(Number(process.env.SHOTS_PORT ?? 4191), process.env.SHOTS_DIST ?? 'dist');
  const browser = await launch(false);
  mkdirSync('shots/network', { recursive: true });
  try {
    for (const size of SIZES) {
      for (const section of SECTIONS) {
        const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
        await page.goto(`${server.url}/?${section.exp}section=${section.id}&backend=wasm${extra}`);
        await page.getByTestId('more').first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(wait);
        await page.getByTestId('more').first().locator('summary').click();
        const figure = page.locator('[data-figure="network"]').first();
        await figure.scrollIntoViewIfNeeded();
        await page.waitForTimeout(500);
        const base = `shots/network/${size.name}-${section.id}${tag}`;
        await page.screenshot({ path: `${base}.png` });
        // Clicked: pinned, so it stays shown while the pointer moves off to take the hero's picture.
        await figure.getByTestId('net-unit').nth(Number(process.env.SHOTS_UNIT ?? 2)).click();
        await page.waitForTimeout(400);
        await page.screenshot({ path: `${base}-hover.png` });
        await figure.screenshot({ path: `${base}-card.png` });
        // The hero with the kink line on it (the baseline's decision map).
        await page.getByTestId('hero-figure').first().screenshot({ path: `${base}-hero.png` });
        console.log(base);
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
