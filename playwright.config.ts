import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Use the system Chromium where it exists (Playwright cannot download its own browser here);
// other machines fall back to Playwright's own.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

// E2E_PORT and E2E_OUTDIR let parallel work serve its own build on its own port
// (e.g. `npx vite build --outDir dist-x && E2E_PORT=4201 E2E_OUTDIR=dist-x npx playwright test e2e/x.spec.ts`).
const port = Number(process.env.E2E_PORT ?? 4173);
const outDir = process.env.E2E_OUTDIR ?? 'dist';

const baseArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  // One retry, reported as "flaky" in the output: a rare lost download in the export test (1 in ~30 runs
  // here) should not sink a whole CI run, and a real failure still fails twice.
  retries: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: baseArgs,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /webgpu\.spec\.ts/ },
    {
      // WebGPU under SwiftShader (CPU emulation, BROWSER.md): slow, so only a few tests run here.
      name: 'webgpu-swiftshader',
      testMatch: /webgpu\.spec\.ts/,
      use: {
        launchOptions: {
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: [...baseArgs, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --outDir ${outDir} --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
