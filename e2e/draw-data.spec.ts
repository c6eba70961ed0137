import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectTraining, openMore, stepCount, watchErrors } from './helpers';

/** Issue 16, item 2: draw your own training set; it travels in the link; bad sets are refused with a message. */

/** Click the drawing plane at a point of the data square [-2, 2]² (x right, y up). */
async function clickPlane(surface: Locator, x: number, y: number): Promise<void> {
  const box = (await surface.boundingBox())!;
  await surface.click({ position: { x: ((x + 2) / 4) * box.width, y: ((2 - y) / 4) * box.height } });
}

async function drawnCount(panel: Locator): Promise<number> {
  return Number(await panel.getByTestId('draw-count').getAttribute('data-count'));
}

/** Steps taken over a second: 0 when the run refuses to train. */
async function stepsOverASecond(page: Page): Promise<number> {
  const before = await stepCount(page);
  await page.waitForTimeout(1000);
  return (await stepCount(page)) - before;
}

test('draw points, read the link, reload: the same points train; clear and one class say why and train nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=success');
  const panel = page.getByTestId('panel-baseline');
  await expectTraining(page, 5);
  await panel.getByTestId('draw-toggle').click();
  // Drawing switches the data to the drawing, which is empty: a message, and no steps.
  await expect(panel.getByTestId('drawn-refused')).toContainText('The drawn set is empty');
  await expect(panel.getByRole('combobox', { name: 'Data set' }).first()).toHaveValue('drawn');

  const surface = panel.getByTestId('draw-surface');
  await panel.getByTestId('draw-class-a').click();
  for (const [x, y] of [[-1.5, 1], [-1, 1.5], [-1.2, 0.5]]) await clickPlane(surface, x!, y!);
  await expect(panel.getByTestId('drawn-refused')).toContainText('only class A (3 points)');
  expect(await stepsOverASecond(page)).toBe(0);
  await panel.getByTestId('draw-class-b').click();
  for (const [x, y] of [[1.5, -1], [1, -1.5], [1.2, -0.5]]) await clickPlane(surface, x!, y!);
  // The keyboard adds too: the cross-hair starts at (0, 0); two steps right, Enter.
  await surface.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect.poll(() => drawnCount(panel)).toBe(7);
  await expect(panel.getByTestId('drawn-refused')).toHaveCount(0);
  await expectTraining(page, 20);

  // Erase: a click with the Erase tool on a point removes it.
  await panel.getByTestId('draw-erase').click();
  await clickPlane(surface, -1.5, 1);
  await expect.poll(() => drawnCount(panel)).toBe(6);

  // The link carries the set; a fresh page from it has the same points, and they train.
  await expect.poll(() => page.url()).toMatch(/drawn=[A-Za-z0-9_-]{24}(&|$)/);
  const url = page.url();
  const code = /drawn=([A-Za-z0-9_-]+)/.exec(url)![1];
  await page.goto(url);
  const again = page.getByTestId('panel-baseline');
  await expect(again.getByTestId('draw-count')).toHaveAttribute('data-count', '6');
  await expect(again.getByTestId('draw-count')).toHaveText('6 drawn (2 A, 4 B)');
  await expect.poll(() => /drawn=([A-Za-z0-9_-]+)/.exec(page.url())?.[1]).toBe(code);
  await expectTraining(page, 20);

  // Add noise moves the points (the code changes) and keeps the count; Clear empties the set: a message.
  await again.getByTestId('draw-toggle').click();
  await again.getByTestId('draw-noise').click();
  await expect.poll(() => /drawn=([A-Za-z0-9_-]+)/.exec(page.url())?.[1]).not.toBe(code);
  await expect(again.getByTestId('draw-count')).toHaveAttribute('data-count', '6');
  await again.getByTestId('draw-clear').click();
  await expect(again.getByTestId('drawn-refused')).toContainText('The drawn set is empty');
  expect(await stepsOverASecond(page)).toBe(0);
  expect(errors).toEqual([]);
});

