// @ts-check
// The elderly allowance in a browser, end to end (issue #8's "Done when"): an officer registers a
// citizen (a wrong national ID first), takes them through the registration wizard — documents,
// the printed request form, every eligibility check — an executive approves, and the month
// payment starts is paid: the officer computes and checks the payroll, the executive approves it,
// finance exports it (the roster downloaded) and marks it paid. A second walk records a failed
// transfer on a line and settles the payroll as partly failed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { apiToken, callApi, choose, openFromMenu, screenshotBoth, signIn, signOut, typeDate, unlabelledFields, waitForRows, watchErrors } from './helpers.mjs';

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

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

/** An ISO date as an officer types it: day/month/BE year. @param {string} iso */
const beTyped = (iso) => {
  const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
  return `${d}/${m}/${y + 543}`;
};

/** "ตุลาคม 2570" for an ISO date. @param {string} iso */
const thaiMonth = (iso) => {
  const [y = 0, m = 1] = iso.split('-').map(Number);
  return `${THAI_MONTHS[m - 1]} ${y + 543}`;
};

/** Today in Bangkok, as the officer's calendar shows it. */
const todayIso = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());

/**
 * The day documents are received: today when an elderly registration window is open (it picks
 * the fiscal year registered for), else the last day of the window that closed most recently
 * (December is closed every year).
 * @param {string} token
 */
async function receivedOn(token) {
  const today = todayIso();
  const windows = await callApi(server.url, token, 'GET', '/api/v1/allowances/windows?programme=elderly');
  assert.equal(windows.status, 200);
  /** @type {{ opens_on: string, closes_on: string }[]} */
  const rows = windows.body;
  if (rows.some((w) => w.opens_on <= today && today <= w.closes_on)) return today;
  return rows.filter((w) => w.closes_on < today).map((w) => w.closes_on).sort().at(-1) ?? today;
}

/**
 * Opens a step's dialog from the button given, lets `fill` type the evidence, saves, and waits for
 * the tracker to show the state the API moved to.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} button
 * @param {string} title the dialog's title (the step's words)
 * @param {(dialog: import('playwright-core').Locator) => Promise<void>} fill
 * @param {string} state the state's words once done
 */
