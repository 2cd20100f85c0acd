// @ts-check
// Bulk import in a browser: an officer uploads a CSV (some good rows, a national ID with a wrong
// check digit, a date that does not exist), reads the report line by line, downloads it, uploads
// the corrected file, commits after a confirmation that states the counts, and finds the people
// in the citizen register. Then a file whose ID column has an unusual name: the column is mapped
// by hand. And the export menu writes the register back out as CSV.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { choose, openFromMenu, screenshotBoth, signIn, unlabelledFields, waitForRows, watchErrors } from './helpers.mjs';

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

const HEADER = 'เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,เพศ,หมู่ที่,บ้านเลขที่,ชื่อเล่น';
const GOOD = [
  '3-3601-00234-56-1,นาย,ประยูร,นำเข้าดี,12/05/2495,ชาย,3,10,ยูร',
  '1509900123453,นาง,บุญมี,นำเข้าดี,1 ม.ค. 2500,หญิง,3,11,มี',
  '๓๕๐๐๑๐๐๔๕๖๗๘๒,นางสาว,สมใจ,นำเข้าดี,15/03/2510,หญิง,3,12,ใจ',
];
// Line 5: the check digit should be 8. Line 6: there is no 31 February.
const BAD_ID = '1-1037-02071-83-9,นาย,ผิดเลข,นำเข้าแก้,05/06/2498,ชาย,3,13,เลข';
const FIXED_ID = '1-1037-02071-83-8,นาย,ผิดเลข,นำเข้าแก้,05/06/2498,ชาย,3,13,เลข';
const BAD_DATE = '3609900345672,นาง,ผิดวัน,นำเข้าแก้,31/02/2499,หญิง,3,14,วัน';
const FIXED_DATE = '3609900345672,นาง,ผิดวัน,นำเข้าแก้,28/02/2499,หญิง,3,14,วัน';

/** A CSV as Excel saves it for Thai users: UTF-8 with a byte-order mark, CRLF. @param {string[]} lines */
const csv = (lines) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');

/**
 * Chooses a file in the page's file field.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {Buffer} buffer
 */
async function chooseFile(page, name, buffer) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByText(name).first().waitFor();
}

/** A valid national ID made from 12 digits (the 13th is the check digit). @param {string} twelve */
function withCheckDigit(twelve) {
  const sum = [...twelve].reduce((acc, d, i) => acc + Number(d) * (13 - i), 0);
  return `${twelve}${(11 - (sum % 11)) % 10}`;
}

/** Waits for the job page to show the report of a finished dry run. @param {import('playwright-core').Page} page */
async function waitForReport(page) {
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}/);
  await page.getByTestId('import-status').filter({ hasText: 'ตรวจสอบแล้ว รอนำเข้า' }).waitFor({ timeout: 30_000 });
}

/** @param {import('playwright-core').Page} page @param {string} key */
async function count(page, key) {
  return Number((await page.getByTestId(`count-${key}`).innerText()).replace(/\D/g, ''));
}

