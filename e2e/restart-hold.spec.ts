import { expect, test } from '@playwright/test';
import { expectTraining, stepCount } from './helpers';

/**
 * Issue 18, item 6: when the worker dies and its replacement resumes from the last checkpoint, the
 * step counter must never show a value below that checkpoint's step on the way (it used to read
 * 5,970 → 0 → 1 → 5,247, which to a room looks like a reset). Every value is recorded twice: each
 * step the store holds (what the counter and the figures draw from; no frame counts as 0, as the
 * counter shows it) and each value the counter's element actually takes in the DOM.
 */
for (const [experiment, query] of [
  ['baseline', 'dataset=xor'],
  ['gradient-variance', 'learningRate=0.05'],
  ['fatal-state', 'layout=pit'],
] as const) {
  test(`${experiment}: a worker restart holds the counter and figures until the restored run's first frame`, async ({ page }) => {
    await page.goto(`/?exp=${experiment}&backend=wasm&seed=7&${query}`);
    await expectTraining(page, 3);
    // Let at least one checkpoint (every 1.5 s) be taken.
    await page.waitForTimeout(2000);
    // Record, then kill the worker in the same task, so the value on screen at the kill is exact.
    const shownAtKill = await page.evaluate(() => {
      type Store = { subscribe(fn: (s: { frame: { snapshot: { step: number } } | null }) => void): void };
      type Seen = { store: number[]; dom: number[]; placeholder: boolean };
      const w = window as unknown as { __gb: { store: Store; killWorker(): void }; __seen: Seen };
      const seen: Seen = { store: [], dom: [], placeholder: false };
      w.__seen = seen;
      w.__gb.store.subscribe((s) => seen.store.push(s.frame?.snapshot.step ?? 0));
      const counter = document.querySelector('[data-testid="step-count"]')!;
      new MutationObserver(() => seen.dom.push(Number(counter.getAttribute('data-value')))).observe(counter, { attributes: true, attributeFilter: ['data-value'] });
      new MutationObserver(() => {
        if (document.body.textContent?.includes('Starting the training worker')) seen.placeholder = true;
      }).observe(document.body, { childList: true, subtree: true });
      const shown = Number(counter.getAttribute('data-value'));
      w.__gb.killWorker();
      return shown;
    });
    const notice = page.getByTestId('notice').filter({ hasText: 'Training resumed at step' });
    // How fast the restart is, is app.spec's claim; here a slow machine gets time.
    await expect(notice).toBeVisible({ timeout: 10_000 });
    const resumedAt = Number(/resumed at step ([\d,]+)/.exec((await notice.textContent()) ?? '')![1]!.replace(/,/g, ''));
    expect(resumedAt).toBeGreaterThan(0);
    await expect.poll(() => stepCount(page)).toBeGreaterThan(Math.max(shownAtKill, resumedAt));
    const seen = await page.evaluate(() => (window as unknown as { __seen: { store: number[]; dom: number[]; placeholder: boolean } }).__seen);
    // Between the kill and the restored run's frames the page shows the last frame it had (which may
    // sit a few steps below a checkpoint taken just before the kill); nothing lower ever appears.
    const floor = Math.min(shownAtKill, resumedAt);
    expect(Math.min(...seen.store), `store steps ${seen.store.join(',')}`).toBeGreaterThanOrEqual(floor);
    expect(seen.dom.length).toBeGreaterThan(0);
    expect(Math.min(...seen.dom), `counter values ${seen.dom.join(',')}`).toBeGreaterThanOrEqual(floor);
    // The figures stayed on screen: the panel never fell back to its "starting the worker" placeholder.
    expect(seen.placeholder).toBe(false);
  });
}