async function takeStep(page, button, title, fill, state) {
  await button.click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor();
  await fill(dialog);
  assert.deepEqual(await unlabelledFields(dialog), [], `every field of "${title}" is labelled`);
  await dialog.getByRole('button', { name: 'บันทึก' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('workflow-state').filter({ hasText: state }).waitFor();
}

/**
 * Clicks a button that saves a file and returns the file's size.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  const path = await file.path();
  assert.ok(path, `${name} was saved`);
  return { size: (await stat(path)).size, name: file.suggestedFilename() };
}

/** @param {import('playwright-core').Page} page @param {string} who */
async function signInAs(page, who) {
  await signIn(page, who);
  await page.getByTestId('user-menu').waitFor();
}

describe('allowances', () => {
  test('an officer registers an elderly citizen through the wizard; an executive approves; the payroll is run and paid', async () => {
    const officerToken = await apiToken(server.url, 'officer');
    const received = await receivedOn(officerToken);
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signInAs(page, 'officer');

    // The citizen: a wrong check digit first (the form names the digit), then the right one.
    await openFromMenu(page, 'ทะเบียนประชาชน');
    await page.getByRole('link', { name: 'ลงทะเบียนบุคคล' }).click();
    await page.waitForURL('**/citizens/new');
    const form = page.locator('form');
    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('3-1012-00456-78-0');
    await form.getByRole('combobox', { name: 'คำนำหน้า' }).fill('นาง');
    await form.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('บุญมี');
    await form.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('ศรีสุข');
    await form.getByRole('radio', { name: 'หญิง' }).check();
    const birth = form.getByRole('textbox', { name: 'วัน เดือน ปีเกิด (พ.ศ.)' });
    await birth.fill('15 มี.ค. 2493');
    await birth.press('Tab');
    await choose(page, form, 'หมู่บ้าน', 'หมู่ที่ 3 บ้านหนองแวง');
    await form.getByRole('textbox', { name: 'บ้านเลขที่' }).fill('45');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await page.getByText('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 9').waitFor();
    assert.equal(new URL(page.url()).pathname, '/citizens/new', 'nothing was registered');
    await form.getByRole('textbox', { name: 'เลขประจำตัวประชาชน' }).fill('3101200456789');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'นางบุญมี ศรีสุข' }).waitFor();

    // The wizard starts from her page: the person is fixed, the elderly allowance chosen.
    await page.getByRole('link', { name: 'ลงทะเบียนรับเบี้ย' }).click();
    await page.waitForURL('**/allowances/registrations/new?citizen=*');
    await page.getByTestId('registration-citizen').filter({ hasText: 'นางบุญมี ศรีสุข' }).waitFor();
    const wizard = page.locator('form');
    assert.ok(await wizard.getByRole('radio', { name: 'เบี้ยยังชีพผู้สูงอายุ' }).isChecked());
    // The elderly allowance offers both flows of the regulations: register, or confirm the right.
    await wizard.getByRole('radio', { name: 'ยืนยันสิทธิ' }).waitFor();
    assert.ok(await wizard.getByRole('radio', { name: 'ลงทะเบียน', exact: true }).isChecked());
    await typeDate(wizard, 'วันที่รับเอกสาร', beTyped(received));
    await page.getByTestId('window-hint').filter({ hasText: 'ลงทะเบียนสำหรับปีงบประมาณ' }).waitFor();
    // Two of the three documents so far: the bank book page is still to come.
    await wizard.getByRole('checkbox', { name: 'สำเนาบัตรประจำตัวประชาชน' }).check();
    await wizard.getByRole('checkbox', { name: 'สำเนาทะเบียนบ้าน' }).check();
    await wizard.getByRole('textbox', { name: 'เลขอ้างอิงไฟล์สแกน: สำเนาบัตรประจำตัวประชาชน' }).fill('scans/0045-id.pdf');
    assert.deepEqual(await unlabelledFields(wizard), [], 'every field of the wizard is labelled');
    await screenshotBoth(page, '30-registration-new');
    await page.getByRole('button', { name: 'บันทึกการรับเอกสาร' }).click();
    await page.waitForURL(/\/allowances\/registrations\/[0-9a-f-]{36}$/);
    const registrationUrl = page.url();
    await page.getByTestId('workflow-state').filter({ hasText: 'รับเอกสารแล้ว' }).waitFor();

    // Recording is closed, and says why; ticking the last document opens it.
    const next = page.getByTestId('wizard-next');
    await next.filter({ hasText: 'บันทึกข้อมูลและพิมพ์แบบคำขอ' }).waitFor();
    assert.ok(await next.isDisabled(), 'not with a document missing');
    assert.match(await page.getByTestId('wizard-reason').innerText(), /ยังได้รับเอกสารไม่ครบ/);
    await screenshotBoth(page, '31-registration-documents-missing');
    await page.getByRole('checkbox', { name: 'สำเนาหน้าสมุดบัญชีเงินฝากธนาคาร' }).check();
    await page.getByRole('button', { name: 'บันทึกรายการเอกสาร' }).click();
    await page.getByTestId('wizard-reason').waitFor({ state: 'detached' });

    await takeStep(
      page,
      next,
      'บันทึกข้อมูลและพิมพ์แบบคำขอ',
      async (dialog) => {
        await dialog.getByRole('textbox', { name: 'เลขที่รับคำขอ' }).fill('45/2569');
        await typeDate(dialog, 'วันที่บันทึกข้อมูล', beTyped(todayIso()));
      },
      'บันทึกข้อมูลและพิมพ์แบบคำขอแล้ว',
    );

    // The request form: a PDF, opened to print.
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/request-form.pdf')),
      page.getByRole('button', { name: 'พิมพ์แบบคำขอลงทะเบียน' }).first().click(),
    ]);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
    // The page has read the body (Playwright keeps no copy of it): the same file again, to look inside.
    const again = await fetch(pdf.url(), { headers: { Authorization: `Bearer ${officerToken}` } });
    assert.equal(Buffer.from(await again.arrayBuffer()).subarray(0, 5).toString(), '%PDF-', 'a PDF indeed');
    for (const tab of context.pages()) if (tab !== page) await tab.close();

    // Every eligibility check, each with its words; all pass for her.
    const checks = page.getByTestId('eligibility-checks');
    await checks.waitFor();
    await page.getByTestId('eligibility-verdict').filter({ hasText: 'ผ่านทุกเกณฑ์' }).waitFor();
    for (const words of ['มีสัญชาติไทย', 'อายุครบตามเกณฑ์ของปีงบประมาณ', 'ยื่นคำขอภายในช่วงเวลาที่กำหนด', 'ได้รับเอกสารครบ']) await checks.getByText(words).waitFor();
    assert.equal(await checks.locator('[data-passed="false"]').count(), 0);
    await takeStep(page, next, 'ตรวจสอบคุณสมบัติ', (dialog) => typeDate(dialog, 'วันที่ตรวจสอบ', beTyped(todayIso())), 'ตรวจสอบคุณสมบัติแล้ว');

    // Approval is the executive's: closed for the officer, with the reason.
    await next.filter({ hasText: 'อนุมัติ' }).waitFor();
    assert.ok(await next.isDisabled());
    await page.getByTestId('wizard-reason').waitFor();
    await screenshotBoth(page, '32-registration-verified');
    await signOut(page);

    await page.goto(registrationUrl);
    await signInAs(page, 'executive');
    await page.waitForURL(registrationUrl);
    await takeStep(
      page,
      page.getByTestId('wizard-next'),
      'อนุมัติ',
      async (dialog) => {
        await typeDate(dialog, 'วันที่อนุมัติ', beTyped(todayIso()));
        await dialog.getByRole('textbox', { name: 'เลขที่คำสั่ง/ประกาศ' }).fill('ทต 123/2569');
      },
      'อนุมัติแล้ว รอเริ่มจ่าย',
    );
    const registrationId = registrationUrl.split('/').pop() ?? '';
    const approved = await callApi(server.url, officerToken, 'GET', `/api/v1/allowances/registrations/${registrationId}`);
    const startMonth = approved.body.start_month;
    assert.ok(startMonth, 'approval sets the month payment starts');
    await page.getByText(`อนุมัติแล้ว เริ่มจ่ายตั้งแต่ ${thaiMonth(startMonth)}`).waitFor();
    await screenshotBoth(page, '33-registration-approved');
    await signOut(page);

    // The beneficiaries list: filtered in the URL, and exported to Excel.
    await signInAs(page, 'officer');
    await openFromMenu(page, 'เบี้ยยังชีพ');
    await page.waitForURL('**/allowances');
    await waitForRows(page);
    await choose(page, page.getByRole('search'), 'ประเภทเบี้ย', 'เบี้ยยังชีพผู้สูงอายุ');
    await page.waitForURL((url) => url.searchParams.get('programme') === 'elderly');
    await page.getByRole('link', { name: 'นางบุญมี ศรีสุข' }).waitFor();
    assert.deepEqual(await unlabelledFields(page.getByRole('search')), [], 'every filter is labelled');
    // The public notice of names for her fiscal year: a PDF, once programme and year are chosen.
    assert.ok(await page.getByRole('button', { name: 'พิมพ์ประกาศรายชื่อผู้มีสิทธิ' }).isDisabled(), 'not before a year is chosen');
    await choose(page, page.getByRole('search'), 'ปีงบประมาณ', String(approved.body.fiscal_year));
    await page.waitForURL((url) => url.searchParams.get('fiscal_year') === String(approved.body.fiscal_year));
    await page.getByRole('link', { name: 'นางบุญมี ศรีสุข' }).waitFor();
    const [notice] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/notice.pdf')),
      page.getByRole('button', { name: 'พิมพ์ประกาศรายชื่อผู้มีสิทธิ' }).click(),
    ]);
    assert.equal(notice.status(), 200);
    assert.match(notice.headers()['content-type'] ?? '', /^application\/pdf/);
    for (const tab of context.pages()) if (tab !== page) await tab.close();
    await screenshotBoth(page, '34-beneficiaries');
    const beneficiaries = await download(page, 'ส่งออกรายชื่อเบี้ยยังชีพผู้สูงอายุ (Excel)');
    assert.ok(beneficiaries.size > 0 && beneficiaries.name.endsWith('.xlsx'));

    // Starting again from the allowances page (the person searched for by name): a second open
    // request for the same allowance is refused, with the way to the first.
    await page.getByRole('link', { name: 'ลงทะเบียนรับเบี้ย' }).click();
    await page.waitForURL('**/allowances/registrations/new');
    await page.getByRole('textbox', { name: 'วันที่รับเอกสาร' }).waitFor();
    await page.getByRole('textbox', { name: 'วันที่รับเอกสาร' }).fill(beTyped(received));
    await page.getByRole('textbox', { name: 'วันที่รับเอกสาร' }).press('Tab');
    await page.getByRole('combobox', { name: /ผู้มีสิทธิ \(ค้นจากชื่อหรือเลขประจำตัวประชาชน\)/ }).fill('บุญมี');
    await page.getByRole('option', { name: /นางบุญมี ศรีสุข/ }).click();
    await page.getByRole('button', { name: 'บันทึกการรับเอกสาร' }).click();
    await page.getByRole('alert').filter({ hasText: 'บุคคลนี้มีคำขอหรือสิทธิในเบี้ยประเภทนี้อยู่แล้ว' }).waitFor();
    await page.getByRole('link', { name: 'ดูการลงทะเบียนที่มีอยู่' }).waitFor();
    await page.goto(`${server.url}/allowances`);

    // The payroll of the month payment starts: computed and checked by the officer.
    await page.getByRole('tab', { name: 'บัญชีจ่ายเงินรายเดือน' }).click();
    await page.waitForURL(/tab=payrolls/);
    await page.getByText('ยังไม่มีบัญชีจ่ายเงิน').waitFor();
    await page.getByRole('button', { name: 'จัดทำบัญชีจ่ายเงินประจำเดือน' }).click();
    const create = page.getByRole('dialog', { name: 'จัดทำบัญชีจ่ายเงินประจำเดือน' });
    await choose(page, create, 'เดือน', thaiMonth(startMonth));
    assert.deepEqual(await unlabelledFields(create), []);
    await create.getByRole('button', { name: 'คำนวณบัญชีจ่ายเงิน' }).click();
    await page.waitForURL(/\/allowances\/payrolls\/[0-9a-f-]{36}$/);
    const payrollUrl = page.url();
    await page.getByRole('heading', { name: `เบี้ยยังชีพผู้สูงอายุ เดือน${thaiMonth(startMonth)}` }).waitFor();
    await waitForRows(page);
    assert.equal(await page.getByTestId('payroll-lines').innerText(), '1');
    // Born in 2493 she is 77 in the month paid: the 70–79 band of the rate table, 700 baht.
    assert.equal(await page.getByTestId('payroll-total').innerText(), '700.00 บาท');
    await page.getByRole('cell', { name: /อายุ 70-79 ปี/ }).waitFor();
    await takeStep(page, page.locator('[data-transition="check"]').getByRole('button'), 'ตรวจสอบ', async () => {}, 'ตรวจสอบแล้ว');
    assert.ok(await page.locator('[data-transition="approve"]').getByRole('button').isDisabled(), 'approval is not the officer’s');
    await screenshotBoth(page, '35-payroll-checked');
    await signOut(page);

    await page.goto(payrollUrl);
    await signInAs(page, 'executive');
    await page.waitForURL(payrollUrl);
    await takeStep(page, page.locator('[data-transition="approve"]').getByRole('button'), 'อนุมัติ', async () => {}, 'อนุมัติแล้ว');
    await signOut(page);

    // Finance exports: the roster for the CGD database (no bank file: the CGD pays), then paid.
    await page.goto(payrollUrl);
    await signInAs(page, 'finance');
    await page.waitForURL(payrollUrl);
    await page.getByTestId('workflow-state').filter({ hasText: 'อนุมัติแล้ว' }).waitFor();
    const roster = await download(page, 'บัญชีรายชื่อ (Excel)');
    assert.ok(roster.size > 0 && roster.name.endsWith('.xlsx'), 'the roster workbook is not empty');
    const rosterPdf = await download(page, 'บัญชีรายชื่อ (PDF)');
    assert.ok(rosterPdf.size > 0 && rosterPdf.name.endsWith('.pdf'));
    assert.ok(await page.getByRole('button', { name: 'ไฟล์โอนเงินเข้าธนาคาร' }).isDisabled(), 'the CGD pays the elderly allowance');
    await page.getByText('กรมบัญชีกลางเป็นผู้โอนเงินเบี้ยนี้').first().waitFor();
    await takeStep(
      page,
      page.locator('[data-transition="export"]').getByRole('button'),
      'ส่งออกไฟล์/ส่งข้อมูลแล้ว',
      async (dialog) => {
        await typeDate(dialog, 'วันที่ส่งออกไฟล์', beTyped(todayIso()));
      },
      'ส่งออกไฟล์แล้ว',
    );
    await takeStep(page, page.locator('[data-transition="mark_paid"]').getByRole('button'), 'บันทึกจ่ายแล้ว', (dialog) => typeDate(dialog, 'วันที่ชำระ', beTyped(todayIso())), 'จ่ายแล้ว');
    await page.getByTestId('payroll-state').filter({ hasText: 'จ่ายแล้ว' }).waitFor();
    await page.getByRole('cell', { name: 'จ่ายแล้ว' }).waitFor();
    await screenshotBoth(page, '36-payroll-paid');

    // Her page links to the registration and shows the month paid.
    await page.getByRole('link', { name: 'นางบุญมี ศรีสุข' }).click();
    await page.waitForURL(registrationUrl);
    await page.getByRole('link', { name: 'นางบุญมี ศรีสุข' }).first().click();
    await page.getByRole('tab', { name: 'เบี้ยและการจ่ายเงิน' }).click();
    await page.getByRole('link', { name: 'เบี้ยยังชีพผู้สูงอายุ' }).waitFor();
    await screenshot(page, '37-citizen-registrations');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an executive rejects a verified request with a reason chosen from the checks', async () => {
    const officer = await apiToken(server.url, 'officer');
    const today = todayIso();
    const village = (await callApi(server.url, officer, 'GET', '/api/v1/organisations/current/villages?page_size=1')).body.items[0].id;
    const citizen = await callApi(server.url, officer, 'POST', '/api/v1/citizens', {
      national_id: '3-1012-00555-44-2', title: 'นาง', first_name: 'คำแก้ว', last_name: 'ใจงาม', sex: 'female',
      birth_date: '1945-02-01', birth_precision: 'day', nationality: 'THA', village_id: village,
    });
    assert.equal(citizen.status, 201, JSON.stringify(citizen.body));
    const reg = await callApi(server.url, officer, 'POST', '/api/v1/allowances/registrations', {
      citizen_id: citizen.body.id, programme: 'elderly', received_on: await receivedOn(officer),
      documents: [{ kind: 'id_card' }, { kind: 'house_registration' }, { kind: 'bank_book' }],
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const path = `/api/v1/allowances/registrations/${reg.body.id}/workflow`;
    assert.equal((await callApi(server.url, officer, 'POST', `${path}/record`, { evidence: { request_no: '47/2569', recorded_on: today } })).status, 200);
    assert.equal((await callApi(server.url, officer, 'POST', `${path}/verify`, { evidence: { checked_on: today } })).status, 200);

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/allowances/registrations/${reg.body.id}`);
    await signInAs(page, 'executive');
    await page.getByTestId('workflow-state').filter({ hasText: 'ตรวจสอบคุณสมบัติแล้ว' }).waitFor();
    await page.getByRole('button', { name: 'ไม่อนุมัติ (เลือกเหตุผล)' }).click();
    const dialog = page.getByRole('dialog', { name: 'ไม่อนุมัติ (เลือกเหตุผล)' });
    await choose(page, dialog, 'เหตุผลที่ไม่อนุมัติ', 'ได้รับสวัสดิการอื่นจากรัฐอยู่');
    await dialog.getByRole('textbox', { name: 'หมายเหตุ' }).fill('พบว่ารับบำนาญจากกรมบัญชีกลาง');
    assert.deepEqual(await unlabelledFields(dialog), []);
    await dialog.getByRole('button', { name: 'ไม่อนุมัติ (เลือกเหตุผล)' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('workflow-state').filter({ hasText: 'ไม่อนุมัติ' }).waitFor();
    await page.getByText('พบว่ารับบำนาญจากกรมบัญชีกลาง').first().waitFor();
    await page.getByTestId('wizard-steps').getByText('ไม่อนุมัติ').waitFor();
    await screenshotBoth(page, '40-registration-rejected');
    const after = await callApi(server.url, officer, 'GET', `/api/v1/allowances/registrations/${reg.body.id}`);
    assert.equal(after.body.state, 'rejected');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('finance records a failed transfer on a line, and the payroll is settled as partly failed', async () => {
    const officer = await apiToken(server.url, 'officer');
    const executive = await apiToken(server.url, 'executive');
    const finance = await apiToken(server.url, 'finance');
    const received = await receivedOn(officer);
    const today = todayIso();
    const citizen = await callApi(server.url, officer, 'POST', '/api/v1/citizens', {
      national_id: '3-1012-00789-12-5', title: 'นาย', first_name: 'ทองดี', last_name: 'มั่นคง', sex: 'male',
      birth_date: '1940-05-20', birth_precision: 'day', nationality: 'THA',
      village_id: (await callApi(server.url, officer, 'GET', '/api/v1/organisations/current/villages?page_size=1')).body.items[0].id,
    });
    assert.equal(citizen.status, 201, JSON.stringify(citizen.body));
    const reg = await callApi(server.url, officer, 'POST', '/api/v1/allowances/registrations', {
      citizen_id: citizen.body.id, programme: 'elderly', received_on: received,
      documents: [{ kind: 'id_card' }, { kind: 'house_registration' }, { kind: 'bank_book' }],
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const step = async (/** @type {string} */ token, /** @type {string} */ path, /** @type {Record<string, unknown>} */ evidence) => {
      const answer = await callApi(server.url, token, 'POST', path, { evidence });
      assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`);
    };
    const regPath = `/api/v1/allowances/registrations/${reg.body.id}/workflow`;
    await step(officer, `${regPath}/record`, { request_no: '46/2569', recorded_on: today });
    await step(officer, `${regPath}/verify`, { checked_on: today });
    await step(executive, `${regPath}/approve`, { approved_on: today });
    const start = (await callApi(server.url, officer, 'GET', `/api/v1/allowances/registrations/${reg.body.id}`)).body.start_month;
    // The month after the first walk's payroll, so the two never meet.
    const [y = 0, m = 1] = String(start).split('-').map(Number);
    const month = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const payroll = await callApi(server.url, officer, 'POST', '/api/v1/allowances/payrolls', { programme: 'elderly', month });
    assert.equal(payroll.status, 201, JSON.stringify(payroll.body));
    const payPath = `/api/v1/allowances/payrolls/${payroll.body.id}/workflow`;
    await step(officer, `${payPath}/check`, {});
    await step(executive, `${payPath}/approve`, {});
    await step(finance, `${payPath}/export`, { exported_on: today });

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/allowances/payrolls/${payroll.body.id}`);
    await signInAs(page, 'finance');
    await page.getByTestId('workflow-state').filter({ hasText: 'ส่งออกไฟล์แล้ว' }).waitFor();
    await waitForRows(page);
    const lines = page.getByRole('table', { name: 'รายการจ่ายเงิน' });
    const row = lines.locator('tbody tr').filter({ hasText: 'นายทองดี มั่นคง' }).first();
    await row.getByRole('button', { name: /บันทึกว่าจ่ายไม่สำเร็จ/ }).click();
    const dialog = page.getByRole('dialog', { name: 'บันทึกว่าจ่ายไม่สำเร็จ' });
    await dialog.waitFor();
    await choose(page, dialog, 'สาเหตุ', 'บัญชีปิดแล้ว');
    await dialog.getByRole('textbox', { name: 'หมายเหตุ' }).fill('ธนาคารแจ้งคืนเงิน');
    assert.deepEqual(await unlabelledFields(dialog), []);
    await screenshot(page, '38-payroll-line-fail', { fullPage: false });
    await dialog.getByRole('button', { name: 'บันทึกว่าจ่ายไม่สำเร็จ' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('จ่ายไม่สำเร็จ').waitFor();
    await row.getByText(/บัญชีปิดแล้ว/).waitFor();

    // Plain "paid" is closed now, with the reason; "paid with failed lines" is open.
    const paid = page.locator('[data-transition="mark_paid"]');
    await paid.getByText('มีรายการที่จ่ายไม่สำเร็จ').waitFor();
    assert.ok(await paid.getByRole('button').isDisabled());
    await takeStep(page, page.locator('[data-transition="mark_partly_failed"]').getByRole('button'), 'บันทึกจ่ายแล้ว (มีรายการไม่สำเร็จ)', (d) => typeDate(d, 'วันที่ชำระ', beTyped(today)), 'จ่ายแล้ว มีรายการไม่สำเร็จ');
    await screenshotBoth(page, '39-payroll-partly-failed');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
