import { expect, test } from '@playwright/test';
import { activeBackend, expectTraining, watchErrors } from './helpers';

// Runs in the 'webgpu-swiftshader' project: Chromium started with the unsafe-WebGPU and SwiftShader
// flags, so a (software) adapter exists. Slow, so one test.
test('?backend=webgpu trains on WebGPU', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/?backend=webgpu&points=64');
  expect(await activeBackend(page)).toBe('webgpu');
  await expectTraining(page, 5);
  await expect(page.getByRole('img', { name: /Decision boundary/ })).toBeVisible();
  expect(errors.filter((e) => !/powerPreference/.test(e))).toEqual([]);
});

test('a lost WebGPU device moves the run to the next backend with a notice', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/?backend=webgpu&points=64&dataset=circles');
  expect(await activeBackend(page)).toBe('webgpu');
  await expectTraining(page, 3);
  expect(await page.evaluate(() => (window as unknown as { __gb: { loseDevice(): Promise<boolean> } }).__gb.loseDevice())).toBe(true);
  await expect(page.getByTestId('notice').filter({ hasText: 'device was lost' })).toBeVisible();
  await expect(page.getByTestId('backend-active')).not.toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('backend-active')).not.toHaveAttribute('data-backend', '');
  await expectTraining(page, 10);
  // What the user set survives the move.
  await expect(page.getByLabel('Data set', { exact: true })).toHaveValue('circles');
  expect(errors.filter((e) => !/powerPreference|device|destroyed/i.test(e))).toEqual([]);
});
