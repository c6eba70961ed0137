import { expect, test, type Page } from '@playwright/test';
import { expectTraining, watchErrors } from './helpers';

const heading = (page: Page) => page.locator('#section-title');
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** Focus the page body (not a control) so the page-wide keys reach the page. */
async function focusPage(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('the article: contents, the current section’s prose beside its live panel, and a caption of the real state', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&seed=5');
  const toc = page.getByRole('navigation', { name: 'Sections' });
  const links = toc.getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(6);
  await expect(links.first()).toHaveAttribute('aria-current', 'page');
  await expect(heading(page)).toHaveText('Backprop’s success hides the alternatives');
  await expect(page.getByTestId('section-prose')).toContainText('chain rule');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  await expect(page.getByTestId('live-settings')).toContainText('Hidden layers: 16, 16');
  await expect(page.getByTestId('live-settings')).toContainText('seed 5');
  // KaTeX arrives lazily and typesets the formulas.
  await expect(page.getByTestId('section-prose').locator('.katex').first()).toBeVisible();
  await expectTraining(page, 10);
  expect(errors).toEqual([]);
});

test('a link that names only a section opens that section’s experiment', async ({ page }) => {
  await page.goto('/?backend=wasm&section=entropy');
  await expect(page.getByTestId('panel-policy-entropy')).toBeVisible();
  await expect.poll(() => param(page, 'exp')).toBe('policy-entropy');
  expect(param(page, 'section')).toBe('entropy');
});

test('a try-this link sets the panel’s parameter, the caption and the URL follow', async ({ page }) => {
  await page.goto('/?backend=wasm&section=noise');
  await expect(heading(page)).toHaveText(/noisy estimate/);
  const link = page.getByTestId('try-noise-one');
  await expect(link).toHaveAttribute('href', /batch=1(&|$)/);
  await expect(page.getByTestId('play')).toBeEnabled();
  await link.click();
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveAttribute('aria-valuetext', '1');
  await expect.poll(() => param(page, 'batch')).toBe('1');
  expect(param(page, 'section')).toBe('noise');
  await expect(page.getByTestId('live-settings')).toContainText('Batch size: 1 ');
  await expect(link).toHaveAttribute('aria-current', 'true');
  // Moving the slider away clears the mark: the prose never claims a state the panel is not in.
  await page.getByTestId('try-noise-full').click();
  await expect.poll(() => param(page, 'batch')).toBe('2048');
  await expect(link).not.toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('live-settings')).toContainText('Batch size: 2048');
});

test('PageDown, PageUp and the number keys move between sections; each keeps its settings and the seed', async ({ page }) => {
  await page.goto('/?backend=wasm&seed=9');
  await expectTraining(page, 5);
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await expect(heading(page)).toHaveText(/conditional mixtures/);
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await expect(heading(page)).toHaveText(/noisy estimate/);
  expect(param(page, 'section')).toBe('noise');
  await page.getByTestId('try-noise-one').click();
  await expect.poll(() => param(page, 'batch')).toBe('1');
  // The link focuses the slider it moved once the figure is in view; PageDown would move that slider.
  await expect(page.getByLabel('Batch size', { exact: true })).toBeFocused();
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await expect(heading(page)).toHaveText('REINFORCE against backprop');
  await expect(page.getByTestId('panel-gradient-variance')).toBeVisible();
  await expect.poll(() => param(page, 'exp')).toBe('gradient-variance');
  expect(param(page, 'seed')).toBe('9');
  expect(param(page, 'batch')).toBeNull();
  await expectTraining(page, 5);
  await focusPage(page);
  await page.keyboard.press('3');
  await expect(heading(page)).toHaveText(/noisy estimate/);
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  // Coming back restores what the reader had set there, with the same seed.
  await expect.poll(() => param(page, 'batch')).toBe('1');
  expect(param(page, 'seed')).toBe('9');
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveAttribute('aria-valuetext', '1');
  await focusPage(page);
  await page.keyboard.press('PageUp');
  await expect(heading(page)).toHaveText(/conditional mixtures/);
  await focusPage(page);
  await page.keyboard.press('PageUp');
  await expect(heading(page)).toHaveText('Backprop’s success hides the alternatives');
  await page.keyboard.press('PageUp');
  await expect(heading(page)).toHaveText('Backprop’s success hides the alternatives');
  // The contents' links do the same.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Reverse replay' }).click();
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  expect(param(page, 'section')).toBe('replay');
  // The browser's Back button returns to the section before, with its settings and the seed.
  await page.goBack();
  await expect(heading(page)).toHaveText('Backprop’s success hides the alternatives');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  await expect.poll(() => param(page, 'batch')).toBe('1');
  expect(param(page, 'seed')).toBe('9');
  expect(param(page, 'section')).toBe('success');
  await page.goForward();
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  await expect.poll(() => param(page, 'exp')).toBe('place-replay');
});

