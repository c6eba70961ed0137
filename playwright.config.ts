import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Use the system Chromium where it exists (Playwright cannot download its own browser here);
// other machines fall back to Playwright's own.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const baseArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173',
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
    command: 'npx vite preview --port 4173 --strictPort --host 127.0.0.1',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
