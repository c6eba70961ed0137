import { expect, test, type Page } from '@playwright/test';
import { expectTraining, openMore, stepCount, watchErrors } from './helpers';

/** Spread of the red channel over a heatmap's canvas: 0 when the raster is blank or one flat colour. */
async function canvasSpread(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lo = 255;
    let hi = 0;
    for (let i = 0; i < d.length; i += 4) {
      lo = Math.min(lo, d[i]!);
      hi = Math.max(hi, d[i]!);
    }
    return hi - lo;
  });
}

/** Every learner's test NLL in the latest frame, at full precision. */
async function testNlls(page: Page): Promise<(number | null)[]> {
  return (await page.evaluate(
    `(window.__gb.store.getState().frame?.snapshot.data.rows ?? []).map((r) => r.testNll)`,
  )) as (number | null)[];
}

test.describe('conditional Gaussian mixtures (mixture-density)', () => {
  test('trains every learner, draws a non-blank p(y | x) per learner, and a toggle applies without a reset', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=mixture-density&backend=wasm');
    const panel = page.getByTestId('panel-mixture-density');
    await expect(panel.getByRole('heading', { name: /Conditional Gaussian mixtures/ })).toBeVisible();
    await expectTraining(page, 30);
    for (const id of ['single', 'mdn', 'wta', 'ewta', 'score', 'gumbel', 'em']) {
      await expect(panel.getByTestId(`md-heat-${id}`)).toBeVisible();
      await expect.poll(() => canvasSpread(page, `md-heat-${id}`)).toBeGreaterThan(40);
      // A small map says “NLL …”, a large one “test NLL …”.
      await expect(panel.getByTestId(`md-status-${id}`)).toContainText(/NLL -?\d/);
    }
    // The components, the NLL and the sweep are behind the panel shell's "More".
    await openMore(page);
    await expect(panel.getByRole('img', { name: /Held-out negative log-likelihood/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /MDN \(soft credit\): the means of its 3 component/ })).toBeVisible();

    const before = await stepCount(page);
    await page.getByLabel('Winner-takes-all', { exact: true }).uncheck();
    await expect(panel.getByTestId('md-heat-wta')).toHaveCount(0);
    // Live: the step count keeps growing from where it was, and the other maps stay.
    await expectTraining(page, 10, before);
    await expect(panel.getByTestId('md-heat-mdn')).toBeVisible();
    await page.getByLabel('Winner-takes-all', { exact: true }).check();
    await expect(panel.getByTestId('md-heat-wta')).toBeVisible();
    expect(await stepCount(page)).toBeGreaterThan(before);
    expect(errors).toEqual([]);
  });

  test('the three-arms task shows the plane of answers at the chosen x', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=mixture-density&backend=wasm&task=arms&slice=0.3');
    const panel = page.getByTestId('panel-mixture-density');
    await expectTraining(page, 20);
    await expect(panel.getByRole('heading', { name: /p\(y \| x = 0\.3\) over the plane of answers/ })).toBeVisible();
    await expect.poll(() => canvasSpread(page, 'md-heat-mdn')).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });

  test('variance collapse stops a learner with its reason while the others train on', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=mixture-density&backend=wasm&floor=0&lr=0.1&components=5&seed=1');
    const panel = page.getByTestId('panel-mixture-density');
    const stopped = panel.getByTestId('md-stopped');
    await expect(stopped).toContainText(/σ fell to .* Raise the variance floor/, { timeout: 60_000 });
    const before = await stepCount(page);
    await expectTraining(page, 10, before);
    await expect(panel.getByTestId('md-status-single')).toContainText(/NLL -?\d/);
    expect(errors).toEqual([]);
  });

  test('a copied link reproduces the run exactly', async ({ page, context }) => {
    await page.goto('/?exp=mixture-density&backend=wasm&seed=9&components=4&noise=0.08');
    await expectTraining(page, 5);
    const url = (await page.getByTestId('copy-link').getAttribute('data-url'))!;
    expect(url).toContain('seed=9');
    expect(url).toContain('components=4');

    const replay = async (p: Page) => {
      await p.bringToFront();
      await p.getByTestId('play').click();
      await expect(p.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
      await p.getByRole('button', { name: 'Reset' }).click();
      await expect.poll(() => stepCount(p)).toBe(0);
      for (let i = 0; i < 12; i++) await p.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => stepCount(p)).toBe(12);
      await expect.poll(async () => (await testNlls(p)).filter((v) => v !== null).length).toBe(7);
      return testNlls(p);
    };
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByLabel('Components K', { exact: true })).toHaveAttribute('aria-valuetext', '4');
    expect(await replay(other)).toEqual(await replay(page));
  });
});
