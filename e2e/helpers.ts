import { expect, type Browser, type Page } from '@playwright/test';

/** Collect console errors and uncaught exceptions for the whole test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').getAttribute('data-value'));
}

/** Wait until the run has taken at least `min` steps beyond `from`. */
export async function expectTraining(page: Page, min = 20, from?: number): Promise<void> {
  const start = from ?? (await stepCount(page));
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(start + min);
}

export async function activeBackend(page: Page): Promise<string> {
  const el = page.getByTestId('backend-active');
  await expect(el).not.toHaveAttribute('data-backend', '');
  return (await el.getAttribute('data-backend')) ?? '';
}

/** After a pause, the step count once the worker's last slice has landed (two equal reads 300 ms apart). */
export async function settledStepCount(page: Page): Promise<number> {
  let previous = -1;
  for (;;) {
    const now = await stepCount(page);
    if (now === previous) return now;
    previous = now;
    await page.waitForTimeout(300);
  }
}

/** Open the panel's "More" disclosure (secondary figures and every setting that is not a key control). */
export async function openMore(page: Page): Promise<void> {
  const more = page.locator('.section-panel [data-testid="more"]').first();
  if ((await more.count()) > 0 && !(await more.evaluate((d) => (d as HTMLDetailsElement).open))) await more.locator('summary').click();
}

/**
 * A bench probe's details (window.__gb.probeDetails) on a fresh page at `url` with `threads` in the
 * link, paused and Reset to step 0 (a rebuilt run, its streams afresh). With threads > 1 the probe is
 * first run until one helper worker takes part (a helper counts once its backend has started; until
 * then the worker works alone), and the badge must say `note`. For comparing a page with a helper
 * against one without, number for number.
 */
export async function probeAtStart(browser: Browser, url: string, probe: string, threads: number, note: RegExp): Promise<Record<string, number>> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  const helpers: string[] = [];
  page.on('worker', (w) => {
    if (w.url().includes('helper')) helpers.push(w.url());
  });
  await page.goto(`${url}&threads=${threads}`);
  await expectTraining(page, 1);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const run = async () => {
    await page.evaluate(`window.__gb.timeProbe(${JSON.stringify(probe)}, 1)`);
    return (await page.evaluate(`window.__gb.probeDetails()`)) as Record<string, number>;
  };
  if (threads > 1) {
    await expect.poll(async () => (await run()).workers, { timeout: 30_000 }).toBe(2);
    expect(helpers).toHaveLength(1);
    await expect(page.getByTestId('backend-active')).toHaveAttribute('title', note);
  } else expect(helpers).toEqual([]);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => stepCount(page)).toBe(0);
  const details = await run();
  expect(errors).toEqual([]);
  await page.close();
  return details;
}

/** Logical cores the browser reports (helper workers need a second one). */
export async function browserCores(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
  return cores;
}
