import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

const URL = '/?exp=fatal-state&backend=wasm';
const count = async (page: import('@playwright/test').Page, id: string) =>
  Number(((await page.getByTestId(id).textContent()) ?? '').replace(/[^0-9]/g, ''));

test.describe('never experienced (fatal-state)', () => {
  test('Q-learning falls while training, the planner and its data never do; both grids, curves and the check draw', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(URL);
    const panel = page.getByTestId('panel-fatal-state');
    await expect(panel.getByRole('heading', { name: /Never experienced/ })).toBeVisible();
    await expectTraining(page, 200);
    // Secondary figures, presets and the other settings sit behind the panel's "More".
    await page.getByTestId('more').locator('summary').click();
    await expect.poll(() => count(page, 'fatal-q-falls')).toBeGreaterThan(0);
    await expect(panel.getByTestId('fatal-data-falls')).toHaveText('0');
    await expect(panel.getByTestId('fatal-planner-falls')).toHaveText('0');
    await expect(panel.getByTestId('fatal-eval')).toContainText(/the planner fell 0 times and reached the goal 100 times/);
    await expect(panel.getByRole('img', { name: /Planner, after \d+ episodes on 500 moves of safe data: its greedy path reaches the goal in 9 moves/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Q-learning, after \d+ training episodes and \d+ falls/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Return of every recorded episode/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Falls into a fatal cell up to each episode/ })).toBeVisible();
    // Colour by visits: the safe data entered the fatal cells 0 times.
    await panel.getByRole('button', { name: 'visits' }).click();
    await expect(panel.getByRole('img', { name: /fatal cells were entered 0 times/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('withholding the rule applies live: the untold planner walks off the edge', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(URL);
    const panel = page.getByTestId('panel-fatal-state');
    await expectTraining(page, 50);
    // Secondary figures, presets and the other settings sit behind the panel's "More".
    await page.getByTestId('more').locator('summary').click();
    const before = await stepCount(page);
    await panel.getByRole('button', { name: 'Planner not told' }).click();
    await expect(panel.getByRole('heading', { name: /not told about falls/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Planner, .* its greedy path walks into a fatal cell after 1 move/ })).toBeVisible();
    await expect.poll(() => count(page, 'fatal-planner-falls')).toBeGreaterThan(0);
    // Live: the run kept its episodes.
    expect(await stepCount(page)).toBeGreaterThanOrEqual(before);
    await panel.getByRole('button', { name: 'One pit' }).click();
    await expect(panel.getByRole('img', { name: /Planner, after/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('extreme ε, α and γ in a link are named and clamped, and training goes on', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`${URL}&epsilon=7&alpha=-3&gamma=1.5`);
    const notice = page.getByTestId('notice').filter({ hasText: 'could not be used' });
    await expect(notice).toContainText('epsilon = ');
    await expect(notice).toContainText('alpha = ');
    await expect(notice).toContainText('gamma = ');
    await expectTraining(page, 50);
    await expect(page.getByLabel('Discount γ', { exact: true })).toHaveValue('0.99');
    await expect(page.getByTestId('panel-fatal-state')).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });
});
