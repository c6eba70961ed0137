import { expect, test } from '@playwright/test';
import { expectTraining, watchErrors } from './helpers';

// threads=2: tfjs' thread pool (its blob: pthread workers) and the helper worker of the loss surface
// and the estimators run under the policy too, on any machine (by itself a 2-core page keeps one
// thread and no helpers).
const EXPERIMENTS = ['baseline', 'gradient-variance', 'loss-surface', 'bptt-memory', 'place-replay'];

test('every request the page and its worker make stays on this origin, under the CSP', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  const errors = watchErrors(page);
  for (const exp of EXPERIMENTS) {
    await page.goto(`/?exp=${exp}&backend=wasm&threads=2`);
    await expectTraining(page, 1);
  }
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/'unsafe-eval'/);
  expect(csp).toContain("worker-src 'self'");
  expect(foreign).toEqual([]);
  // A CSP violation is reported on the console as an error, so this also proves none happened.
  expect(errors).toEqual([]);
});

test('markup in the URL is shown as text, never parsed', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`/?backend=wasm&dataset=${encodeURIComponent('<img src=x onerror=alert(1)>')}&${encodeURIComponent('<b>key</b>')}=1`);
  const notice = page.getByTestId('notice').filter({ hasText: 'could not be used' });
  await expect(notice).toContainText('<img src=x onerror=alert(1)>');
  await expect(notice).toContainText('<b>key</b>');
  expect(await page.locator('main img, main b').count()).toBe(0);
  await expectTraining(page, 5);
  expect(dialogs).toBe(0);
});
