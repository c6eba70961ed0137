import { expect, test, type Page } from '@playwright/test';
import { expectTraining, settledStepCount, stepCount, watchErrors } from './helpers';

/** Issue 16, item 6: a lecturer's deck of three moments, carried by one link, stepped through in lecture mode. */
async function pauseAndRead(page: Page): Promise<{ step: number; hero: string }> {
  await page.getByTestId('play').first().click();
  const step = await settledStepCount(page);
  await page.waitForTimeout(300);
  return { step, hero: await losses(page) };
}

/** The hero's readout of the run's state: accuracy and losses, to 3 significant digits. */
async function losses(page: Page): Promise<string> {
  const text = await page.getByTestId('hero-figure').first().innerText();
  return /Test accuracy [^\n]*test loss [\d.e+-]+/.exec(text)?.[0] ?? `(no readout in: ${text})`;
}

async function addSlide(page: Page): Promise<void> {
  await page.getByTestId('deck-open').first().click();
  await page.getByTestId('deck-add').click();
  await page.getByTestId('deck-dialog').getByRole('button', { name: 'Close' }).click();
}

test('build a three-slide deck, reload its link, step through it in lecture mode: each slide exactly as captured', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=success');
  await expectTraining(page, 40);
  const one = await pauseAndRead(page);
  await addSlide(page);

  // Slide 2: another seed and learning rate, trained a while, paused.
  const seed = page.getByLabel('Seed', { exact: true });
  await seed.fill('3');
  await seed.press('Enter');
  await page.getByTestId('play').first().click();
  await expectTraining(page, 60, 0);
  const two = await pauseAndRead(page);
  expect(two.hero).not.toBe(one.hero);
  await addSlide(page);

  // Slide 3: the noise section, left running.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('3');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('section')).toBe('noise');
  await page.getByTestId('play').first().click();
  await expectTraining(page, 30, 0);
  await page.getByTestId('play').first().click();
  const three = await settledStepCount(page);
  await addSlide(page);

  await page.getByTestId('deck-open').first().click();
  await expect(page.getByTestId('deck-slide')).toHaveCount(3);
  await expect(page.getByTestId('deck-slide').nth(1)).toContainText('seed 3');
  const link = await page.getByTestId('deck-copy-link').getAttribute('data-url');
  expect(link).toContain('deck=');
  expect(link).toContain('lecture=1');

  // A fresh page from the link alone (plus the backend the captures ran on).
  await page.goto(`${link!}&backend=wasm`);
  await expect(page.getByTestId('slide-counter')).toHaveText('deck of 3: Page Down to start');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('slide-counter')).toHaveText('slide 1/3');
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBe(one.step);
  await expect(page.getByTestId('slide-counter')).toHaveText('slide 1/3');
  await expect.poll(() => losses(page)).toBe(one.hero);

  await page.keyboard.press('PageDown');
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBe(two.step);
  await expect(page.getByTestId('slide-counter')).toHaveText('slide 2/3');
  await expect.poll(() => losses(page)).toBe(two.hero);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveCount(0); // lecture mode: no header
  expect(new URL(page.url()).searchParams.get('seed')).toBe('3');

  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('slide-counter')).toHaveText('slide 3/3');
  await expect.poll(() => new URL(page.url()).searchParams.get('section')).toBe('noise');
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBe(three);
  // PageUp goes back a slide.
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('slide-counter')).toHaveText(/slide 2\/3/);
  expect(errors).toEqual([]);
});

test('a malformed deck in the link is named in a notice and the page starts as usual', async ({ page }) => {
  await page.goto('/?backend=wasm&deck=%%%broken');
  await expect(page.getByTestId('notice').filter({ hasText: 'The deck in the link could not be used' })).toBeVisible();
  await expectTraining(page, 10);
  await expect(page.getByTestId('slide-counter')).toHaveCount(0);
});
