import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

test.describe('sparse credit (sparse-credit)', () => {
  test('trains every learner, draws the credit raster, the T sweep and the learning curves; a toggle applies live', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=sparse-credit&backend=wasm&T=50');
    const panel = page.getByTestId('panel-sparse-credit');
    await expect(panel.getByRole('heading', { name: /Sparse credit over long sequences/ })).toBeVisible();
    await expectTraining(page, 10);
    await expect(panel.getByRole('img', { name: /Credit per event over a semester of T = 50 for 7 learners/ })).toBeVisible();
    // The T sweep, the learning curves (outside the section that makes them the hero), the learners'
    // toggles and the table sit behind "More".
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /Share of the credit on the choice in a fresh failing semester/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Probability of studying against episodes/ })).toBeVisible();
    // Truncated BPTT (k = 20 < T = 50) never moves its policy.
    await expect(panel.getByTestId('sc-row-tbptt')).toContainText('0.5');
    await expect(panel.getByTestId('sc-row-abstract')).toContainText(/learned at/, { timeout: 30_000 });

    const before = await stepCount(page);
    await page.getByLabel('Soft attention', { exact: true }).uncheck();
    await expect(panel.getByTestId('sc-row-soft')).toHaveCount(0);
    await expect(panel.getByRole('img', { name: /for 6 learners/ })).toBeVisible();
    // Live: the run keeps counting from where it was.
    await expectTraining(page, 3, before);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('T beyond memory is refused with the reason; a diverging learner is reported in its row while the others go on', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=sparse-credit&backend=wasm&T=10000&batch=1024&hidden=256');
    const panel = page.getByTestId('panel-sparse-credit');
    const alert = panel.getByTestId('sc-refused');
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText(/over the 256 MB this page allows/);
    await expect(panel.getByRole('img', { name: /Credit per event/ })).toHaveCount(0);

    await page.goto('/?exp=sparse-credit&backend=wasm&T=20&learningRate=1&bptt=false&tbptt=false&quiz=false&sparse=false');
    await expect(panel.getByTestId('sc-row-soft')).toContainText(/Diverged: its model became non-finite/, { timeout: 30_000 });
    const critic = panel.getByTestId('sc-row-critic');
    await expect(critic).toContainText(/learned at/);
    await expect(panel.getByRole('img', { name: /soft attention diverged/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('the presets set several parameters at once and start the learners afresh', async ({ page }) => {
    await page.goto('/?exp=sparse-credit&backend=wasm&T=30');
    const panel = page.getByTestId('panel-sparse-credit');
    await expectTraining(page, 5);
    // The presets sit behind "More".
    await panel.getByTestId('more').locator('summary').click();
    await panel.getByRole('button', { name: 'Quizzes help' }).click();
    await expect(page.getByLabel('Quizzes m', { exact: true })).toHaveValue('19');
    await expect(panel.getByRole('img', { name: /semester of T = 100 for 3 learners/ })).toBeVisible();
    await expect(panel.getByTestId('sc-row-soft')).toHaveCount(0);
    await expect(panel.getByText(/19 quizzes/)).toBeVisible();
  });
});
