/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Screenshots go to
 * test-artifacts/screenshots so CI keeps them and people can look at them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/**
 * `extraArgs`: more Chromium switches, e.g. `--ignore-certificate-errors-spki-list=<hash>` to trust one hub key;
 * `autoplay: false` keeps Chromium's default policy (audio waits for a tap), as on a TV's browser.
 */
export async function launchBrowser(extraArgs: readonly string[] = [], opts: { autoplay?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (as root): apt-get update && apt-get install -y --no-install-recommends chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(opts.autoplay === false ? [] : ['--autoplay-policy=no-user-gesture-required']), ...extraArgs],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
