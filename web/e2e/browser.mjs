// @ts-check
// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot reach
// this network). A fresh profile each run; background networking off so Chromium stays quiet.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One browser per test file; each test takes a fresh context (own storage, own session). */
export async function launchBrowser() {
  await mkdir(artifactsDir, { recursive: true });
  // launch() gives Chromium a fresh temporary --user-data-dir of its own and removes it on close.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** @param {import('playwright-core').Browser} browser */
export function newContext(browser, viewport = { width: 1280, height: 800 }) {
  return browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
}

/**
 * Saves a screenshot to e2e/artifacts/<name>.png once fonts have loaded: the whole page, or only
 * what is on screen (`fullPage: false`, for an open dialog).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {{ fullPage?: boolean }} [options]
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  // Transitions finished (a closing dialog's fading overlay is not part of the screen).
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage, animations: 'disabled' });
}
