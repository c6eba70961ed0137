import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { catalog } from '../src/core/catalog';
import { stepCount } from './helpers';

// Every experiment's panel, in the light and the dark theme: no serious or critical axe-core violation.
for (const scheme of ['light', 'dark'] as const) {
  for (const { id } of catalog) {
    test(`axe: ${id} (${scheme})`, async ({ page }) => {
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(`/?exp=${id}&backend=wasm`);
      await expect(page.getByTestId(`panel-${id}`)).toBeVisible();
      // Trained at least a step (some runs stop by design at a step budget, so no further progress is asked).
      await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(0);
      // Pause so the scan sees one stable page (live readouts change every frame).
      await page.getByTestId('play').click();
      await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('')}`).join('\n    ')}`);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }
}
