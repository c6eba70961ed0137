import { expect, test } from '@playwright/test';
import { expectTraining, stepCount, watchErrors } from './helpers';

test.describe('learned proxy (learned-proxy)', () => {
  test('trains three learners, draws the curves and the critic fit, and the action kind applies', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=learned-proxy&backend=wasm&budget=20000');
    const panel = page.getByTestId('panel-learned-proxy');
    await expect(panel.getByRole('heading', { name: /Backprop through a learned proxy/ })).toBeVisible();
    await expectTraining(page, 30);
    // Secondary figures, presets and the other settings sit behind the panel's "More".
    await page.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /Learning curves after \d+ samples each: REINFORCE/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /The critic, fitted on \d+ samples/ })).toBeVisible();
    await expect(panel.getByTestId('lp-value-critic')).toContainText('E[r]');
    // Live: a learning rate change keeps the run going from where it was.
    const before = await stepCount(page);
    const batch = page.getByLabel('Samples per step', { exact: true });
    await batch.focus();
    await batch.press('ArrowRight');
    await batch.press('ArrowRight');
    await expect(batch).toHaveAttribute('aria-valuetext', '4');
    await expectTraining(page, 10, before);
    // The discrete version.
    await page.getByLabel('Actions', { exact: true }).selectOption('discrete');
    await expect(panel.getByRole('heading', { name: /The critic’s estimate of each arm/ })).toBeVisible();
    await expect(panel.getByLabel('Through the critic (discrete)', { exact: true })).toBeVisible();
    await expectTraining(page, 10);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });

  test('the diverging-critic preset reports the critic and the other learners keep going', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=learned-proxy&backend=wasm&budget=20000');
    const panel = page.getByTestId('panel-learned-proxy');
    // 120 steps/s: the sample budget lasts long enough to watch the other learners carry on.
    await page.getByLabel('Speed').selectOption('3');
    await expectTraining(page, 5);
    // Secondary figures, presets and the other settings sit behind the panel's "More".
    await page.getByTestId('more').locator('summary').click();
    await panel.getByRole('button', { name: 'Diverging critic' }).click();
    await expect(panel.getByTestId('critic-diverged')).toContainText('The critic diverged at step');
    await expect(panel.getByTestId('lp-critic-loss')).toHaveText('diverged');
    const before = await stepCount(page);
    await expectTraining(page, 50, before);
    await expect(panel.getByRole('img', { name: /Learning curves after/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /The critic diverged and is not drawn/ })).toBeVisible();
    // The fix offered in the alert restarts the critic.
    await panel.getByRole('button', { name: /Set the critic learning rate to 0.01/ }).click();
    await expect(panel.getByTestId('critic-diverged')).toHaveCount(0);
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });
});

test.describe('policy entropy (policy-entropy)', () => {
  test('trains, draws bars, entropy and the gradient scatter; β applies live; the presets tell the story', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?exp=policy-entropy&backend=wasm&budget=100000');
    const panel = page.getByTestId('panel-policy-entropy');
    // 120 steps/s, so the live change lands while the run is still training.
    await page.getByLabel('Speed').selectOption('3');
    await expect(panel.getByRole('heading', { name: /Entropy: why a policy must keep some doubt/ })).toBeVisible();
    await expectTraining(page, 30);
    // Secondary figures, presets and the other settings sit behind the panel's "More".
    await page.getByTestId('more').locator('summary').click();
    await expect(panel.getByRole('img', { name: /Action probabilities of 10 arms/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Entropy of the policy over \d+ recorded steps/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /Score-function gradient norm against the policy's entropy/ })).toBeVisible();
    const before = await stepCount(page);
    const beta = page.getByLabel('Entropy bonus β', { exact: true });
    await beta.focus();
    await beta.press('End');
    await expect(panel.getByTestId('pe-beta')).toHaveText('2, 1');
    await expectTraining(page, 10, before);

    // The presets restart seed 1 with a budget of 3,000 steps; at full speed they finish in a moment.
    await page.getByLabel('Speed').selectOption('4');
    await panel.getByRole('button', { name: 'No entropy: stuck on a bad arm' }).click();
    await expect(panel.getByTestId('pe-done')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('pe-found')).toContainText('No: stuck on arm', { timeout: 30_000 });
    // Over in a blink at full speed: "watch it again" slows the page to 120 steps/s and replays the run.
    await panel.getByTestId('watch-again').click();
    await expect(page.getByLabel('Speed')).toHaveValue('3');
    await expect(panel.getByTestId('pe-done')).toHaveCount(0);
    const replayFrom = await stepCount(page);
    expect(replayFrom).toBeLessThan(3000);
    await expectTraining(page, 20, replayFrom);
    await expect(panel.getByTestId('watch-again')).toHaveCount(0);
    await page.getByLabel('Speed').selectOption('4');
    await panel.getByRole('button', { name: 'Entropy bonus finds the best arm' }).click();
    await expect(panel.getByTestId('pe-beta')).toHaveText('0.1, 1');
    await expect(panel.getByTestId('pe-found')).toContainText('Yes: the best arm', { timeout: 30_000 });
    await expect(panel).not.toContainText('NaN');
    expect(errors).toEqual([]);
  });
});
