import { expect, test, type Page } from '@playwright/test';
import { expectTraining, openMore, settledStepCount, stepCount, watchErrors } from './helpers';

/** Issue 16, item 1: rewind to a kept step, branch from it, the abandoned future stays as a ghost. */
async function positions(page: Page): Promise<number[]> {
  const raw = (await page.getByTestId('scrubber').first().getAttribute('data-positions')) ?? '';
  return raw.split(',').filter(Boolean).map(Number);
}

test('scrub back with ← and the slider, see the past, branch from it with Train, dismiss the ghost', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=success');
  const panel = page.getByTestId('panel-baseline');
  await expectTraining(page, 300);
  // Let a few checkpoints be kept (at most four a second), then pause.
  await page.waitForTimeout(1500);
  await page.getByTestId('play').first().click();
  const present = await settledStepCount(page);
  const kept = await positions(page);
  expect(kept[0]).toBe(0);
  expect(kept.length).toBeGreaterThanOrEqual(4);
  await openMore(page);
  const loss = panel.locator('figure[data-figure="loss"]');
  await expect(loss.locator('path[data-pin="0"]')).toHaveCount(0);

  // ← goes back one kept step (from the page, not a control): the counter shows that step.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowLeft');
  const before = kept.filter((s) => s < present);
  await expect.poll(() => stepCount(page)).toBe(before[before.length - 1]);
  await expect(page.getByTestId('scrubber-note').first()).toBeVisible();
  // The present's curves stay as a dashed ghost of the future.
  await expect(loss.locator('path[data-pin="0"]').first()).toBeAttached();
  await expect(loss.getByTestId('future-legend')).toHaveText('future (dashed)');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => stepCount(page)).toBe(before[before.length - 2]);
  // → forward one kept step while rewound (not a training step).
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => stepCount(page)).toBe(before[before.length - 1]);

  // Home on the slider: the start of the run.
  const slider = page.getByTestId('scrubber').first();
  await slider.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => stepCount(page)).toBe(0);
  // End: the present again, exactly; the ghost goes (nothing was abandoned).
  await page.keyboard.press('End');
  await expect.poll(() => stepCount(page)).toBe(present);
  await expect(page.getByTestId('scrubber-note')).toHaveCount(0);
  await expect(loss.locator('path[data-pin="0"]')).toHaveCount(0);

  // Back to a middle step and Train: a branch. The kept steps after it are abandoned, the run goes on
  // from there, and the ghost of the abandoned future stays until dismissed.
  const middle = kept[Math.floor(kept.length / 2)]!;
  await slider.fill(String(kept.indexOf(middle)));
  await expect.poll(() => stepCount(page)).toBe(middle);
  await page.getByTestId('play').first().click();
  await expectTraining(page, 20, middle);
  await expect.poll(async () => (await positions(page)).filter((s) => s > middle && s <= present && kept.includes(s)).length).toBe(0);
  await expect(loss.locator('path[data-pin="0"]').first()).toBeAttached();
  await page.getByTestId('dismiss-future').first().click();
  await expect(loss.locator('path[data-pin="0"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
