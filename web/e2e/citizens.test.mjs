// @ts-check
// The citizen register in a browser: an officer registers a person (a wrong national ID first,
// told in Thai which digit is wrong), finds them by name, opens their page, and corrects the
// record while a colleague has changed it (409 → a clear message and a reload).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { apiToken, callApi, choose, openFromMenu, screenshotBoth, signIn, unlabelledFields, waitForRows, watchErrors } from './helpers.mjs';

/** @type {import('./server.mjs').RunningServer} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('citizens', () => {
  test('an officer registers a citizen, finds them by name and opens their page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();

    await openFromMenu(page, 'ทะเบียนประชาชน');
    await page.waitForURL('**/citizens');
    await page.getByText('ยังไม่มีข้อมูล').waitFor();
    await page.getByRole('link', { name: 'ลงทะเบียนบุคคล' }).click();
    await page.waitForURL('**/citizens/new');

    // A national ID with a wrong check digit: the message names the digit it should be.
    const form = page.locator('form');
    assert.deepEqual(await unlabelledFields(form), [], 'every field is labelled');
    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('1-1037-02071-83-9');
    await form.getByRole('combobox', { name: 'คำนำหน้า' }).fill('นาง');
    await form.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('สมหญิง');
    await form.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('ใจดี');
    await form.getByRole('radio', { name: 'หญิง' }).check();
    // Only the year of birth is known, as on many old records: typed in พ.ศ.
    await form.locator('label', { hasText: 'ทราบเฉพาะปี' }).click();
    await form.getByRole('textbox', { name: 'ปีเกิด (พ.ศ.)' }).fill('2495');
    await choose(page, form, 'หมู่บ้าน', 'หมู่ที่ 3 บ้านหนองแวง');
    await form.getByRole('textbox', { name: 'บ้านเลขที่' }).fill('12/3');
    await form.getByRole('textbox', { name: 'โทรศัพท์' }).fill('081-234-5678');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    const idError = page.getByText('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8');
    await idError.waitFor();
    // The message is the field's own description of what is wrong (read out with the field).
    const described = await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).getAttribute('aria-describedby');
    assert.ok(described && (await page.locator(`[id="${described.split(' ').find((id) => id.endsWith('error'))}"]`).count()) === 1);
    assert.equal(new URL(page.url()).pathname, '/citizens/new', 'nothing was registered');
    assert.ok(
      await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).evaluate((el) => el === document.activeElement),
      'the field to fix has the focus',
    );
    await screenshotBoth(page, '11-citizen-bad-id');

    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('1103702071838');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'นางสมหญิง ใจดี' }).waitFor();
    assert.equal(await page.getByTestId('national-id').innerText(), '1-1037-xxxxx-xx-8', 'masked on the page');
    await page.getByText('พ.ศ. 2495 (ทราบเฉพาะปี)').waitFor();
    await page.getByText('บ้านเลขที่ 12/3 หมู่ที่ 3 บ้านหนองแวง').waitFor();
    await screenshotBoth(page, '12-citizen-page');
    const personUrl = page.url();

    // The same person again: the API refuses (409) and the form says so under the ID, with a way in.
    await page.goto(`${server.url}/citizens/new`);
    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('๑๑๐๓๗๐๒๐๗๑๘๓๘');
    await form.getByRole('combobox', { name: 'คำนำหน้า' }).fill('นาง');
    await form.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('สมหญิง');
    await form.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('ใจดี');
    await form.getByRole('radio', { name: 'หญิง' }).check();
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await page.getByRole('link', { name: 'เปิดข้อมูลของบุคคลนี้ที่มีอยู่แล้ว' }).waitFor();
    assert.ok((await page.getByText('เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว').count()) >= 1);
    await page.getByRole('link', { name: 'ยกเลิก' }).click();
    await page.waitForURL('**/citizens');

    // Someone else: a birth date known to the day, typed from a paper form.
    await page.goto(`${server.url}/citizens/new`);
    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('3-3601-00234-56-1');
    await form.getByRole('combobox', { name: 'คำนำหน้า' }).fill('นาย');
    await form.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('สมชาย');
    await form.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('รักถิ่น');
    await form.getByRole('radio', { name: 'ชาย' }).check();
    const birth = form.getByRole('textbox', { name: 'วัน เดือน ปีเกิด (พ.ศ.)' });
    await birth.fill('15 มี.ค. 2500');
    await birth.press('Tab');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await page.getByRole('heading', { name: 'นายสมชาย รักถิ่น' }).waitFor();
    await page.getByText('15 มีนาคม 2500').waitFor();

    // Find her by name (marks and spaces ignored by the API) and open her page from the list.
    await openFromMenu(page, 'ทะเบียนประชาชน');
    await waitForRows(page);
    await page.getByLabel('ชื่อ-สกุล').fill('สม หญิง');
    await page.waitForURL((url) => url.searchParams.get('q') === 'สม หญิง');
    await page.locator('tbody tr').filter({ hasText: 'สมชาย' }).waitFor({ state: 'detached' });
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 1);
    assert.match(await page.locator('tbody tr').first().innerText(), /1-1037-xxxxx-xx-8/);
    await screenshotBoth(page, '13-citizens-search');
    assert.deepEqual(await unlabelledFields(page.getByRole('search')), [], 'every filter is labelled');
    // The age filter is in the URL too: 70 and over finds her (born 2495), not him (2500 is 69).
    await page.goto(`${server.url}/citizens?min_age=70`);
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 1);
    await page.getByRole('link', { name: 'นางสมหญิง ใจดี' }).click();
    await page.waitForURL(personUrl);

    // Her timeline: registered, by whom.
    await page.getByRole('tab', { name: 'ประวัติ' }).click();
    await page.waitForURL(/tab=timeline/);
    await page.getByRole('cell', { name: 'ลงทะเบียนบุคคล' }).waitFor();
    await screenshot(page, '14-citizen-timeline');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a correction made from an old copy is refused in plain Thai, and the form reloads', async () => {
    const token = await apiToken(server.url, 'officer');
    const created = await callApi(server.url, token, 'POST', '/api/v1/citizens', {
      national_id: '1-2345-67890-12-1', title: 'นาง', first_name: 'มาลี', last_name: 'ศรีสุข', sex: 'female',
      birth_date: '1950-06-01', birth_precision: 'month', nationality: 'THA',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/citizens/${id}/edit`);
    await signIn(page, 'officer');
    await page.waitForURL(`**/citizens/${id}/edit`);
    const form = page.locator('form');
    const phone = form.getByRole('textbox', { name: 'โทรศัพท์' });
    await phone.waitFor();
    // The month of birth is shown as it was recorded.
    assert.equal(await form.getByRole('textbox', { name: 'ปีเกิด (พ.ศ.)' }).inputValue(), '2493');
    await phone.fill('089-000-1111');

    // Meanwhile a colleague corrects the house number.
    const colleague = await callApi(server.url, token, 'PATCH', `/api/v1/citizens/${id}`, { house_number: '99' }, { 'If-Match': `"${created.body.version}"` });
    assert.equal(colleague.status, 200, JSON.stringify(colleague.body));

    await page.getByRole('button', { name: 'บันทึก' }).click();
    const stale = page.getByTestId('stale-alert');
    await stale.waitFor();
    assert.match(await stale.innerText(), /มีผู้อื่นแก้ไขข้อมูลนี้ไปแล้ว/);
    await screenshotBoth(page, '15-citizen-edit-stale');
    await page.getByRole('button', { name: 'โหลดข้อมูลล่าสุด' }).click();
    await page.getByTestId('stale-alert').waitFor({ state: 'detached' });
    assert.equal(await form.getByRole('textbox', { name: 'บ้านเลขที่' }).inputValue(), '99', "the colleague's change is there");
    assert.equal(await phone.inputValue(), '', 'the form starts again from the record as it is');
    await phone.fill('089-000-1111');
    await page.getByRole('button', { name: 'บันทึก' }).click();
    await page.waitForURL(`**/citizens/${id}`);
    await page.getByText('089-000-1111').waitFor();
    await page.getByRole('tab', { name: 'ประวัติ' }).click();
    await page.getByText('โทรศัพท์: — → 089-000-1111').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
