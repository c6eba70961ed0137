import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

test.describe('binary latents (discrete VAE, wake-sleep vs estimators)', () => {
  test('trains, draws curves, pixel grids and the inverse view; the method switches live', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=binary-latents&backend=wasm');
    const panel = page.getByTestId('panel-binary-latents');
    await expect(panel.getByRole('heading', { name: /Binary latents: wake-sleep and gradient estimators/ })).toBeVisible();
    await expectTraining(page, 30);
    // This run's curves, the pixel grids and the inverse view sit behind "More".
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /importance-sampled −log p\(x\) .* with K = 64/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Importance-sampled −log p\(x\) on test images for 3 methods/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /bars-and-stripes test images of 4 × 4 pixels/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /samples from the generative model/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /the recognition model puts \d+ of 16 units above one half/ })).toBeVisible();
    // The −log p(x) readout is a number (nats), not NaN.
    await expect.poll(async () => Number(await panel.getByTestId('bl-nll').textContent())).toBeGreaterThan(0);

    // Live switch: no rebuild, the step count keeps going and the switch is noted.
    const before = await stepCount(page);
    await page.getByLabel('Training method', { exact: true }).selectOption('concrete');
    await expect(panel.getByRole('heading', { name: /This run: Gumbel-softmax/ })).toBeVisible();
    await expectTraining(page, 10, before);
    await expect(panel.getByText(/switched to Gumbel-softmax/)).toBeVisible();

    // Clicking a test image inspects it.
    await panel.getByRole('button', { name: 'Inspect image 5' }).click();
    await expect(panel.getByRole('heading', { name: /hidden layer should be \(image 5\)/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('a preset sets several values and restarts the race; RLOO with S = 1 is refused with the reason', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=binary-latents&backend=wasm');
    const panel = page.getByTestId('panel-binary-latents');
    await expectTraining(page, 5);
    await panel.getByTestId('more').locator('summary').click();
    await panel.getByRole('button', { name: 'Unbiased estimators: REINFORCE, RLOO, DisARM' }).click();
    await expect(panel.getByRole('img', { name: /for 4 methods trained from one seed/ })).toBeVisible();
    await expect(page).toHaveURL(/method=disarm/);
    await page.getByLabel('Training method', { exact: true }).selectOption('rloo');
    const samples = page.getByLabel('Latent samples per image S', { exact: true });
    await samples.focus();
    await samples.press('Home');
    await expect(panel.getByTestId('bl-main-refused')).toContainText('needs at least 2 samples');
    await samples.press('End');
    await expect(panel.getByTestId('bl-main-refused')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a size beyond the memory limit is refused with the reason', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=binary-latents&backend=wasm&latents=64&side=8&evalSamples=4096&raceReinforce=false&raceGumbel=false');
    const panel = page.getByTestId('panel-binary-latents');
    await expect(panel.getByTestId('bl-refused')).toContainText('over the limit of 2^24');
    expect(await stepCount(page)).toBe(0);
    expect(errors).toEqual([]);
  });

  test("a dead worker's replacement resumes from the checkpoint with the curves", async ({ page }) => {
    await page.goto('/?exp=binary-latents&backend=wasm&seed=9&method=rloo');
    const panel = page.getByTestId('panel-binary-latents');
    await expectTraining(page, 25);
    await page.waitForTimeout(2000);
    const before = await stepCount(page);
    await page.evaluate(() => (window as unknown as { __gb: { killWorker(): void } }).__gb.killWorker());
    const notice = page.getByTestId('notice').filter({ hasText: 'Training resumed at step' });
    await expect(notice).toBeVisible({ timeout: 4000 });
    const resumedAt = Number(/resumed at step ([\d,]+)/.exec((await notice.textContent()) ?? '')![1]!.replace(/,/g, ''));
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(before);
    await expect.poll(() => stepCount(page)).toBeGreaterThan(before);
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('heading', { name: /This run: RLOO/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
  });
});
