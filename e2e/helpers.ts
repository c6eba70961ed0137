import { expect, type Page } from '@playwright/test';

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
