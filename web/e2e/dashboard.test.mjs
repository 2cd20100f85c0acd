// @ts-check
// The dashboard in a browser: an officer and an executive each see what waits for them and the
// domain figures, and follow "waiting for me" to the record; a community leader, who may not read
// allowances or disability cards, does not see those cards at all (the API's 403 hides them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { apiToken, callApi, choose, screenshotBoth, signIn, signOut, waitForRows, watchErrors } from './helpers.mjs';

/** @type {import('./server.mjs').RunningServer} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

const GROUP = 'กลุ่มแม่บ้านรอเผยแพร่แนวคิด';
const PERSON = { title: 'นาง', first_name: 'บุญเรือน', last_name: 'รออนุมัติ' };
/** @type {{ group: string, registration: string }} */
const ids = { group: '', registration: '' };

/** A valid Thai national ID: twelve digits and their check digit. @param {string} twelve */
function nationalId(twelve) {
  const sum = [...twelve].reduce((acc, d, i) => acc + Number(d) * (13 - i), 0);
  return `${twelve}${(11 - (sum % 11)) % 10}`;
}

/**
 * @param {{ status: number, body: any }} response
 * @param {number} status
 */
function expectStatus(response, status) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  return response.body;
}

const today = new Date().toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // What the office did before: a group proposed (its next step is the officer's), and an
  // elderly allowance request taken to "verified" (its next step, approval, is the executive's).
  const officer = await apiToken(server.url, 'officer');
  const villages = expectStatus(await callApi(server.url, officer, 'GET', '/api/v1/organisations/current/villages?page_size=1'), 200);
  const village = villages.items[0].id;
  ids.group = expectStatus(await callApi(server.url, officer, 'POST', '/api/v1/groups', { name: GROUP, kind: 'housewives', village_id: village }), 201).id;
  const citizen = expectStatus(
    await callApi(server.url, officer, 'POST', '/api/v1/citizens', {
      ...PERSON,
      national_id: nationalId(`3${String(Date.now()).slice(-11)}`),
      sex: 'female',
      birth_date: '1950-04-02',
      village_id: village,
      house_number: '9',
    }),
    201,
  );
  const programmes = expectStatus(await callApi(server.url, officer, 'GET', '/api/v1/allowances/programmes'), 200);
  const elderly = programmes.find((/** @type {any} */ p) => p.code === 'elderly');
  const documents = elderly.documents.registration.map((/** @type {any} */ d) => ({ kind: d.kind }));
  // Elderly requests are taken within a registration window: the latest one already open.
  const windows = expectStatus(await callApi(server.url, officer, 'GET', '/api/v1/allowances/windows?code=elderly'), 200);
  const open = windows.filter((/** @type {any} */ w) => w.opens_on <= today).sort((/** @type {any} */ a, /** @type {any} */ b) => (a.opens_on < b.opens_on ? 1 : -1))[0];
  const received = open.closes_on < today ? open.closes_on : today;
  const reg = expectStatus(
    await callApi(server.url, officer, 'POST', '/api/v1/allowances/registrations', {
      citizen_id: citizen.id, programme: 'elderly', received_on: received, payment_method: 'cash', documents,
    }),
    201,
  );
  ids.registration = reg.id;
  const base = `/api/v1/allowances/registrations/${reg.id}/workflow`;
  expectStatus(await callApi(server.url, officer, 'POST', `${base}/record`, { evidence: { request_no: '7/2570', recorded_on: received } }), 200);
  expectStatus(await callApi(server.url, officer, 'POST', `${base}/verify`, { evidence: { checked_on: today } }), 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** @param {import('playwright-core').Page} page */
async function cardsLoaded(page) {
  await page.getByTestId('card-waiting').waitFor();
  // Signing in is a client-side navigation, so "network idle" may already be true: wait for the cards themselves.
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
}

describe('dashboard', () => {
  test('an officer sees the group waiting for its first step and every card, and follows it to the group', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.waitForURL(`${server.url}/`);
    await cardsLoaded(page);

    const waiting = page.getByTestId('card-waiting');
    await waiting.getByRole('heading', { name: 'งานที่รอฉันดำเนินการ' }).waitFor();
    await waiting.getByText('รอดำเนินการ 1 เรื่อง').waitFor();
    await waiting.getByText('การจัดตั้งกลุ่ม').waitFor();
    await waiting.getByText('เผยแพร่แนวคิด').first().waitFor();
    // The approval is the executive's, so the verified request does not wait for the officer.
    assert.equal(await waiting.getByText(PERSON.last_name).count(), 0);

    // Every figure card is there, each with its empty state on a fresh office, and its link.
    await page.getByTestId('card-payroll').getByText('ยังไม่ได้สร้างบัญชีจ่ายของเดือนนี้').waitFor();
    await page.getByTestId('card-expiring').getByText('ไม่มีบัตรที่จะหมดอายุใน 60 วัน').waitFor();
    await page.getByTestId('card-projects').getByText('ยังไม่มีโครงการ').waitFor();
    // Beneficiaries by programme (bars) and by village (a table), from the allowances report.
    const beneficiaries = page.getByTestId('card-beneficiaries');
    await beneficiaries.getByRole('list', { name: 'จำนวนผู้รับเบี้ยยังชีพแยกตามประเภท' }).getByText('เบี้ยยังชีพผู้สูงอายุ').waitFor();
    await beneficiaries.getByRole('table', { name: 'จำนวนผู้รับเบี้ยยังชีพแยกตามหมู่บ้าน' }).getByText(/^หมู่ที่ 1 /).waitFor();
    assert.match(await beneficiaries.getByTestId('beneficiaries-total').innerText(), /^\d+$/);
    assert.equal(await page.getByTestId('card-payroll').getByRole('link', { name: 'ดูทั้งหมด' }).getAttribute('href'), '/allowances?tab=payrolls');
    assert.equal(await page.getByTestId('card-projects').getByRole('link', { name: 'ดูทั้งหมด' }).getAttribute('href'), '/projects');
    // Dates are Buddhist Era.
    assert.match(await waiting.innerText(), /ตั้งแต่ \d{1,2} \S+ 25\d\d/);
    await screenshotBoth(page, 'dashboard-01-officer');

    await waiting.getByRole('link', { name: GROUP }).click();
    await page.waitForURL(`**/groups/${ids.group}`);
    await page.getByRole('heading', { name: GROUP }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'dashboard-02-officer-followed-to-group');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an executive sees the request to approve, opens the full list, filters it and follows it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'executive');
    await page.waitForURL(`${server.url}/`);
    await cardsLoaded(page);

    const waiting = page.getByTestId('card-waiting');
    const title = `${PERSON.title}${PERSON.first_name} ${PERSON.last_name} · เบี้ยยังชีพผู้สูงอายุ`;
    await waiting.getByRole('link', { name: title }).waitFor();
    await waiting.getByText('ตรวจสอบคุณสมบัติแล้ว').waitFor();
    await waiting.getByText('อนุมัติ', { exact: true }).waitFor();
    // Forming a group is the officer's work: it waits for the officer, not the executive.
    assert.equal(await waiting.getByText(GROUP).count(), 0);
    await page.getByTestId('card-projects').waitFor();
    await screenshot(page, 'dashboard-03-executive');

    // The whole list: a page of its own, its filter in the URL.
    await waiting.getByRole('link', { name: 'ดูทั้งหมด' }).click();
    await page.waitForURL('**/waiting');
    await page.getByRole('heading', { name: 'งานที่รอฉันดำเนินการ' }).waitFor();
    await waitForRows(page);
    await choose(page, page.getByRole('search'), 'กระบวนงาน', 'การจัดตั้งกลุ่ม');
    await page.waitForURL('**/waiting?process=group_formation');
    await page.getByText('ไม่พบรายการที่ตรงกับตัวกรอง').waitFor();
    await page.getByRole('button', { name: 'ล้างตัวกรอง' }).click();
    await waitForRows(page);
    await screenshotBoth(page, 'dashboard-04-executive-waiting-list');

    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(`**/allowances/registrations/${ids.registration}`);
    await page.getByRole('heading', { name: new RegExp(PERSON.last_name) }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'dashboard-05-executive-followed-to-registration');
    assert.deepEqual(errors, []);
    await signOut(page);
    await context.close();
  });

  test('a community leader sees no card they may not read', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const seen = /** @type {number[]} */ ([]);
    page.on('response', (r) => {
      if (/\/allowances\/(payrolls|reports\/beneficiaries)|\/disability-cards\/expiring/.test(r.url())) seen.push(r.status());
    });
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'leader');
    await page.waitForURL(`${server.url}/`);
    await cardsLoaded(page);
    // The leader may form groups: the proposed group waits for them too.
    await page.getByTestId('card-waiting').getByRole('link', { name: GROUP }).waitFor();
    await page.getByTestId('card-projects').waitFor();
    assert.deepEqual(seen.sort(), [403, 403, 403]);
    assert.equal(await page.getByTestId('card-beneficiaries').count(), 0);
    assert.equal(await page.getByTestId('card-payroll').count(), 0);
    assert.equal(await page.getByTestId('card-expiring').count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0);
    await screenshot(page, 'dashboard-06-leader');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
