import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectTraining, openMore, settledStepCount, stepCount, watchErrors } from './helpers';

/** Σ|w| of the live run's weights, from the newest frame's network figure (test builds expose the store). */
async function liveWeightSum(page: Page): Promise<{ step: number; sum: number } | null> {
  return page.evaluate(() => {
    const gb = (window as unknown as { __gb: { store: { getState(): { frame: { snapshot: { step: number; data: { network: { weights: Float32Array } | null } } } | null } } } }).__gb;
    const snap = gb.store.getState().frame?.snapshot;
    const w = snap?.data.network?.weights;
    if (!snap || !w) return null;
    let s = 0;
    for (let k = 0; k < w.length; k++) s += Math.abs(w[k]!);
    return { step: snap.step, sum: s };
  });
}

/** Record every (phase, row) the replay shows, in order, by polling its attributes in the page. */
async function recordBeats(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __beats: string[] }).__beats = seen;
    setInterval(() => {
      const fig = document.querySelector('[data-testid="slow-step-figure"]');
      if (!fig) return;
      const beat = `${fig.getAttribute('data-phase')}:${fig.getAttribute('data-row')}`;
      if (seen[seen.length - 1] !== beat) seen.push(beat);
    }, 20);
  });
}

async function pausedOnBaseline(page: Page): Promise<number> {
  await page.goto('/?backend=wasm');
  await expectTraining(page, 10);
  await openMore(page);
  await page.getByTestId('play').click();
  return settledStepCount(page);
}

test('a step in slow motion: forward, loss, backward, update in order; one real step; the new weights shown', async ({ page }) => {
  const errors = watchErrors(page);
  const before = await pausedOnBaseline(page);
  await expect.poll(async () => (await liveWeightSum(page))?.step).toBe(before);
  const oldSum = (await liveWeightSum(page))!.sum;

  const bar = page.locator('[data-figure="network"]').getByTestId('slow-step');
  await bar.scrollIntoViewIfNeeded();
  await bar.getByTestId('slow-step-speed').selectOption('4');
  await recordBeats(page);
  await bar.getByTestId('slow-step-start').click();
  const figure = page.getByTestId('slow-step-figure');
  await expect(figure).toBeVisible();
  // The edges show the weights before the step while it runs forward.
  await expect(figure).toHaveAttribute('data-phase', 'forward');
  expect(Number(await figure.getAttribute('data-edge-sum'))).toBeCloseTo(oldSum, 2);
  await expect(figure.getByTestId('slow-step-num').first()).toBeVisible();
  await expect(bar).toHaveAttribute('data-status', 'done', { timeout: 15_000 });

  // 2-16-16-2: four rows forward, the loss, three rows back, the update — in that order, none skipped.
  const beats = await page.evaluate(() => (window as unknown as { __beats: string[] }).__beats);
  expect(beats).toEqual(['forward:0', 'forward:1', 'forward:2', 'forward:3', 'loss:3', 'backward:3', 'backward:2', 'backward:1', 'update:3']);

  // Exactly one step was taken, and it is the step the replay names.
  await expect.poll(() => stepCount(page)).toBe(before + 1);
  await page.waitForTimeout(500);
  expect(await stepCount(page)).toBe(before + 1);
  await expect(figure).toHaveAttribute('data-step', String(before + 1));

  // The weights shown at the end are the run's new ones (its live frame at step before + 1), not the old.
  await expect.poll(async () => (await liveWeightSum(page))?.step).toBe(before + 1);
  const newSum = (await liveWeightSum(page))!.sum;
  const shown = Number(await figure.getAttribute('data-edge-sum'));
  expect(Math.abs(shown - newSum)).toBeLessThan(1e-4 * newSum);
  expect(newSum).not.toBe(oldSum);
  await expect(page.getByTestId('slow-step-words')).toContainText(`step ${before + 1}`);
  // Kept on the rewind timeline as a checkpoint, like any single step.
  await expect
    .poll(async () => ((await page.getByTestId('scrubber').first().getAttribute('data-positions')) ?? '').split(',').map(Number))
    .toContain(before + 1);

  // The replay and its controls: no serious or critical axe-core violation.
  const axe = await new AxeBuilder({ page }).include('[data-figure="network"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, bad.join('\n')).toEqual([]);

  // Close: the live figure is back; Train still trains from there.
  await bar.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('network-figure')).toBeVisible();
  await page.getByTestId('play').click();
  await expectTraining(page, 3, before + 1);
  expect(errors).toEqual([]);
});

test('reduced motion: the step is a stepper with Next, no timer; the counter still goes up by one', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const before = await pausedOnBaseline(page);
  const bar = page.locator('[data-figure="network"]').getByTestId('slow-step');
  await bar.scrollIntoViewIfNeeded();
  await expect(bar.getByTestId('slow-step-speed')).toHaveCount(0);
  await bar.getByTestId('slow-step-start').click();
  const figure = page.getByTestId('slow-step-figure');
  await expect(figure).toHaveAttribute('data-phase', 'forward');
  await expect(bar).toHaveAttribute('data-status', 'paused');
  // Nothing moves on its own.
  await page.waitForTimeout(2000);
  await expect(figure).toHaveAttribute('data-row', '0');
  const phases: string[] = [];
  for (let i = 0; i < 8; i++) {
    await bar.getByTestId('slow-step-next').click();
    phases.push((await figure.getAttribute('data-phase'))!);
  }
  expect(phases).toEqual(['forward', 'forward', 'forward', 'loss', 'backward', 'backward', 'backward', 'update']);
  await expect(bar).toHaveAttribute('data-status', 'done');
  expect(await stepCount(page)).toBe(before + 1);
  await expect(page.getByTestId('slow-step-loss')).toHaveCount(0);
});

test('the launcher beside the hero opens "More" and plays the step on the network figure', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expectTraining(page, 5);
  await page.getByTestId('slow-step-launch').click();
  await expect(page.getByTestId('slow-step-figure')).toBeVisible();
  await expect(page.getByTestId('slow-step-figure')).toBeInViewport();
  await expect(page.getByTestId('play')).not.toHaveAttribute('aria-pressed', 'true');
});
