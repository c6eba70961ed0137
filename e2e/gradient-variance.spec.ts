import { expect, test } from '@playwright/test';
import { browserCores, expectTraining, probeAtStart, watchErrors } from './helpers';

test.describe('gradient estimators (gradient-variance)', () => {
  test('the table, the estimates strip and the N-sweep chart render; the sweep fills in and fits its slopes', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=gradient-variance&backend=wasm');
    const panel = page.getByTestId('panel-gradient-variance');
    await expect(panel.getByRole('heading', { name: 'Gradients through coin flips' })).toBeVisible();
    await expectTraining(page, 10);
    // The table, the sweep's charts and the race sit behind "More".
    await panel.getByTestId('more').locator('summary').click();
    // The statistics table: one row per selected estimator, RLOO measured at the default K = 2.
    const table = panel.locator('table.gv-table').first();
    await expect(table.getByRole('rowheader', { name: /Score function \(REINFORCE\)/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /RLOO/ })).not.toHaveClass(/gv-refused/);
    await expect(panel.getByRole('img', { name: /Mean and spread of each estimator's K-sample steps/ })).toBeVisible();
    // One legend per figure group (the sweep's charts, the race's), none under each chart; the table says what its numbers are.
    await expect(panel.locator('.gv-legend')).toHaveCount(2);
    await expect(panel.locator('figcaption.legend')).toHaveCount(0);
    await expect(panel.getByTestId('gv-table-caption')).toContainText('Running estimates');
    // The N sweep: both log-log charts, filled in progressively, then complete with the score function's slope ≈ 2.
    await expect(panel.getByRole('img', { name: /Variance of one sample of d\/dφ₁ against N, log-log/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Signal-to-noise ratio of one sample of d\/dφ₁ against N/ })).toBeVisible();
    const status = panel.getByTestId('sweep-status');
    await expect(status).toHaveAttribute('data-complete', 'true', { timeout: 45_000 });
    await expect(status).toContainText('N = 1 … 256');
    const sf = panel.getByTestId('sweep-table').getByRole('row', { name: /Score function \(REINFORCE\)/ });
    const slope = Number(await sf.locator('td').first().textContent());
    expect(slope).toBeGreaterThan(1.6);
    expect(slope).toBeLessThan(2.4);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('the preset “REINFORCE does not scale” switches to N = 1024 and starts the N sweep', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=gradient-variance&backend=wasm');
    const panel = page.getByTestId('panel-gradient-variance');
    await expectTraining(page, 5);
    await panel.getByTestId('more').locator('summary').click();
    await panel.getByRole('button', { name: /REINFORCE does not scale/ }).click();
    await expect(page.getByLabel('Problem', { exact: true })).toHaveValue('units');
    await expect(page.getByLabel('Units N', { exact: true })).toHaveAttribute('aria-valuetext', '1024');
    await expect(panel.getByRole('heading', { name: /with N = 1,024/ })).toBeVisible();
    const status = panel.getByTestId('sweep-status');
    await expect(status).toContainText('N = 1 … 1,024');
    await expect(status).toBeInViewport();
    // It progresses: more and more of the ladder is measured, then the sweep completes.
    await expect(status).toContainText(/measured up to N = \d|Sweep complete/);
    await expect(status).toHaveAttribute('data-complete', 'true', { timeout: 50_000 });
    await expect(panel.getByTestId('sweep-table').getByRole('row', { name: /Score function \(REINFORCE\)/ })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('bad input: RLOO at K = 1 gives its reason; τ stops at its floor; N × K over the memory limit is refused', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=gradient-variance&backend=wasm');
    const panel = page.getByTestId('panel-gradient-variance');
    await expectTraining(page, 5);
    await panel.getByTestId('more').locator('summary').click();
    // The estimators outside the section's story set are one click away.
    await panel.getByRole('button', { name: /Show all 13/ }).click();
    await expect(panel.locator('table.gv-table').first().getByRole('rowheader', { name: /REBAR/ })).toBeVisible();
    const k = page.getByLabel('Samples K', { exact: true });
    await k.focus();
    await k.press('Home');
    await expect(k).toHaveAttribute('aria-valuetext', '1');
    const rloo = panel.locator('table.gv-table').first().getByRole('row', { name: /RLOO/ });
    await expect(rloo).toHaveClass(/gv-refused/);
    await expect(rloo).toContainText('needs at least 2 samples per group');
    await expect(rloo).toContainText('Set K ≥ 2');
    await expect(panel.locator('ul.gv-stopped')).toContainText('RLOO');
    // The sweep says why RLOO has no points instead of drawing any.
    await expect(panel.getByTestId('sweep-table').getByRole('row', { name: /RLOO/ })).toContainText('K ≥ 2');

    // τ → 0: the slider stops at 0.01, where the relaxations still give numbers.
    const tau = page.getByLabel('Temperature τ', { exact: true });
    await tau.focus();
    await tau.press('Home');
    await expect(tau).toHaveAttribute('aria-valuetext', '0.01');
    await expect(panel.locator('table.gv-table').first().getByRole('row', { name: /Concrete/ })).not.toHaveClass(/gv-refused/);

    // N beyond memory: K × N over 2^24 is refused with the reason, in the table and in the race.
    await page.goto('/?exp=gradient-variance&backend=wasm&problem=units&n=4096&k=8192');
    await expect(panel.getByRole('alert').filter({ hasText: 'over the limit of 2^24' })).toBeVisible();
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.locator('table.gv-table').first().getByRole('row', { name: /Score function \(REINFORCE\)/ })).toContainText('would not fit in memory');
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });
});

test('draws shared with a helper worker give, number for number, the statistics the worker draws alone', async ({ browser }) => {
  test.setTimeout(120_000);
  test.skip((await browserCores(browser)) < 2, 'a helper worker needs a second core');
  // The bench's probe: the default estimators' refresh, drawn and reduced as the table's is, from
  // streams of their own that the Reset starts afresh.
  const refreshAtStart = (threads: number) =>
    probeAtStart(browser, '/?exp=gradient-variance&backend=wasm&problem=units&n=64&k=64&seed=4', 'refreshDefaults', threads, /estimators' draws are shared with 1 helper worker/);
  // Every statistic; not how long each draw took (`<key>.ms`, for the bench).
  const statistics = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.endsWith('.ms')));
  const alone = statistics(await refreshAtStart(1));
  const shared = statistics(await refreshAtStart(2));
  expect(alone.workers).toBe(1);
  expect(Object.values(alone).filter(Number.isFinite)).toHaveLength(1 + 2 * 7);
  expect(shared).toEqual({ ...alone, workers: 2 });
});
