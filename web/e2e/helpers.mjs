// @ts-check
// What the browser tests share: signing in, waiting for lists, watching for page errors, and a
// direct line to the API for what happens "elsewhere" (a colleague's edit, a revoked session).
import { screenshot } from './browser.mjs';

export const PASSWORD = 'chumchon-demo';

/**
 * @param {import('playwright-core').Page} page
 * @param {string} username
 */
export async function signIn(page, username) {
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(PASSWORD);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
}

/** @param {import('playwright-core').Page} page */
export async function signOut(page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'ออกจากระบบ' }).click();
  await page.waitForURL('**/sign-in');
}

/**
 * Waits until a list shows real rows (not its loading skeleton) and is not fetching.
 * @param {import('playwright-core').Page | import('playwright-core').Locator} scope
 */
export async function waitForRows(scope) {
  await scope.locator('table[aria-busy="false"] tbody tr:not([data-skeleton])').first().waitFor();
}

/** Fails the test on any uncaught error in the page. @param {import('playwright-core').Page} page */
export function watchErrors(page) {
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Types a date the way an officer does (BE, day/month/year) and leaves the field.
 * @param {import('playwright-core').Locator} scope
 * @param {string} label
 * @param {string} text
 */
export async function typeDate(scope, label, text) {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.fill(text);
  await input.press('Tab');
}

/**
 * Picks an option of a Mantine Select (its list opens in a portal at the end of the page).
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} scope
 * @param {string} label
 * @param {string} option
 */
export async function choose(page, scope, label, option) {
  // Searchable selects are comboboxes, plain ones read-only text boxes; both carry the label.
  await scope.getByRole('combobox', { name: label, exact: true }).or(scope.getByRole('textbox', { name: label, exact: true })).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Signs in through the API (not the page) and returns a bearer token.
 * @param {string} baseUrl
 * @param {string} username
 */
export async function apiToken(baseUrl, username) {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username, password: PASSWORD }),
  });
  const body = await response.json();
  return /** @type {string} */ (body.access_token);
}

/**
 * @param {string} baseUrl
 * @param {string} token
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 */
export async function callApi(baseUrl, token, method, path, body, headers = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * Screenshots at the desktop size and again at a tablet's (portrait), then back.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshotBoth(page, name) {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.waitForTimeout(300);
  await screenshot(page, `${name}-tablet`);
  if (size) await page.setViewportSize(size);
  await page.waitForTimeout(150);
}

/**
 * Follows a link of the sidebar (the main menu, not the breadcrumb).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function openFromMenu(page, name) {
  await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name, exact: true }).click();
}

/**
 * Every form field in `scope` has a name a screen reader can read (a label, aria-label or -labelledby).
 * @param {import('playwright-core').Locator} scope
 */
export async function unlabelledFields(scope) {
  return scope.evaluate((root) =>
    [...root.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => {
        const input = /** @type {HTMLInputElement} */ (el);
        return !(input.labels?.length || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby'));
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}
