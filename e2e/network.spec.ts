import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectTraining, watchErrors } from './helpers';

/** Open the panel shell's "More" disclosure, where the network figure is a secondary figure. */
async function openMore(page: Page): Promise<void> {
  const more = page.getByTestId('more').first();
  if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
}

/** The network figure: units to point at, the enlarged map, and the kink line on the output map. */
async function hoverAUnit(page: Page) {
  const figure = page.locator('[data-figure="network"]').getByTestId('network-figure');
  await figure.scrollIntoViewIfNeeded();
  await expect(figure).toBeVisible();
  const units = figure.getByTestId('net-unit');
  // 2-16-16-2: sixteen units in each hidden layer.
  await expect(units).toHaveCount(32);
  await expect(figure.getByTestId('unit-enlarged')).toHaveCount(0);
  // A first-layer unit whose kink crosses the square (some of them may sit outside it).
  for (let i = 0; i < 16; i++) {
    await units.nth(i).hover();
    await expect(figure.getByTestId('unit-enlarged')).toBeVisible();
    if ((await figure.getByTestId('network-kink-line').count()) > 0) return { figure, units, index: i };
  }
  throw new Error('no first-layer unit kinks inside the square');
}

test('baseline: the network figure is behind More; hovering a unit enlarges its map and draws its kink on the decision map', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm');
  await expectTraining(page, 10);
  await openMore(page);
  const { figure, units, index } = await hoverAUnit(page);
  await expect(figure.getByTestId('unit-words')).toContainText(`Layer 1, unit ${index + 1}`);
  // The same line on the hero decision map (it has its own test id), and its caption names the unit.
  const decision = page.locator('[data-figure="decision"]');
  await expect(decision.getByTestId('decision-kink-line')).toHaveCount(1);
  await expect(decision).toContainText(`layer 1, unit ${index + 1} kinks`);
  // It is a real line across the map, not an empty path.
  const d = await decision.getByTestId('decision-kink-line').locator('path').first().getAttribute('d');
  expect(d).toMatch(/^M[\d.-]+,[\d.-]+L[\d.-]+,[\d.-]+/);

  // Moving off the unit hides it again; a click pins it, so it stays without hover.
  await page.mouse.move(2, 2);
  await expect(figure.getByTestId('unit-enlarged')).toHaveCount(0);
  await expect(decision.getByTestId('decision-kink-line')).toHaveCount(0);
  await units.nth(index).click();
  await page.mouse.move(2, 2);
  await expect(figure.getByTestId('unit-enlarged')).toBeVisible();
  await expect(decision.getByTestId('decision-kink-line')).toHaveCount(1);

  // Keyboard: a unit in the tab order; arrows move to the second layer, whose kink is traced from its map.
  await units.nth(index).focus();
  await page.keyboard.press('ArrowDown');
  await expect(figure.getByTestId('unit-words')).toContainText('Layer 2');

  // The open figure, with a unit shown, has no serious or critical axe-core violation (axe.spec.ts
  // scans every panel with "More" closed).
  await page.getByTestId('play').click();
  const result = await new AxeBuilder({ page }).include('[data-figure="network"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, bad.join('\n')).toEqual([]);
  expect(errors).toEqual([]);
});

test('baseline: a net too wide for the card is drawn capped, inside the card', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?backend=wasm&hidden=64,64');
  await expectTraining(page, 5);
  await openMore(page);
  const figure = page.locator('[data-figure="network"]').getByTestId('network-figure');
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.getByTestId('net-unit')).toHaveCount(32);
  await expect(figure).toContainText('first 16 of 64 ReLU units');
  const card = (await page.locator('[data-figure="network"]').boundingBox())!;
  const drawn = (await figure.locator('.net-diagram').boundingBox())!;
  expect(drawn.x).toBeGreaterThanOrEqual(card.x - 1);
  expect(drawn.x + drawn.width).toBeLessThanOrEqual(card.x + card.width + 1);
  // No horizontal scrollbar in the card.
  const overflow = await page.locator('[data-figure="network"]').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('loss surface: the same figure, and the kink line on its output map', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?exp=loss-surface&backend=wasm');
  await expectTraining(page, 10);
  await openMore(page);
  const { figure } = await hoverAUnit(page);
  await expect(figure.getByTestId('network-output')).toBeVisible();
  await expect(figure.getByTestId('unit-kink-line')).toHaveCount(1);
  expect(errors).toEqual([]);
});
