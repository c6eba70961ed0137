import { expect, test } from '@playwright/test';
import { expectTraining, settledStepCount, stepCount } from './helpers';

test('lecture keys: space pauses and plays, → steps, r resets, ? shows the shortcuts', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expectTraining(page, 20);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const paused = await settledStepCount(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => stepCount(page)).toBe(paused + 1);
  await page.keyboard.press('r');
  await expect.poll(() => stepCount(page)).toBe(0);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expectTraining(page, 10, 0);
  // Keys typed into a field stay in the field.
  await page.getByLabel('Hidden layers', { exact: true }).click();
  await page.keyboard.press('r');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
});

test('training pauses while the tab is hidden and resumes, saying so', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expectTraining(page, 20);
  const setHidden = (hidden: boolean) =>
    page.evaluate(`Object.defineProperty(document, 'hidden', { value: ${hidden}, configurable: true }); document.dispatchEvent(new Event('visibilitychange'))`);
  await setHidden(true);
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await setHidden(false);
  await expect(page.getByTestId('notice').filter({ hasText: 'paused while this tab was hidden' })).toBeVisible();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expectTraining(page, 10);
});

test('section keys: digits typed into a field stay there; with a field blurred they jump', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('play')).toBeEnabled();
  const seed = page.getByLabel('Seed', { exact: true });
  await seed.fill('');
  await seed.press('3');
  await seed.press('PageDown');
  await expect(seed).toHaveValue('3');
  await expect(page.locator('#section-title')).toHaveText('Backprop’s success hides the alternatives');
  await seed.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('4');
  await expect(page.locator('#section-title')).toHaveText('REINFORCE against backprop');
  // Focus lands on the new section's heading, so the next key still reaches the page.
  await expect(page.locator('#section-title')).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(page.locator('#section-title')).toHaveText(/noisy estimate/);
});
