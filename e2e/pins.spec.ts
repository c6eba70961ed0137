import { expect, test } from '@playwright/test';
import { expectTraining, watchErrors } from './helpers';

/** Issue 16, item 3: pin a run, change a setting, the pinned run's curves stay as a ghost. */
test('a pinned run stays as a labelled ghost through a settings change and a section change', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=quizzes');
  const panel = page.getByTestId('panel-sparse-credit');
  await expectTraining(page, 20);
  const hero = panel.getByTestId('hero-figure');
  await expect(hero.locator('path[data-pin]')).toHaveCount(0);
  await panel.getByTestId('pin').click();
  await expect(panel.getByTestId('pin-chip')).toHaveText(/pin 1: same settings, step [\d,]+/);
  await expect(hero.locator('path[data-pin="1"]').first()).toBeAttached();
  // A try-this link changes the number of quizzes: the chip now names the setting the pin differs in.
  await page.getByTestId('try-quizzes-few').click();
  await expect(panel.getByTestId('pin-chip')).toHaveText(/pin 1: Quizzes m: 50/);
  await expect(hero.locator('path[data-pin="1"]').first()).toBeAttached();
  await expect(hero.getByTestId('pin-legend')).toHaveText('pin 1 (dotted)');
  // Away and back: the pin is still there. (The try link focused the slider it moved: the number keys
  // jump sections only from outside a control.)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('1');
  await expect(page.getByTestId('panel-baseline')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('9');
  await expect(panel.getByTestId('pin-chip')).toHaveText(/pin 1: /, { timeout: 30_000 });
  await expect(hero.locator('path[data-pin="1"]').first()).toBeAttached();
  // Dismissed, it is gone.
  await panel.getByRole('button', { name: 'Dismiss pin 1' }).click();
  await expect(panel.getByTestId('pin-chip')).toHaveCount(0);
  await expect(hero.locator('path[data-pin]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
