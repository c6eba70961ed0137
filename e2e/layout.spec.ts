/**
 * One claim, one figure, one screen: for every section drawn by the panel shell, at the sizes a
 * lecturer and a student use (../shared/DESIGN.md), the hero figure lies inside the viewport with its
 * key controls, no two tick labels of an axis overlap, no text in the panel is clipped, and the
 * figure is not blank. On a phone the hero stays pinned while the key controls scroll beneath it.
 */
import { expect, test, type Page } from '@playwright/test';
import { SECTIONS } from '../src/article/sections';

const SIZES = [
  { name: 'lecture 1280×720', width: 1280, height: 720, lecture: true },
  { name: 'lecture 1920×1080', width: 1920, height: 1080, lecture: true },
  { name: 'article 1440×900', width: 1440, height: 900, lecture: false },
  { name: 'phone 390×844', width: 390, height: 844, lecture: false },
] as const;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
}

const inside = (b: Box, w: number, h: number) => b.top >= -1 && b.left >= -1 && b.bottom <= h + 1 && b.right <= w + 1;

/** Problems in the drawn panel: overlapping tick labels of one axis, clipped text, a blank hero. */
async function defects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const panel = document.querySelector('.section-panel .shell')!;
    const hero = panel.querySelector('[data-testid="hero-figure"]')!;
    // Tick labels: pairs within one axis group must not intersect.
    for (const axis of hero.querySelectorAll('g')) {
      const labels = [...axis.children].flatMap((c) => [...c.querySelectorAll(':scope > text')]).filter((t) => (t.textContent ?? '').trim() !== '');
      const rects = labels.map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0);
      for (let i = 0; i < rects.length; i++)
        for (let j = i + 1; j < rects.length; j++) {
          const a = rects[i]!;
          const b = rects[j]!;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`overlapping labels “${labels[i]!.textContent}” and “${labels[j]!.textContent}”`);
        }
    }
    // Clipped text: an element that hides overflow but holds more than it shows.
    for (const el of panel.querySelectorAll<HTMLElement>('*')) {
      // Closed disclosures, and text hidden on purpose for screen readers (KaTeX's MathML), are not clipping.
      if (el.closest('details:not([open])') || el.clientWidth < 4) continue;
      const cs = getComputedStyle(el);
      if (!['hidden', 'clip'].includes(cs.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
      if ((el.textContent ?? '').trim() === '') continue;
      out.push(`clipped: <${el.tagName.toLowerCase()} class="${el.className}"> ${el.scrollWidth} > ${el.clientWidth}`);
    }
    const drawn = hero.querySelectorAll('svg *, canvas').length;
    if (drawn < 5) out.push(`blank hero (${drawn} marks)`);
    return out;
  });
}

