import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run with apt; Playwright's own browser download is never used. */
export const CHROMIUM = process.env.IRON_CAGE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const RENDERER_BUILD = fileURLToPath(new URL('../../out/renderer/index.html', import.meta.url));

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this machine refuses.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2eBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** `build` is the dashboard the suite drives (checked up front, so a missing build says how to make it). */
export async function launchChromium(build: { index: string; how: string } = { index: RENDERER_BUILD, how: 'npm run build:renderer' }): Promise<E2eBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  if (!existsSync(build.index)) throw new Error(`the dashboard is not built: run \`${build.how}\` (npm test does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Playwright gives every launch a fresh, empty profile of its own (and refuses a --user-data-dir argument).
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  return { browser, close: () => browser.close() };
}

/** Fails the test on any uncaught error in the page and any Content-Security-Policy violation. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** True when nothing on the page is wider than the window (no sideways scrolling of the whole page). */
export async function fitsWidth(page: Page): Promise<boolean> {
  // A string, evaluated in the page: this file is type-checked for Node, without DOM types.
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/** The elements that stick out past the window's right edge (for a failure message). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 8)
    .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().right))`);
}
