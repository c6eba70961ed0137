import { expect, test } from '@playwright/test';
import { createRng, type Rng } from '../src/core/rng';
import { decodeUrlState } from '../src/params/url';
import { DEFAULT_EXPERIMENT_ID, schemaOf } from '../src/core/catalog';
import { baselineSchema } from '../src/core/experiments/baseline-mlp.schema';

// 200 random and malformed query strings from a fixed seed: the page never throws, always trains,
// and names every value it could not use. Kept to the baseline experiment (plus bogus `exp` values),
// whose steps are fast on every backend.
const COUNT = 200;
const KEYS = [...Object.keys(baselineSchema), 'seed', 'backend', 'exp', 'bogus', '', 'hidden[]', '__proto__', 'constructor'];
const VALUES = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1,2,3', '-5', '3.7', '999999999999', '0', '1',
  '%', '%E0%A4%A', '%00', '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', 'true', 'null',
  'moons', 'spiral', 'adam', 'relu', 'wasm', 'cpu', 'webgpu', 'webgl', 'auto', 'tpu', 'baseline', 'nope',
  '16,16', '64,64,64,64,64,64,64', '0,0', 'x'.repeat(300), '🙂', '1 2', '+1', '.5',
];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

function randomQuery(rng: Rng): string {
  const parts: string[] = [];
  const n = 1 + rng.int(6);
  for (let i = 0; i < n; i++) {
    const shape = rng.int(10);
    const key = pick(rng, KEYS);
    if (shape === 0) parts.push(key); // no '='
    else if (shape === 1) parts.push(`=${pick(rng, VALUES)}`); // no key
    else if (shape === 2) parts.push(''); // '&&'
    else parts.push(`${encodeURIComponent(key)}=${rng.int(3) === 0 ? pick(rng, VALUES) : encodeURIComponent(pick(rng, VALUES))}`);
  }
  // Forced software backends are slow; keep most pages on wasm so the suite stays short.
  if (!parts.some((p) => p.startsWith('backend='))) parts.push('backend=wasm');
  return parts.join('&');
}

test('200 fuzzed URLs: no uncaught error, every page trains, every rejected value is named', async ({ page }) => {
  test.setTimeout(20 * 60_000);
  const rng = createRng(20261127);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  for (let i = 0; i < COUNT; i++) {
    const query = randomQuery(rng);
    const expected = decodeUrlState(query, schemaOf, DEFAULT_EXPERIMENT_ID).problems;
    const response = await page.goto(`/?${query}`).catch((e: Error) => { throw new Error(`${query}: ${e.message}`); });
    expect(response?.status(), query).toBeLessThan(400);
    await expect
      .poll(async () => Number(await page.getByTestId('step-count').getAttribute('data-value')), { timeout: 30_000, message: query })
      .toBeGreaterThan(0);
    if (expected.length > 0) {
      const notice = page.getByTestId('notice').filter({ hasText: 'could not be used' });
      await expect(notice, query).toBeVisible();
      const text = (await notice.textContent()) ?? '';
      for (const p of expected) expect(text, `${query}: ${p.key}`).toContain(`${p.key} = “${p.given}”`);
    }
    expect(pageErrors, query).toEqual([]);
  }
});