test('lecture mode: one panel fills the screen in the projector theme, keys still drive it', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('lecture-toggle').click();
  await expect.poll(() => param(page, 'lecture')).toBe('1');
  await expect(page.locator('html')).toHaveClass(/\blecture\b/);
  await expect(page.locator('.app-header')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(page.getByTestId('section-prose')).toHaveCount(0);
  await expect(page.locator('.panel')).toHaveCount(1);
  await expect(page.getByTestId('compact-bar')).toContainText('Backprop’s success');
  await expectTraining(page, 5);
  // Large type: the root font is larger than the article's 16 px.
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(16);
  await focusPage(page);
  await page.keyboard.press('4');
  await expect(page.getByTestId('panel-gradient-variance')).toBeVisible();
  await expect(page.getByTestId('compact-bar')).toContainText('REINFORCE against backprop');
  await page.getByRole('button', { name: 'Previous section' }).click();
  await expect(page.getByTestId('compact-bar')).toContainText('noisy estimate');
  await focusPage(page);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Page Down');
  await page.keyboard.press('Escape');
  // The same page reloaded from its URL is still in lecture mode, on the same section.
  await page.reload();
  await expect(page.getByTestId('compact-bar')).toContainText('noisy estimate');
  await page.getByTestId('lecture-exit').click();
  await expect(page.locator('.app-header')).toBeVisible();
  expect(param(page, 'lecture')).toBeNull();
  await expect(heading(page)).toHaveText(/noisy estimate/);
});

test('the embed URL shows a single panel and nothing of the article; hide= removes parts', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?embed=1&exp=place-replay&backend=wasm&seed=3');
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  await expect(page.locator('.panel')).toHaveCount(1);
  await expect(page.locator('.app-header')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(page.getByTestId('section-prose')).toHaveCount(0);
  await expect(page.locator('footer')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Open the full explorable/ })).toHaveAttribute('href', /exp=place-replay/);
  await expectTraining(page, 5);
  // Section keys do nothing in an embed (there is one panel), the transport keys still work.
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  expect(param(page, 'embed')).toBe('1');

  await page.goto('/?embed=1&exp=place-replay&backend=wasm&hide=header,controls,gamma');
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  await expect(page.getByTestId('compact-bar')).toHaveCount(0);
  // Shell panels have two groups of controls (key settings, and all settings under More): none shows.
  await expect(page.locator('.panel .controls:visible')).toHaveCount(0);

  await page.goto('/?backend=wasm&hide=prose,nav,gamma&section=replay&exp=place-replay');
  await expect(page.getByTestId('panel-place-replay')).toBeVisible();
  await expect(page.getByTestId('section-prose')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(page.getByLabel('Discount γ', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Learning rate α', { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

/**
 * Tab through the page from the top and record every element that takes focus and whether its focus
 * ring shows; every visible enabled control must be among them.
 */
async function tabThrough(page: Page): Promise<{ reached: number; missed: string[]; invisible: string[] }> {
  const total = await page.evaluate(() => {
    const els = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
    );
    els.forEach((el, i) => el.setAttribute('data-tab-id', String(i)));
    return els.length;
  });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set<string>();
  const invisible: string[] = [];
  for (let i = 0; i < total + 15 && seen.size < total; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
      return { id: el.getAttribute('data-tab-id'), ring: ring && el.matches(':focus-visible'), what: `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30) ?? ''}` };
    });
    if (!r || r.id === null) continue;
    seen.add(r.id);
    if (!r.ring) invisible.push(r.what);
  }
  const missed = await page.evaluate((ids) => {
    return [...document.querySelectorAll<HTMLElement>('[data-tab-id]')]
      .filter((el) => !ids.includes(el.getAttribute('data-tab-id')!) && !(el as HTMLButtonElement).disabled)
      .map((el) => `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30) ?? ''}`);
  }, [...seen]);
  return { reached: seen.size, missed, invisible };
}

test('keyboard navigation reaches every control of every section, each with a visible focus ring', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=wasm');
  const count = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').count();
  for (let n = 1; n <= count; n++) {
    if (n > 1) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').nth(n - 1).click();
    }
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link').nth(n - 1)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('play')).toBeEnabled();
    await expect(page.locator('.section-panel .panel')).toBeVisible();
    // Pause so the panel's controls stay put while we tab (some appear only with data).
    if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('play').click();
    // Everything behind the panel's "More" disclosure is part of the panel: open it so Tab can reach it.
    const more = page.locator('.section-panel [data-testid="more"]');
    if ((await more.count()) > 0 && !(await more.evaluate((d) => (d as HTMLDetailsElement).open))) await more.locator('summary').click();
    await page.waitForTimeout(300);
    const { reached, missed, invisible } = await tabThrough(page);
    // Header, contents, try-this links and the panel's own controls: dozens, never a handful.
    expect(reached, `section ${n}`).toBeGreaterThan(20);
    expect(missed, `section ${n}: controls Tab never reached`).toEqual([]);
    expect(invisible, `section ${n}: focus without a visible ring`).toEqual([]);
  }
});

test('two section moves in quick succession end on the second, not on the first one landing late', async ({ page }) => {
  await page.goto('/?backend=wasm&lecture=1');
  await expectTraining(page, 20);
  // Leaving a section parks its run in the worker; on a loaded machine that takes a while: 600 ms here.
  await page.evaluate(() => (window as unknown as { __gb: { slowParking(ms: number): void } }).__gb.slowParking(600));
  await focusPage(page);
  // "4" starts a switch of experiment (parking the baseline's run in the worker); ◀ at once asks for 3,
  // whose experiment is the one still running.
  await page.keyboard.press('4');
  await page.getByRole('button', { name: 'Previous section' }).click();
  await expect(page.getByTestId('compact-bar')).toContainText('noisy estimate');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('compact-bar')).toContainText('noisy estimate');
  await expect(page.getByTestId('panel-baseline')).toBeVisible();
  expect(param(page, 'section')).toBe('noise');
  // Three presses in a row land on the last.
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageUp');
  await expect.poll(() => param(page, 'section')).toBe('reinforce');
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('panel-gradient-variance')).toBeVisible();
  expect(param(page, 'section')).toBe('reinforce');
});
