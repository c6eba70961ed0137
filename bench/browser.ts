/** Headless Chromium for the bench: the system one where it exists, Playwright's own elsewhere. */
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';

const baseArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launch(webgpu = false): Promise<Browser> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: webgpu ? [...baseArgs, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'] : baseArgs,
  });
  // Every bench page is a first visit: the offline service worker would otherwise precache the whole
  // build (about 5 MB) in the background of whatever is being timed.
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: 'block', ...options });
  return browser;
}
