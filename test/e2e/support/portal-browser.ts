import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (another distribution, a local build). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Where a test run writes its screenshots: test artifacts under `.artifacts/screenshots` (ignored by git), or the
 * ones the README links to, `docs/screenshots`, when UPDATE_SCREENSHOTS=1 (so a test run leaves the tree clean).
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots')
    : path.resolve(__dirname, '..', '..', '..', '.artifacts', 'screenshots');

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * The browser suite needs Debian's `chromium`: when it is missing, install it with apt-get (saying so), and fail with
 * what to do when that is not possible (no apt-get, not root, no network).
 */
export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  console.warn(
    `${CHROMIUM} is missing: installing Debian's chromium with 'apt-get install -y chromium' for the portal tests…`,
  );
  const installed =
    aptGet(['install', '-y', 'chromium']) || (aptGet(['update']) && aptGet(['install', '-y', 'chromium']));
  if (installed && fs.existsSync(CHROMIUM)) return CHROMIUM;
  throw new Error(
    `The portal tests need a Chromium at ${CHROMIUM}, and 'apt-get install -y chromium' could not install it ` +
      `(it needs root, apt-get and network access). Install it yourself ('sudo apt-get install chromium' on Debian) ` +
      `or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
  );
}

/** Headless Chromium driven by playwright-core (no browser download: the system's binary). */
export async function launchChromium(): Promise<Browser> {
  // --no-sandbox: test containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox'] });
}

/** A page that fails the test on any error the page itself reports (a script error, a CSP refusal). */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    ) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
