// @ts-check
// Browser tests against a real server with a fresh database (see server.mjs). Screenshots of the
// main screens land in e2e/artifacts/ for people to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { PASSWORD, signIn, waitForRows, watchErrors } from './helpers.mjs';

/** @type {import('./server.mjs').RunningServer} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** What the API says the officer's organisation is called (the screen must show the same). */
let orgNameTh = '';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const token = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: 'officer', password: PASSWORD }),
  }).then((r) => r.json());
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token.access_token}` } }).then((r) => r.json());
  orgNameTh = me.organisation.name_th;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Chumchon in a browser', () => {
  test('a wrong password shows the Thai error', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
    await screenshot(page, '01-sign-in');

    await page.getByLabel('ชื่อผู้ใช้').fill('viewer');
    await page.getByLabel('รหัสผ่าน').fill('not-the-password');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง/);
    assert.equal(await page.getByLabel('รหัสผ่าน').inputValue(), '', 'the wrong password is cleared');
    // Thai text is drawn in the bundled Sarabun, not a fallback font.
    assert.ok(await page.evaluate(() => document.fonts.check('16px Sarabun', 'ชื่อผู้ใช้')));
    const family = await alert.evaluate((el) => getComputedStyle(el).fontFamily);
    assert.match(family, /^Sarabun/);
    await screenshot(page, '02-sign-in-error');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an officer signs in with the keyboard, sees the dashboard, switches to English and back, and signs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    // Keyboard only: the username field has focus, Tab reaches the password, Enter submits.
    await page.getByLabel('ชื่อผู้ใช้').waitFor();
    await page.keyboard.type('officer');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');

    await page.waitForURL(`${server.url}/`);
    const org = page.getByTestId('org-name');
    await org.waitFor();
    assert.equal(await org.innerText(), orgNameTh);
    await page.getByText(/หมู่บ้าน$/).first().waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'แดชบอร์ด' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '03-dashboard');

    // Every form field on the screen has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => {
        const input = /** @type {HTMLInputElement} */ (el);
        return !(input.labels?.length || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby'));
      }).length,
    );
    assert.equal(unlabelled, 0);

    // The villages list: real rows, sorting in the URL.
    await page.getByRole('navigation').getByRole('link', { name: 'หมู่บ้าน' }).click();
    await page.waitForURL('**/villages');
    await waitForRows(page);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-number') && r.ok()),
      page.getByRole('button', { name: 'หมู่ที่' }).click(),
    ]);
    await page.waitForURL('**/villages?sort=-number');
    await waitForRows(page);
    const firstMoo = await page.locator('tbody tr').first().locator('td').first().innerText();
    const rows = await page.locator('tbody tr').count();
    assert.equal(firstMoo, String(rows), 'descending by number puts the highest first');
    await screenshot(page, '04-villages');

    // A filter that matches nothing: the empty state offers to clear it; the filter is in the URL.
    await page.getByLabel('ค้นหา').fill('ไม่มีหมู่บ้านชื่อนี้');
    await page.getByText('ไม่พบรายการที่ตรงกับตัวกรอง').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), 'ไม่มีหมู่บ้านชื่อนี้');
    await screenshot(page, '04b-villages-empty');
    await page.getByRole('button', { name: 'ล้างตัวกรอง' }).click();
    await waitForRows(page);
    assert.equal(new URL(page.url()).searchParams.get('q'), null);

    // When the server fails, the list says so in Thai, with the reference to quote, and a retry.
    let failing = true;
    await page.route('**/api/v1/organisations/current/villages?**', (route) =>
      failing
        ? route.fulfill({
            status: 500,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal_error', request_id: 'e2e-req-1' }),
          })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'ชื่อหมู่บ้าน' }).click();
    await page.getByText('โหลดรายการไม่สำเร็จ').waitFor({ timeout: 15_000 });
    await page.getByText('รหัสอ้างอิง e2e-req-1').waitFor();
    await screenshot(page, '04c-villages-error');
    failing = false;
    await page.getByRole('button', { name: 'ลองใหม่' }).click();
    await waitForRows(page);
    await page.unroute('**/api/v1/organisations/current/villages?**');

    // The switch is two radios under visible labels "TH" / "EN"; people click the label.
    await page.locator('label', { hasText: /^EN$/ }).click();
    assert.ok(await page.getByRole('radio', { name: 'English' }).isChecked());
    await page.getByRole('heading', { name: 'Villages' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await screenshot(page, '05-dashboard-en');

    // The choice is remembered across a reload (and the session survives it).
    await page.reload();
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    await page.locator('label', { hasText: /^TH$/ }).click();
    await page.getByRole('heading', { name: /^สวัสดี/ }).waitFor();

    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    await screenshot(page, '06-dashboard-tablet');
    await page.getByRole('button', { name: 'เปิด/ปิดเมนู' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'หมู่บ้าน' }).waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // the sidebar slides in
    await screenshot(page, '07-tablet-menu');
    await page.getByRole('button', { name: 'เปิด/ปิดเมนู' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'ออกจากระบบ' }).click();
    await page.waitForURL('**/sign-in');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('chumchon.refresh')), null);
    // After signing out, the app does not let you back in with the Back button.
    await page.goto(server.url);
    await page.waitForURL('**/sign-in');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an expired access token is refreshed transparently', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();
    // The dashboard's own requests are done before we start counting.
    await page.waitForLoadState('networkidle');
    const refreshBefore = await page.evaluate(() => sessionStorage.getItem('chumchon.refresh'));

    // The next villages request goes out with a token the server no longer accepts, as after
    // the 15 minutes an access token lives. The real server answers 401; the app must refresh
    // and repeat the request without the officer noticing.
    /** @type {{ url: string, status: number }[]} */
    const seen = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/')) seen.push({ url: new URL(r.url()).pathname, status: r.status() });
    });
    let tampered = false;
    await page.route('**/api/v1/organisations/current/villages**', async (route) => {
      if (tampered) return route.continue();
      tampered = true;
      const headers = { ...route.request().headers(), authorization: 'Bearer expired.token.value' };
      return route.continue({ headers });
    });
    await page.getByRole('navigation').getByRole('link', { name: 'หมู่บ้าน' }).click();
    await waitForRows(page);
    assert.ok(tampered);
    const villages = seen.filter((s) => s.url.endsWith('/villages'));
    assert.deepEqual(villages.map((s) => s.status), [401, 200]);
    assert.deepEqual(seen.filter((s) => s.url.endsWith('/auth/refresh')).map((s) => s.status), [200]);
    const refreshAfter = await page.evaluate(() => sessionStorage.getItem('chumchon.refresh'));
    assert.ok(refreshAfter && refreshAfter !== refreshBefore, 'the refresh token rotated');
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('when the session cannot be renewed, sign-in brings the officer back to the same page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'หมู่บ้าน' }).click();
    await page.getByLabel('ค้นหา').fill('บ้าน');
    await page.waitForURL(/q=/);
    const listUrl = page.url();

    // The session ends on the server side (refresh token revoked) while the page is open.
    const refresh = await page.evaluate(() => sessionStorage.getItem('chumchon.refresh'));
    await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refresh }) });
    await page.route('**/api/v1/organisations/current/villages**', (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired.token.value' } }),
    );
    await page.getByRole('button', { name: 'หมู่ที่' }).click();

    await page.waitForURL('**/sign-in?**');
    await page.getByText('หมดเวลาการใช้งาน').waitFor();
    await screenshot(page, '08-session-expired');
    await page.unroute('**/api/v1/organisations/current/villages**');
    await signIn(page, 'officer');
    await page.waitForURL((url) => url.pathname === '/villages' && url.searchParams.get('q') === 'บ้าน');
    assert.equal(await page.getByLabel('ค้นหา').inputValue(), 'บ้าน');
    assert.ok(new URL(listUrl).searchParams.get('q') === 'บ้าน');
    await context.close();
  });

  test('what an administrator typed survives a session that runs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/villages`);
    await page.waitForURL('**/sign-in?next=%2Fvillages');
    await signIn(page, 'admin');
    await page.waitForURL('**/villages');
    await page.getByRole('link', { name: 'เพิ่มหมู่บ้าน' }).click();
    await page.waitForURL('**/villages/new');
    await page.getByLabel('หมู่ที่').fill('9');
    await page.getByLabel('ชื่อหมู่บ้าน').fill('บ้านหนองน้ำใส');
    await screenshot(page, '09-village-form');

    // The session ends (refresh token revoked elsewhere, access token past its time) before Save.
    const refresh = await page.evaluate(() => sessionStorage.getItem('chumchon.refresh'));
    const revoked = await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refresh }) });
    assert.equal(revoked.status, 204);
    await page.route('**/api/v1/organisations/current/villages', (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired.token.value' } }),
    );
    await page.getByRole('button', { name: 'บันทึก' }).click();
    await page.waitForURL('**/sign-in?next=%2Fvillages%2Fnew&reason=expired');
    await page.unroute('**/api/v1/organisations/current/villages');

    await signIn(page, 'admin');
    await page.waitForURL('**/villages/new');
    await page.getByText('กู้คืนข้อมูลที่กรอกค้างไว้แล้ว').waitFor();
    assert.equal(await page.getByLabel('หมู่ที่').inputValue(), '9');
    assert.equal(await page.getByLabel('ชื่อหมู่บ้าน').inputValue(), 'บ้านหนองน้ำใส');
    await screenshot(page, '10-village-form-restored');

    await page.getByRole('button', { name: 'บันทึก' }).click();
    await page.waitForURL('**/villages');
    await page.getByRole('cell', { name: 'บ้านหนองน้ำใส' }).waitFor();
    // Saved, so the draft is gone: the form opens empty.
    await page.getByRole('link', { name: 'เพิ่มหมู่บ้าน' }).click();
    assert.equal(await page.getByLabel('ชื่อหมู่บ้าน').inputValue(), '');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
