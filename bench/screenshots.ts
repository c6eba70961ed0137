/**
 * `npm run shots`: screenshots of every section at the sizes a lecturer and a student use
 * (../shared/DESIGN.md): 1280×720 and 1920×1080 in lecture mode, 1440×900 and 390×844 as an article,
 * and the bad-input sizes 1024×768 and 320×568. Writes shots/<size>/<nn>-<section>.png to be looked at.
 * `SHOTS_ONLY=success,noise` limits the sections, `SHOTS_SIZES=1280l,390` the sizes,
 * `SHOTS_DIST=dist-x` serves another build, `SHOTS_WAIT=ms` lets each run train longer first,
 * Each experiment runs at its own pace (`pace=1`), as a reader finds it, also in a test build.
 * `SHOTS_THEME=dark` opens the page with the system's dark preference (the theme 'auto' follows; the
 * lecture sizes keep their projector theme) and writes shots/<size>-dark/.
 */
import { mkdirSync } from 'node:fs';
import { launch } from './browser';
import { startPreview } from './server';
import { SECTIONS } from '../src/article/sections';

const SIZES = [
  { name: '1280l', width: 1280, height: 720, lecture: true },
  { name: '1920l', width: 1920, height: 1080, lecture: true },
  { name: '1440', width: 1440, height: 900, lecture: false },
  { name: '390', width: 390, height: 844, lecture: false },
  { name: '1024', width: 1024, height: 768, lecture: false },
  { name: '320', width: 320, height: 568, lecture: false },
];

async function main() {
  const onlySections = (process.env.SHOTS_ONLY ?? '').split(',').filter(Boolean);
  const onlySizes = (process.env.SHOTS_SIZES ?? '').split(',').filter(Boolean);
  const wait = Number(process.env.SHOTS_WAIT ?? 2500);
  const dark = process.env.SHOTS_THEME === 'dark';
  const server = await startPreview(Number(process.env.SHOTS_PORT ?? 4190), process.env.SHOTS_DIST ?? 'dist');
  const browser = await launch(false);
  try {
    for (const size of SIZES.filter((s) => onlySizes.length === 0 || onlySizes.includes(s.name))) {
      const dir = `shots/${size.name}${dark ? '-dark' : ''}`;
      mkdirSync(dir, { recursive: true });
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, colorScheme: dark ? 'dark' : 'light' });
      for (const [i, section] of SECTIONS.entries()) {
        if (onlySections.length && !onlySections.includes(section.id)) continue;
        const exp = section.experiment === 'baseline' ? '' : `exp=${section.experiment}&`;
        await page.goto(`${server.url}/?${exp}section=${section.id}${size.lecture ? '&lecture=1' : ''}&backend=wasm&pace=1`);
        await page.waitForSelector('[data-testid^="panel-"] figure, [data-testid^="panel-"] svg, [data-testid^="panel-"] canvas', { timeout: 30_000 }).catch(() => {});
        // The link's parser does not know `pace` (a test-build switch) and says so: not what a reader sees.
        const notice = page.locator('[data-testid="notice"]', { hasText: 'pace' });
        await notice.waitFor({ timeout: 3000 }).then(() => notice.locator('.dismiss').click(), () => {});
        await page.waitForTimeout(wait);
        const file = `${dir}/${String(i + 1).padStart(2, '0')}-${section.id}.png`;
        await page.screenshot({ path: file });
        console.log(file);
      }
      await page.close();
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
