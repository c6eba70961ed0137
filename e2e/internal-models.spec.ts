import { expect, test, type Page } from '@playwright/test';
import { expectTraining, openMore, stepCount, watchErrors } from './helpers';

const START = '/?exp=internal-models&backend=wasm';

/** The hero figure's columns and the regime runs it painted on its canvas. */
async function heroDrawn(page: Page): Promise<{ columns: number; runs: number }> {
  const hero = page.getByTestId('im-timeline');
  return { columns: Number(await hero.getAttribute('data-columns')), runs: Number(await hero.getAttribute('data-regime-runs')) };
}

test.describe('several internal models (internal-models)', () => {
  test('trains; the timeline, the error and forgetting figures draw; a setting applies without a reset; switch now', async ({ page }) => {
    const errors = watchErrors(page);
    // One long block (5,000 steps at 120 steps/s), so the world is still in its first regime at the click.
    await page.goto(`${START}&budget=100000&block=5000`);
    const panel = page.getByTestId('panel-internal-models');
    await expect(panel.getByRole('heading', { name: /Several internal models, each used where it predicts well/ })).toBeVisible();
    // 120 steps/s, so the live change lands while the run is still training.
    await page.getByLabel('Speed').selectOption('3');
    await expectTraining(page, 60);
    await expect.poll(async () => (await heroDrawn(page)).columns).toBeGreaterThan(10);
    expect((await heroDrawn(page)).runs).toBeGreaterThan(0);
    await expect(panel.getByRole('img', { name: /Over [\d,]+ steps and \d+ regime switches, the selector put one of \d+ models in charge/ })).toBeVisible();
    // The errors and forgetting figures are behind the panel shell's "More".
    await openMore(page);
    await expect(panel.getByRole('img', { name: /Windowed RMS prediction error of each of the \d+ models/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Held-out RMS prediction error per regime/ })).toBeVisible();

    // Live: a threshold change keeps the steps taken.
    const before = await stepCount(page);
    const threshold = page.getByLabel('Predicts well below (RMS)', { exact: true });
    await threshold.focus();
    await threshold.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('threshold')).not.toBeNull();
    await expectTraining(page, 20, before);
    expect(await stepCount(page)).toBeGreaterThan(before);

    // "Switch regime now" moves to manual mode and changes the regime at the next step.
    const regimeBefore = await panel.getByTestId('im-regime').textContent();
    expect(regimeBefore).toBe('normal');
    await panel.getByTestId('im-switch-now').click();
    await expect(page.getByLabel('Regime changes', { exact: true })).toHaveValue('manual');
    await expect(page.getByLabel('Regime (manual)', { exact: true })).toHaveValue('reversed');
    await expect(panel.getByTestId('im-regime')).toHaveText('reversed');
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('a copied link replays the same run', async ({ page, context }) => {
    const errors = watchErrors(page);
    await page.goto(`${START}&seed=7&budget=1500&regimes=normal-reversed&block=200`);
    const panel = page.getByTestId('panel-internal-models');
    await expect(panel.getByTestId('im-done')).toBeVisible({ timeout: 40_000 });
    const read = async (p: Page) => {
      const q = p.getByTestId('panel-internal-models');
      return [await q.getByTestId('im-models').textContent(), await q.getByTestId('im-match').textContent(), await q.getByTestId('im-recovery').textContent(), await q.getByTestId('im-timeline').getByRole('img').first().getAttribute('aria-label')];
    };
    const first = await read(page);
    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    // Frames are paced by requestAnimationFrame, which a background tab does not run.
    await other.bringToFront();
    await expect(other.getByTestId('panel-internal-models').getByTestId('im-done')).toBeVisible({ timeout: 40_000 });
    expect(await read(other)).toEqual(first);
    expect(first[2]).toMatch(/one model \d+, collection \d+/);
    await other.close();
    expect(errors).toEqual([]);
  });

  test('a learning rate that blows the models up stops those learners with a message; the reference goes on; a window too big is refused with the reason', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`${START}&lr=10&budget=3000&window=400&maxModels=8`);
    const panel = page.getByTestId('panel-internal-models');
    await expect(panel.getByTestId('im-refusal')).toContainText('a window of 400 steps for 8 models needs 3200 stored errors, more than the 1200 the selector keeps; reduced to 150');
    await expect(panel.getByTestId('im-stopped-0')).toContainText(/the single model stopped at step \d+/);
    await expect(panel.getByTestId('im-done')).toBeVisible({ timeout: 40_000 });
    await expect(panel.getByTestId('im-stopped-2')).toHaveCount(0);
    expect((await heroDrawn(page)).runs).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test('the article’s section opens the panel, and its try-this link sets the regimes', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?backend=wasm&section=models');
    await expect(page.locator('#section-title')).toHaveText('Several internal models');
    await expect(page.getByTestId('panel-internal-models')).toBeVisible();
    await expectTraining(page, 10);
    await page.getByTestId('try-models-four').click();
    await expect(page.getByLabel('Regimes in play', { exact: true })).toHaveValue('all');
    await expect.poll(() => new URL(page.url()).searchParams.get('regimes')).toBe('all');
    await expect(page.getByTestId('live-settings')).toContainText('Regimes in play: All four');
    expect(errors).toEqual([]);
  });
});
