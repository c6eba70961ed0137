import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

test.describe('reverse-replay timeline (bptt-memory)', () => {
  test('trains, draws its figures, and the strategy applies live', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=bptt-memory&backend=wasm&T=64');
    const panel = page.getByTestId('panel-bptt-memory');
    await expect(panel.getByRole('heading', { name: /Reverse replay in backprop through time/ })).toBeVisible();
    await expectTraining(page, 10);
    // The gradient, the frontier and the other settings sit behind the shell's "More".
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /Timeline of √T segments .* at T = 64/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Norm of the loss gradient with respect to each hidden state, t = 1 to 64/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Peak stored states against forward steps at T = 64/ })).toBeVisible();
    // Measured while the schedule ran, equal to the exact formula (the ✓).
    await expect(panel.getByTestId('measured-states')).toContainText('✓');
    await expect(panel.getByTestId('measured-forward')).toContainText('✓');

    const before = await stepCount(page);
    await page.getByLabel('Memory strategy', { exact: true }).selectOption('revolve');
    await expect(panel.getByRole('heading', { name: /Schedule of Binomial \/ revolve/ })).toBeVisible();
    await expect(page.getByLabel('Checkpoints s (revolve)', { exact: true })).toBeVisible();
    // Revolve with the default s = 4 keeps exactly four states, measured and formula agreeing.
    await expect(panel.getByTestId('measured-states')).toHaveText('4 ✓');
    await expect(panel.getByTestId('formula-states')).toHaveText('4');
    // Live: no reset, the run keeps counting from where it was.
    await expectTraining(page, 5, before);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('a budget too small for the strategy is refused with the reason, never a blank plot', async ({ page }) => {
    const errors = watchErrors(page);
    // A short T keeps each step cheap: while a plan is refused the run takes no steps, and the worker's
    // scheduler (at full speed) then batches up to 2,000 steps into its next call once the plan runs again.
    await page.goto('/?exp=bptt-memory&backend=wasm&T=16');
    const panel = page.getByTestId('panel-bptt-memory');
    await expectTraining(page, 3);
    const budget = page.getByLabel('Memory budget', { exact: true });
    await budget.focus();
    await budget.press('Home');
    const alert = panel.getByRole('alert').filter({ hasText: 'No schedule for these settings' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('over the budget of 1');
    await expect(panel.getByRole('img', { name: /Timeline of/ })).toHaveCount(0);
    await expect(panel.getByText(/Nothing to replay/)).toBeVisible();
    // The frontier chart still places the strategies, the refused one beyond the budget line.
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /Peak stored states against forward steps/ })).toBeVisible();
    await expect(panel).not.toContainText('NaN');
    // A refused plan takes no steps; raising the budget resumes training.
    const stalled = await stepCount(page);
    await budget.press('End');
    await expect(alert).toHaveCount(0);
    await expectTraining(page, 3, stalled);
    expect(errors).toEqual([]);
  });

  test('with reduced motion the timeline is static', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/?exp=bptt-memory&backend=wasm&T=64');
    const panel = page.getByTestId('panel-bptt-memory');
    await expect(panel.getByRole('img', { name: /Timeline of/ })).toBeVisible();
    await expect(panel.getByText(/playhead is off because your system asks for reduced motion/)).toBeVisible();
    await expect(panel.getByRole('button', { name: /playhead/ })).toHaveCount(0);
  });
});

test.describe('hippocampus (place-replay)', () => {
  test('trains, draws the track, values and the replay comparison, and the replay mode applies live', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=place-replay&backend=wasm');
    const panel = page.getByTestId('panel-place-replay');
    await expect(panel.getByRole('heading', { name: /Hippocampus/ })).toBeVisible();
    await expectTraining(page, 20);
    // The track, the value now and the comparison sit behind the shell's "More".
    await panel.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /A track of 16 places.*replay in reverse order in 160 ms, 15 times faster/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Learned value of each of the 16 places/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Value of every place after each of \d+ recorded laps/ })).toBeVisible();
    // One backward sweep carries the reward to the start; forward replay and online learning need more laps.
    await expect(
      panel.getByRole('img', { name: /Laps until any reward reaches the start: reverse replay 1, forward replay 8, no replay 16/ }),
    ).toBeVisible();

    const before = await stepCount(page);
    await page.getByLabel('Replay', { exact: true }).selectOption('forward');
    await expect(panel.getByRole('heading', { name: /then forward replay/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /replay in forward order/ })).toBeVisible();
    await expectTraining(page, 20, before);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });
});
