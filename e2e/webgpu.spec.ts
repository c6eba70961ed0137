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