describe('imports', () => {
  test('an officer imports a file with bad rows, fixes it, commits, and finds the people', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();

    await openFromMenu(page, 'นำเข้าข้อมูล');
    await page.waitForURL('**/imports');
    await page.getByText('ยังไม่เคยนำเข้าไฟล์').waitFor();
    await page.getByRole('link', { name: 'นำเข้าไฟล์ใหม่' }).click();
    await page.waitForURL('**/imports/new');

    const form = page.getByRole('form', { name: 'นำเข้าไฟล์ใหม่' });
    assert.ok(await page.getByRole('radio', { name: 'ทะเบียนประชาชน' }).isChecked(), 'citizens is the default kind');
    await chooseFile(page, 'รายชื่อ-หมู่3.csv', csv([HEADER, ...GOOD, BAD_ID, BAD_DATE]));
    assert.deepEqual(await unlabelledFields(form), [], 'every field is labelled');
    // What the import reads, for the officer preparing the file.
    await page.getByRole('button', { name: 'คอลัมน์ที่ระบบอ่านได้สำหรับทะเบียนประชาชน' }).click();
    await page.getByRole('table', { name: 'คอลัมน์ที่ระบบอ่านได้' }).getByText('เลขประจำตัวประชาชน').first().waitFor();
    await screenshotBoth(page, '40-import-new');
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();

    // The dry run's report: counts, then each rejected line with its field and the reason in Thai.
    await waitForReport(page);
    assert.equal(await count(page, 'new'), 3);
    assert.equal(await count(page, 'rejected'), 2);
    assert.equal(await count(page, 'changed'), 0);
    await page.getByText('มี 2 แถวที่ไม่ผ่าน').waitFor();
    // The nickname column is no field of the register: reported, not silently dropped.
    assert.equal(await page.getByTestId('unknown-columns').innerText(), 'ชื่อเล่น');
    const rejected = page.getByRole('table', { name: 'แถวที่ไม่ผ่าน' });
    await waitForRows(page);
    const lines = await rejected.locator('tbody tr').allInnerTexts();
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^5\s/);
    assert.match(lines[0] ?? '', /เลขประจำตัวประชาชน/);
    assert.match(lines[0] ?? '', /หลักที่ 13 ควรเป็น 8/);
    assert.match(lines[1] ?? '', /^6\s/);
    assert.match(lines[1] ?? '', /วันเกิด/);
    assert.match(lines[1] ?? '', /ผิดวัน/);
    await screenshotBoth(page, '41-import-report');

    // The report as XLSX: the rows as uploaded, with an error column to fix them in Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'ดาวน์โหลดรายงาน (XLSX)' }).click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const report = await readFile(/** @type {string} */ (await download.path()));
    assert.equal(report.subarray(0, 2).toString(), 'PK', 'an XLSX (zip) file');

    // Nothing is in the register yet.
    await openFromMenu(page, 'ทะเบียนประชาชน');
    await page.getByText('ยังไม่มีข้อมูล').waitFor();
    await page.goBack();

    // Fix the file and run again: same kind, the corrected file.
    await page.getByRole('link', { name: 'แก้ไฟล์แล้วตรวจสอบใหม่' }).click();
    await page.waitForURL((url) => url.pathname === '/imports/new' && url.searchParams.get('kind') === 'citizens');
    await chooseFile(page, 'รายชื่อ-หมู่3-แก้ไข.csv', csv([HEADER, ...GOOD, FIXED_ID, FIXED_DATE]));
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    await waitForReport(page);
    assert.equal(await count(page, 'new'), 5);
    assert.equal(await count(page, 'rejected'), 0);
    await page.getByText('ไม่มีแถวที่ไม่ผ่าน').waitFor();

    // Commit: the confirmation states what will be written.
    await page.getByRole('button', { name: 'ยืนยันนำเข้า' }).click();
    const dialog = page.getByRole('dialog', { name: 'ยืนยันการนำเข้า' });
    await dialog.waitFor();
    const counts = await dialog.getByTestId('commit-counts').innerText();
    assert.match(counts, /เพิ่มใหม่ 5 แถว/);
    assert.match(counts, /ไม่ผ่าน 0 แถว/);
    await screenshot(page, '42-import-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'นำเข้า', exact: true }).click();
    await page.getByTestId('import-status').filter({ hasText: 'นำเข้าแล้ว' }).waitFor({ timeout: 30_000 });
    await page.getByText('เพิ่มใหม่ 5 แถว แก้ไข 0 แถว').waitFor();
    assert.equal(await page.getByRole('button', { name: 'ยืนยันนำเข้า' }).count(), 0, 'a committed import cannot be committed again');
    await screenshotBoth(page, '43-import-committed');

    // The people are in the register.
    await page.getByRole('link', { name: 'ไปที่ทะเบียนประชาชน' }).click();
    await page.waitForURL('**/citizens');
    await waitForRows(page);
    const names = await page.locator('tbody tr').allInnerTexts();
    assert.equal(names.length, 5);
    for (const name of ['ประยูร นำเข้าดี', 'บุญมี นำเข้าดี', 'สมใจ นำเข้าดี', 'ผิดเลข นำเข้าแก้', 'ผิดวัน นำเข้าแก้']) {
      assert.ok(names.some((row) => row.includes(name)), `${name} is in the register`);
    }
    await screenshot(page, '44-import-citizens');

    // The history: both runs, newest first, with who and the outcome.
    await openFromMenu(page, 'นำเข้าข้อมูล');
    await page.waitForURL('**/imports');
    await page.getByRole('link', { name: 'รายชื่อ-หมู่3.csv' }).waitFor();
    await waitForRows(page);
    const jobs = await page.locator('tbody tr').allInnerTexts();
    assert.equal(jobs.length, 2);
    assert.match(jobs[0] ?? '', /รายชื่อ-หมู่3-แก้ไข\.csv[\s\S]*นำเข้าแล้ว/);
    assert.match(jobs[1] ?? '', /รายชื่อ-หมู่3\.csv[\s\S]*ตรวจสอบแล้ว รอนำเข้า[\s\S]*ไม่ผ่าน 2/);
    await choose(page, page.getByRole('search'), 'สถานะ', 'นำเข้าแล้ว');
    await page.waitForURL((url) => url.searchParams.get('status') === 'committed');
    await page.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    assert.equal(await page.locator('tbody tr').count(), 1);
    await page.goto(`${server.url}/imports`);
    await waitForRows(page);
    await screenshotBoth(page, '45-imports-list');

    // Export the register as CSV: the same columns an import reads.
    await page.getByRole('button', { name: 'ส่งออก' }).click();
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'ทะเบียนประชาชน (CSV)' }).click()]);
    assert.match(exported.suggestedFilename(), /^citizens-.*\.csv$/);
    const text = (await readFile(/** @type {string} */ (await exported.path()))).toString('utf8');
    assert.match(text, /เลขประจำตัวประชาชน/);
    assert.match(text, /ประยูร/);

    // The same people again, one of them moved house: one changed row with its before and after,
    // the others unchanged (matched by national ID), nothing new.
    await page.getByRole('link', { name: 'นำเข้าไฟล์ใหม่' }).click();
    const moved = GOOD[0]?.replace(',3,10,', ',3,99/1,') ?? '';
    await chooseFile(page, 'รายชื่อ-ย้ายบ้าน.csv', csv([HEADER, moved, ...GOOD.slice(1), FIXED_ID, FIXED_DATE]));
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    await waitForReport(page);
    assert.equal(await count(page, 'new'), 0);
    assert.equal(await count(page, 'changed'), 1);
    assert.equal(await count(page, 'unchanged'), 4);
    await page.getByRole('tab', { name: 'แถวที่เปลี่ยนแปลง' }).click();
    const change = page.getByRole('table', { name: 'ข้อมูลที่เปลี่ยนในแถวที่ 2' });
    await change.waitFor();
    assert.match(await change.locator('tbody tr').innerText(), /^บ้านเลขที่\s+10\s+99\/1$/);
    await screenshotBoth(page, '48-import-changed');

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a file whose ID column has another name: the column is mapped by hand', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();
    await page.goto(`${server.url}/imports/new`);

    const file = csv(['รหัสบัตรผู้สูงอายุ,ชื่อ-สกุล,หมู่ที่,ชื่อเล่น', '1900100567894,นายมานพ แผนที่,3,นพ']);
    await chooseFile(page, 'ผู้สูงอายุ.csv', file);
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    // Refused at once: the file has no national ID column the import knows.
    const alert = page.getByRole('alert').filter({ hasText: 'ไฟล์ไม่มีคอลัมน์ที่จำเป็น' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /เลขประจำตัวประชาชน/);
    assert.match(await alert.innerText(), /รหัสบัตรผู้สูงอายุ/);
    // The unknown headers are offered for mapping.
    assert.deepEqual(await page.getByTestId('map-header').allInnerTexts(), ['รหัสบัตรผู้สูงอายุ', 'ชื่อเล่น']);
    await screenshotBoth(page, '46-import-map-columns');
    await choose(page, page.locator('form'), 'อ่านคอลัมน์ รหัสบัตรผู้สูงอายุ เป็น', 'เลขประจำตัวประชาชน · National ID');
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    await waitForReport(page);
    assert.equal(await count(page, 'new'), 1);
    await page.getByRole('tab', { name: 'คอลัมน์ของไฟล์' }).click();
    const map = await page.getByRole('table', { name: 'คอลัมน์ของไฟล์' }).innerText();
    assert.match(map, /รหัสบัตรผู้สูงอายุ\s+เลขประจำตัวประชาชน/);
    assert.match(map, /ชื่อเล่น\s+ไม่ได้อ่าน/);

    // The nickname column was not read: say to skip it, and check the same file again (not chosen twice).
    await page.getByRole('button', { name: 'กำหนดคอลัมน์แล้วตรวจสอบใหม่' }).click();
    await page.waitForURL((url) => url.pathname === '/imports/new' && url.searchParams.has('from'));
    // The same file, held from the upload before: not chosen again.
    await page.getByRole('form', { name: 'นำเข้าไฟล์ใหม่' }).getByText('ผู้สูงอายุ.csv').waitFor();
    await page.getByTestId('map-header').nth(3).waitFor();
    assert.deepEqual(await page.getByTestId('map-header').allInnerTexts(), ['รหัสบัตรผู้สูงอายุ', 'ชื่อ-สกุล', 'หมู่ที่', 'ชื่อเล่น']);
    await choose(page, page.locator('form'), 'อ่านคอลัมน์ ชื่อเล่น เป็น', 'ข้ามคอลัมน์นี้ (ไม่อ่าน)');
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    await waitForReport(page);
    assert.equal(await count(page, 'new'), 1);
    assert.equal(await page.getByTestId('unknown-columns').count(), 0, 'no column left unread');

    // The same report in English.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Check result' }).waitFor();
    await page.getByText('Checked, ready to import').first().waitFor();
    await screenshot(page, '49-import-report-en');

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a long file shows its progress while it is checked', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();
    await page.goto(`${server.url}/imports/new`);

    const ROWS = 20_000;
    const rows = Array.from({ length: ROWS }, (_, i) => `${withCheckDigit(`5${String(100_000_000_000 + i).slice(1)}`)},นาย,ทดสอบ${i},ยาว,01/01/2500,ชาย,3`);
    await chooseFile(page, 'ยาว.csv', csv(['เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,เพศ,หมู่ที่', ...rows]));
    await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}/);
    // Rows done of the total, and a bar, while the check runs; polled until it ends.
    // (Attached, not visible: at 0 % the bar's filled part has no width.)
    await page.getByRole('progressbar', { name: 'กำลังตรวจสอบไฟล์…' }).waitFor({ state: 'attached' });
    assert.match(await page.getByTestId('import-progress').innerText(), /^ดำเนินการแล้ว [\d,]+ จาก 20,000 แถว$/);
    await screenshot(page, '47-import-progress');
    await page.getByTestId('import-status').filter({ hasText: 'ตรวจสอบแล้ว รอนำเข้า' }).waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('progressbar').count(), 0);
    assert.equal(await count(page, 'new'), ROWS);

    assert.deepEqual(errors, []);
    await context.close();
  });
});
