import { expect, test, type Page } from '@playwright/test';
import { browserCores, expectTraining, probeAtStart, stepCount, watchErrors } from './helpers';

const URL = '/?exp=loss-surface&backend=wasm';

/** The secondary figures, presets and other settings sit behind the panel shell's "More". */
async function openMore(page: Page): Promise<void> {
  const more = page.getByTestId('more');
  if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
}

test('the loss-surface views draw live while the net trains', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(URL);
  await expectTraining(page, 30);
  await expect.poll(async () => Number((await page.getByTestId('surface-step').textContent())?.replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
  await openMore(page);
  for (const name of [/Loss along the line from the initial to the current weights/, /random filter-normalised direction/, /Training loss over a (21 by 21|31 by 31) grid/, /ReLU pattern changes along it/, /one step of 0.2 raises it/]) {
    await expect(page.getByRole('img', { name })).toBeVisible();
  }
  // Hovering the heatmap reads out the loss under the pointer.
  const map = page.getByRole('img', { name: /Training loss over a/ });
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  await map.hover({ position: { x: box.width / 2, y: box.height / 3 } });
  await expect(page.getByTestId('surface-hover')).toContainText('loss');
  // Two hidden layers: the kink count is exact too (piecewise-polynomial walk).
  await expect(page.getByTestId('kink-method')).toContainText('exact');
  // The 1-D charts read out α and both losses under the pointer.
  const line = page.getByRole('img', { name: /Loss along the line from the initial/ });
  await line.scrollIntoViewIfNeeded();
  const lineBox = (await line.boundingBox())!;
  await page.mouse.move(lineBox.x + lineBox.width * 0.6, lineBox.y + lineBox.height / 2);
  // The hero (the lens) has its own readout; this is the line's.
  const readout = page.locator('[data-figure="line"]').getByTestId('slice-readout').first();
  await expect(readout).toContainText('α = ');
  await expect(readout).toContainText(/train \d/);
  await expect(readout).toContainText(/test \d/);
  // The plane as a 3-D mesh, turned by dragging.
  await page.getByTestId('plane-mesh').click();
  const mesh = page.getByTestId('surface-mesh');
  await expect(mesh).toBeVisible();
  const meshBox = (await mesh.boundingBox())!;
  await page.mouse.move(meshBox.x + meshBox.width / 2, meshBox.y + meshBox.height / 2);
  await page.mouse.down();
  await page.mouse.move(meshBox.x + meshBox.width / 2 + 60, meshBox.y + meshBox.height / 2 + 20, { steps: 4 });
  await page.mouse.up();
  await expect(mesh).toBeVisible();
  expect(errors).toEqual([]);
});

test('a preset sets up one explanation, and one hidden layer gets the exact kink count', async ({ page }) => {
  await page.goto(URL);
  await expectTraining(page, 10);
  await openMore(page);
  await page.getByRole('button', { name: 'One example: the kinks show' }).click();
  await expect(page.getByLabel('Examples averaged', { exact: true })).toHaveAttribute('aria-valuetext', '1');
  await expect(page.getByRole('img', { name: /averaged over 1 examples/ })).toBeVisible({ timeout: 15_000 });
  await page.getByLabel('Hidden layers', { exact: true }).fill('16');
  await page.getByLabel('Hidden layers', { exact: true }).press('Enter');
  await expect(page.getByTestId('kink-method')).toContainText('exact', { timeout: 15_000 });
  await page.getByLabel('Activation', { exact: true }).selectOption('tanh');
  await expect(page.getByTestId('kink-total')).toHaveText('0', { timeout: 15_000 });
});

test('planes that cannot be drawn say why instead of drawing nothing', async ({ page }) => {
  await page.goto(`${URL}&view=interpolation`);
  await expectTraining(page, 5);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => stepCount(page)).toBe(0);
  // The plane is a secondary figure, drawn only while "More" is open.
  await openMore(page);
  await expect(page.getByTestId('plane-problem')).toContainText('still the initial ones');
  await page.getByLabel('2-D directions', { exact: true }).selectOption('pca');
  await expect(page.getByTestId('plane-problem')).toContainText('PCA needs at least 3');
  // No heatmap is drawn in either case.
  await expect(page.getByRole('img', { name: /Training loss over a/ })).toHaveCount(0);
});

test('a span of 0 in a link is named and clamped, and the views still draw', async ({ page }) => {
  await page.goto(`${URL}&span=0&resolution=500`);
  const notice = page.getByTestId('notice').filter({ hasText: 'could not be used' });
  await expect(notice).toContainText('span = ');
  await expect(notice).toContainText('resolution = ');
  await expectTraining(page, 5);
  // While training the plane (behind "More") is drawn coarser and says so; paused, at the clamped 101.
  await openMore(page);
  await expect(page.getByTestId('plane-live-resolution')).toContainText('101 × 101', { timeout: 30_000 });
  await page.getByTestId('play').click();
  await expect(page.getByRole('img', { name: /Training loss over a 101 by 101 grid/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('plane-live-resolution')).toHaveCount(0);
});

test('a plane shared with a helper worker is, number for number, the plane computed by the worker alone', async ({ browser }) => {
  test.setTimeout(120_000);
  test.skip((await browserCores(browser)) < 2, 'a helper worker needs a second core');
  // The bench's probe: the 51 × 51 plane at the initial weights, as the snapshot computes it.
  const planeAt0 = (threads: number) => probeAtStart(browser, `${URL}&seed=4`, 'surfaceBatched', threads, /shared with 1 helper worker/);
  const alone = await planeAt0(1);
  const shared = await planeAt0(2);
  expect(alone.workers).toBe(1);
  expect(alone.points).toBe(51 * 51);
  expect(shared).toEqual({ ...alone, workers: 2 });
});

test('the badge’s thread note follows a switch of experiment that keeps the worker', async ({ page }) => {
  const errors = watchErrors(page);
  // threads=1: the baseline and the surface both run on one thread, so the switch keeps this worker.
  await page.goto('/?section=noise&backend=wasm&threads=1');
  await expectTraining(page, 5);
  const badge = page.getByTestId('backend-active');
  // On a page that is not isolated the baseline's line says so instead; the surface's names its helpers either way.
  await expect(badge).toHaveAttribute('title', /threads=1 in the link|not cross-origin isolated/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Why the loss surface looks smooth' }).click();
  await expect(page.getByTestId('panel-loss-surface')).toBeVisible();
  await expect(badge).toHaveAttribute('title', /no helper workers for the surface/);
  expect(errors).toEqual([]);
});
