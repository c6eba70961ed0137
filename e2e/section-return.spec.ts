import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

/** Issue 13, item 8: leaving a section and coming back finds its run where it was, or says why not. */
test.describe('coming back to a section', () => {
  test('finds its run where it was left', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?backend=wasm&section=success');
    await expect(page.getByTestId('panel-baseline')).toBeVisible();
    await expectTraining(page, 200);
    const left = await stepCount(page);
    // The number keys jump between sections: 2 is the mixtures section, 1 the first again.
    await page.keyboard.press('2');
    await expect(page.getByTestId('panel-mixture-density')).toBeVisible({ timeout: 30_000 });
    await expectTraining(page, 20, 0);
    await page.keyboard.press('1');
    await expect(page.getByTestId('panel-baseline')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('notice').filter({ hasText: /back where you left it, at step [\d,]+/ })).toBeVisible({ timeout: 30_000 });
    // The run continues from at least the step it was left at, not from 0.
    await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(left);
    expect(errors).toEqual([]);
  });

  test('says it started afresh when the seed changed while away', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?backend=wasm&section=success');
    await expectTraining(page, 200);
    await page.keyboard.press('2');
    await expect(page.getByTestId('panel-mixture-density')).toBeVisible({ timeout: 30_000 });
    await expectTraining(page, 20, 0);
    await page.getByLabel('Seed', { exact: true }).fill('42');
    await page.getByLabel('Seed', { exact: true }).press('Enter');
    await page.getByLabel('Seed', { exact: true }).blur();
    await page.keyboard.press('1');
    await expect(page.getByTestId('panel-baseline')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('notice').filter({ hasText: /started afresh: the seed changed since you left it at step [\d,]+/ })).toBeVisible({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