test('a link with an oversized or malformed drawn set is refused with a notice naming it, and the page starts on the default data', async ({ page }) => {
  const errors = watchErrors(page);
  for (const [drawn, reason] of [
    ['AAAE'.repeat(201), /201 points, over the 200 a link carries/],
    ['AA!A', /is not a character of a drawn-set code/],
    ['~250', /had 250 points, more than the 200 a link carries: import it from its exported file/],
  ] as const) {
    await page.goto(`/?backend=wasm&section=success&dataset=drawn&drawn=${drawn}`);
    const notice = page.getByTestId('notice').filter({ hasText: 'drawn' });
    await expect(notice).toContainText(reason);
    await expect(notice).toContainText('the default data is used');
    const panel = page.getByTestId('panel-baseline');
    await expect(panel.getByRole('combobox', { name: 'Data set' }).first()).toHaveValue('moons');
    await expect(panel.getByTestId('draw-count')).toHaveCount(0);
    await expectTraining(page, 10);
  }
  expect(errors).toEqual([]);
});

test('the loss surface trains on a drawn set too; Shift-drag erases, and one class left says why', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=surface');
  const panel = page.getByTestId('panel-loss-surface');
  await expectTraining(page, 5);
  await openMore(page);
  await panel.getByTestId('draw-toggle').click();
  await expect(panel.getByTestId('drawn-refused')).toContainText('The drawn set is empty');
  const surface = panel.getByTestId('draw-surface');
  await clickPlane(surface, -1, 1);
  await panel.getByTestId('draw-class-b').click();
  await clickPlane(surface, 1, -1);
  await expect.poll(() => drawnCount(panel)).toBe(2);
  await expect(panel.getByTestId('drawn-refused')).toHaveCount(0);
  await expectTraining(page, 20);
  // Shift-drag erases with the Add tool too: a stroke across the class A point leaves class B alone.
  const box = (await surface.boundingBox())!;
  const at = (x: number, y: number) => [box.x + ((x + 2) / 4) * box.width, box.y + ((2 - y) / 4) * box.height] as const;
  await page.keyboard.down('Shift');
  await page.mouse.move(...at(-1.4, 1));
  await page.mouse.down();
  await page.mouse.move(...at(-0.6, 1), { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect.poll(() => drawnCount(panel)).toBe(1);
  await expect(panel.getByTestId('drawn-refused')).toContainText('only class B (1 point)');
  expect(errors).toEqual([]);
});

test('a set over the link limit is imported from a CSV, left out of the link with a note, and exported back the same; a bad file is refused and the drawing kept', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&section=success');
  const panel = page.getByTestId('panel-baseline');
  await expectTraining(page, 5);
  await panel.getByTestId('draw-toggle').click();
  // 250 points on the grid (k / 2047 · 4 − 2 for whole k, as the file and the link keep them), two classes.
  const on = (k: number) => Number(((k / 2047) * 4 - 2).toFixed(10));
  const rows = Array.from({ length: 250 }, (_, i) => `${on(200 + 6 * i)},${on(1900 - 5 * i)},${i % 2}`);
  const csv = `x,y,class\n${rows.join('\n')}\n`;
  await panel.getByTestId('draw-import-file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(panel.getByTestId('draw-count')).toHaveAttribute('data-count', '250');
  await expect(panel.getByTestId('draw-link-note')).toContainText('250 points are more than a link carries (200)');
  await expect.poll(() => page.url()).toMatch(/dataset=drawn/);
  expect(page.url()).toMatch(/drawn=(~|%7E)250(&|$)/);
  await expectTraining(page, 20);
  const download = page.waitForEvent('download');
  await panel.getByTestId('draw-export-csv').click();
  const saved = await download;
  const text = await (await import('node:fs/promises')).readFile((await saved.path())!, 'utf8');
  expect(text).toBe(csv);
  // A file with a bad class is refused by name; the 250 points stay.
  await panel.getByTestId('draw-import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,class\n0,0,7\n') });
  await expect(panel.getByText('Not imported: Point 1 has class “7”; classes are 0 and 1.')).toBeVisible();
  await expect(panel.getByTestId('draw-count')).toHaveAttribute('data-count', '250');
  expect(errors).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: the draw tools switched on, with points drawn (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto('/?backend=wasm&section=success&dataset=drawn&drawn=gAgAgIgAiAiAkBCA');
    const panel = page.getByTestId('panel-baseline');
    await panel.getByTestId('draw-toggle').click();
    await expect(panel.getByTestId('draw-layer')).toHaveAttribute('data-count', '4');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
    const result = await new AxeBuilder({ page }).include('[data-testid="panel-baseline"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad, bad.join('\n')).toEqual([]);
  });
}
