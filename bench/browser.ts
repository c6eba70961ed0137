/** Headless Chromium for the bench: the system one where it exists, Playwright's own elsewhere. */
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';

const baseArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launch(webgpu = false): Promise<Browser> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: webgpu ? [...baseArgs, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'] : baseArgs,
  });
}