for (const size of SIZES) {
  for (const section of SECTIONS) {
    test(`${size.name}: ${section.id}: claim, hero and key controls on one screen`, async ({ browser }) => {
      test.setTimeout(90_000);
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      const exp = section.experiment === 'baseline' ? '' : `exp=${section.experiment}&`;
      await page.goto(`/?${exp}section=${section.id}&backend=wasm${size.lecture ? '&lecture=1' : ''}`);
      const hero = page.locator('.section-panel [data-testid="hero-figure"]');
      await expect(hero.locator('svg, canvas').first()).toBeVisible({ timeout: 45_000 });
      await page.waitForTimeout(500);
      const w = size.width;
      const h = size.height;
      const heroBox = await box(page, '.section-panel [data-testid="hero-figure"]');
      expect(inside(heroBox, w, h), `hero at ${JSON.stringify(heroBox)}`).toBe(true);
      const key = page.locator('.section-panel [data-testid="key-controls"] .param').first();
      if (size.name.startsWith('phone')) {
        // The key controls scroll beneath the pinned hero.
        await key.scrollIntoViewIfNeeded();
        expect(inside(await box(page, '.section-panel [data-testid="key-controls"] .param'), w, h)).toBe(true);
        expect(inside(await box(page, '.section-panel [data-testid="hero-figure"]'), w, h), 'hero still in view').toBe(true);
      } else if (!size.lecture) {
        // The article: the hero beside the prose, its first key control with it.
        expect(inside(await box(page, '.section-panel [data-testid="key-controls"] .param'), w, h), 'first key control on screen').toBe(true);
      } else {
        // Lecture: every key control on screen, and shown by the column that holds them without scrolling
        // it (the readouts and the pin bar under them may scroll).
        const column = await box(page, '.section-panel [data-testid="key-controls"]');
        const params = page.locator('.section-panel [data-testid="key-controls"] .param');
        for (let i = 0; i < (await params.count()); i++) {
          const b = await params.nth(i).evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
          expect(inside(b, w, h) && b.bottom <= column.bottom + 1, `key control ${i + 1} on screen at ${JSON.stringify(b)} (column ${JSON.stringify(column)})`).toBe(true);
        }
        const scrolled = await page.locator('.section-panel [data-testid="key-controls"]').evaluate((el) => el.scrollTop);
        expect(scrolled, 'key-controls column not scrolled').toBe(0);
      }
      if (size.lecture) {
        // Lecture mode: each try-this is a button on screen, reachable by Tab.
        const tries = page.locator('.section-panel [data-testid^="try-button-"]');
        expect(await tries.count(), 'try buttons').toBeGreaterThan(0);
        for (let i = 0; i < (await tries.count()); i++) {
          const b = await tries.nth(i).evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
          expect(inside(b, w, h), `try button ${i + 1} on screen at ${JSON.stringify(b)}`).toBe(true);
        }
      }
      if (size.lecture && size.width === 1280) {
        const px = await page.locator('.section-panel [data-testid="claim"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(px, 'claim text size').toBeGreaterThanOrEqual(20);
      }
      expect(await defects(page)).toEqual([]);
      await page.close();
    });
  }
}

/*
 * Bad input (the last lines): a window 320 px wide and a projector at 1024 × 768 still show the
 * hero figure first, inside the first screen, and no text is clipped or overlapping. One page per section,
 * resized from the one size to the other (a fresh page each would double the boots).
 */
const BAD_SIZES = [
  { name: 'narrow 320×568', width: 320, height: 568 },
  { name: 'projector 1024×768', width: 1024, height: 768 },
] as const;

for (const section of SECTIONS) {
  test(`bad sizes (320×568, 1024×768): ${section.id}: the hero first, inside the first screen`, async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await browser.newPage({ viewport: { width: BAD_SIZES[0].width, height: BAD_SIZES[0].height } });
    const exp = section.experiment === 'baseline' ? '' : `exp=${section.experiment}&`;
    await page.goto(`/?${exp}section=${section.id}&backend=wasm`);
    const hero = page.locator('.section-panel [data-testid="hero-figure"]');
    await expect(hero.locator('svg, canvas').first()).toBeVisible({ timeout: 45_000 });
    for (const size of BAD_SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(600);
      const heroBox = await box(page, '.section-panel [data-testid="hero-figure"] .shell-hero-box');
      expect(inside(heroBox, size.width, size.height), `${size.name}: hero's figure at ${JSON.stringify(heroBox)}`).toBe(true);
      // First: no other part of the panel (the claim, a key control) starts above the hero.
      const claim = await box(page, '.section-panel [data-testid="claim"]');
      const key = await box(page, '.section-panel [data-testid="key-controls"]');
      const figure = await box(page, '.section-panel [data-testid="hero-figure"]');
      if (size.width <= 360) expect(claim.top, `${size.name}: the claim follows the hero`).toBeGreaterThanOrEqual(heroBox.bottom - 1);
      expect(key.top >= figure.top - 1, `${size.name}: key controls beside or under the hero`).toBe(true);
      expect(await defects(page), size.name).toEqual([]);
    }
    await page.close();
  });
}

test('phone 390×844: the mixture hero says how many maps lie past its right edge, and its cue scrolls them in', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto('/?exp=mixture-density&section=mixtures&backend=wasm');
  const cue = page.getByTestId('md-more-cue');
  await expect(cue).toBeVisible({ timeout: 45_000 });
  await expect(cue).toHaveText('1 more →');
  expect(inside(await box(page, '[data-testid="md-more-cue"]'), 390, 844)).toBe(true);
  // The maps left of the cue are whole: the cue covers only what is scrolled out of view.
  const cueLeft = (await box(page, '[data-testid="md-more-cue"]')).left;
  const rights = await page.locator('.md-cell').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().right));
  expect(rights.filter((r) => r <= cueLeft + 1).length, 'whole maps left of the cue').toBe(6);
  await cue.click();
  await expect(cue).toBeHidden({ timeout: 5_000 });
  await page.close();
});
