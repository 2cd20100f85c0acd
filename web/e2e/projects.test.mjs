// @ts-check
// Projects and disability cards in a browser: an officer starts a project, records the needs
// survey, writes the twelve sections, adds a budget line and an indicator, and submits it; an
// executive approves it. Then a disability card request goes from collecting the papers to
// checked, and is sent to the provincial office in a batch with its cover letter.
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

/**
 * Opens a step's dialog from its action button, lets `fill` type the evidence, saves, and waits
 * for the tracker to show the state the API moved to.
 * @param {import('playwright-core').Page} page
 * @param {string} action
 * @param {(dialog: import('playwright-core').Locator) => Promise<void>} fill
 * @param {string} state
 */
async function takeStep(page, action, fill, state) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  await fill(dialog);
  assert.deepEqual(await unlabelledFields(dialog), [], `every field of "${action}" is labelled`);
  await dialog.getByRole('button', { name: 'บันทึก' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('workflow-state').filter({ hasText: state }).waitFor();
}

/**
 * The closed action's words and the reason under it.
 * @param {import('playwright-core').Page} page
 * @param {string} transition
 */
async function closedAction(page, transition) {
  const action = page.locator(`[data-transition="${transition}"]`);
  assert.ok(await action.getByRole('button').isDisabled(), `${transition} is closed`);
  return action.innerText();
}

/**
 * Fills a record dialog opened by `button`, saves it and waits for it to close.
 * @param {import('playwright-core').Page} page
 * @param {string} button the button that opens it (and the dialog's title)
 * @param {(dialog: import('playwright-core').Locator) => Promise<void>} fill
 */
async function addRecord(page, button, fill) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: button });
  await dialog.waitFor();
  await fill(dialog);
  assert.deepEqual(await unlabelledFields(dialog), [], `every field of "${button}" is labelled`);
  await dialog.getByRole('button', { name: 'บันทึก' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Types entries into a tags field, each ended with Enter.
 * @param {import('playwright-core').Locator} scope
 * @param {string} label
 * @param {string[]} entries
 */
async function typeTags(scope, label, entries) {
  // A tags field is a combobox (it offers what was typed before) or a plain text box.
  const input = scope.getByRole('combobox', { name: label, exact: true }).or(scope.getByRole('textbox', { name: label, exact: true }));
  for (const entry of entries) {
    await input.fill(entry);
    await input.press('Enter');
  }
}

describe('projects and disability cards', () => {
  test('an officer writes and submits a project; an executive approves it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();

    await openFromMenu(page, 'โครงการ');
    await page.waitForURL('**/projects');
    await page.getByText('ยังไม่มีข้อมูล').waitFor();
    await page.getByRole('link', { name: 'เริ่มโครงการใหม่' }).click();
    const form = page.locator('form');
    await form.getByRole('textbox', { name: 'ชื่อโครงการ' }).fill('โครงการฝึกอบรมอาชีพการทำขนมไทย');
    await choose(page, form, 'ประเภทโครงการ', 'ฝึกอบรมและส่งเสริมอาชีพ');
    await choose(page, form, 'หมู่บ้าน', 'หมู่ที่ 3 บ้านหนองแวง');
    assert.deepEqual(await unlabelledFields(form), []);
    await screenshot(page, '50-project-new');
    await page.getByRole('button', { name: 'เริ่มโครงการ', exact: true }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = page.url();
    await page.getByTestId('workflow-state').filter({ hasText: 'สำรวจความต้องการ' }).waitFor();
    assert.equal(await page.locator('[data-status="current"]').count(), 1);
    assert.match(await closedAction(page, 'finish_survey'), /ทำไม่ได้เพราะ: ยังไม่ได้บันทึกการสำรวจความต้องการ/);
    await screenshotBoth(page, '51-project-steps-start');

    // The needs survey, then the step that closes it.
    await page.getByRole('tab', { name: 'สำรวจและเขียนโครงการ' }).click();
    await addRecord(page, 'บันทึกการสำรวจ', async (d) => {
      await typeDate(d, 'วันที่สำรวจ', '15/10/2569');
      await d.getByRole('textbox', { name: 'วิธีการสำรวจ' }).fill('แบบสอบถามและเวทีประชาคมหมู่บ้าน');
      await d.getByRole('textbox', { name: 'ผู้ให้ข้อมูล', exact: true }).fill('ผู้ว่างงานและแม่บ้าน หมู่ที่ 3');
      await d.getByRole('textbox', { name: 'จำนวนผู้ให้ข้อมูล (คน)' }).fill('85');
      await typeTags(d, 'ความต้องการที่พบ', ['ฝึกอาชีพทำขนม', 'ตลาดรองรับสินค้า']);
    });
    await page.getByRole('cell', { name: 'ฝึกอาชีพทำขนม, ตลาดรองรับสินค้า' }).waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'สำรวจความต้องการเสร็จ เริ่มเขียนโครงการ', async () => {}, 'เขียนโครงการ');
    assert.match(await closedAction(page, 'submit'), /ทำไม่ได้เพราะ: ยังเขียนโครงการไม่ครบ 12 หัวข้อ/);
    await page.getByTestId('missing-sections').waitFor();

    // The twelve sections: all but the budget and the indicators in one form.
    await page.getByRole('tab', { name: 'สำรวจและเขียนโครงการ' }).click();
    await page.getByRole('button', { name: 'แก้ไขหัวข้อโครงการ' }).click();
    const sections = page.getByRole('dialog', { name: 'แก้ไขหัวข้อโครงการ' });
    await sections.getByRole('textbox', { name: '1. ชื่อแผนงาน' }).fill('แผนงานสร้างความเข้มแข็งของชุมชน');
    await sections.getByRole('textbox', { name: '3. หลักการและเหตุผล' }).fill('ประชาชนในพื้นที่ว่างงานหลังฤดูเก็บเกี่ยว ต้องการอาชีพเสริม');
    await typeTags(sections, '4. วัตถุประสงค์', ['เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย']);
    await sections.getByRole('textbox', { name: '5. กลุ่มเป้าหมาย' }).fill('ประชาชนผู้ว่างงานในหมู่ที่ 3');
    await sections.getByRole('textbox', { name: 'เป้าหมายเชิงปริมาณ' }).fill('30');
    await sections.getByRole('textbox', { name: 'หน่วยนับ' }).fill('คน');
    await sections.getByRole('textbox', { name: 'เป้าหมายเชิงคุณภาพ' }).fill('ผู้เข้าอบรมร้อยละ 80 นำความรู้ไปประกอบอาชีพได้');
    await sections.getByRole('group', { name: '6. วิธีดำเนินการ 1' }).getByRole('textbox', { name: 'ขั้นตอน' }).fill('ประชุมคณะทำงานเพื่อวางแผนการฝึกอบรม');
    await typeDate(sections, '7. วันเริ่มโครงการ', '5/1/2570');
    await typeDate(sections, 'วันสิ้นสุดโครงการ', '31/3/2570');
    await sections.getByRole('textbox', { name: '9. ผู้รับผิดชอบโครงการ' }).fill('กองสวัสดิการสังคม');
    await sections.getByRole('textbox', { name: '10. หน่วยงานที่สนับสนุน' }).fill('สำนักงานพัฒนาชุมชนอำเภอจัตุรัส');
    await typeTags(sections, '12. ผลที่คาดว่าจะได้รับ', ['ผู้เข้าอบรมมีรายได้เสริม']);
    assert.deepEqual(await unlabelledFields(sections), []);
    await screenshot(page, '52-project-sections-form', { fullPage: false });
    await sections.getByRole('button', { name: 'บันทึก' }).click();
    await sections.waitFor({ state: 'detached' });
    await page.getByText('ประชาชนในพื้นที่ว่างงานหลังฤดูเก็บเกี่ยว ต้องการอาชีพเสริม').waitFor();
    // Only the budget (8) and the evaluation (11) are left.
    await page.getByTestId('missing-count').filter({ hasText: 'ยังขาด 2 หัวข้อ' }).waitFor();
    await screenshotBoth(page, '53-project-proposal');

    // Section 8: a budget line; section 11: an indicator.
    await page.getByRole('tab', { name: 'งบประมาณ' }).click();
    await addRecord(page, 'เพิ่มรายการงบประมาณ', async (d) => {
      await d.getByRole('textbox', { name: 'รายการ', exact: true }).fill('ค่าวัสดุฝึกอบรม');
      await d.getByRole('textbox', { name: 'จำนวน', exact: true }).fill('30');
      await d.getByRole('textbox', { name: 'หน่วย', exact: true }).fill('ชุด');
      await d.getByRole('textbox', { name: 'ราคาต่อหน่วย (บาท)' }).fill('200.50');
    });
    await page.getByTestId('budget-total').filter({ hasText: '6,015.00 บาท' }).waitFor();
    await screenshotBoth(page, '54-project-budget');
    await page.getByRole('tab', { name: 'ตัวชี้วัดและผล' }).click();
    await addRecord(page, 'เพิ่มตัวชี้วัด', async (d) => {
      await d.getByRole('textbox', { name: 'ตัวชี้วัด', exact: true }).fill('ร้อยละของผู้เข้าอบรมที่นำความรู้ไปใช้');
      await d.getByRole('textbox', { name: 'ค่าเป้าหมาย' }).fill('80');
      await d.getByRole('textbox', { name: 'หน่วย', exact: true }).fill('ร้อยละ');
      await d.getByRole('textbox', { name: 'วิธีวัด' }).fill('แบบติดตามผลหลังอบรม 3 เดือน');
    });
    await page.getByRole('cell', { name: 'ร้อยละของผู้เข้าอบรมที่นำความรู้ไปใช้', exact: true }).waitFor();

    // Complete: submitted; approving is for an executive, and the officer is told so.
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'เสนอโครงการต่อผู้บริหารพิจารณา', async () => {}, 'เสนอผู้บริหารพิจารณา');
    assert.match(await closedAction(page, 'approve'), /ทำไม่ได้เพราะ: คุณไม่มีสิทธิ์ทำขั้นตอนนี้/);
    await screenshot(page, '55-project-submitted');
    // The proposal prints as a PDF.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'พิมพ์โครงการ (PDF)' }).click()]);
    const pdfPath = await pdf.path();
    assert.ok(pdfPath && (await stat(pdfPath)).size > 1000, 'the proposal PDF was saved');
    await signOut(page);

    // The executive returns it with a comment on section 3; the officer revises and submits again.
    await page.goto(projectUrl);
    await signIn(page, 'executive');
    await page.waitForURL(projectUrl);
    await takeStep(page, 'ผู้บริหารส่งกลับให้แก้ไข', async (d) => {
      const comment = d.getByRole('group', { name: 'ความเห็นรายหัวข้อ 1' });
      await comment.getByRole('textbox', { name: 'หัวข้อที่ (1–12)' }).fill('3');
      await comment.getByRole('textbox', { name: 'ความเห็นผู้บริหาร' }).fill('ขอให้ระบุจำนวนผู้ว่างงานจากการสำรวจ');
      await d.getByRole('textbox', { name: 'เหตุผล' }).fill('ขอข้อมูลเพิ่มเติมก่อนอนุมัติ');
    }, 'ส่งกลับให้แก้ไข');
    await signOut(page);
    await page.goto(projectUrl);
    await signIn(page, 'officer');
    await page.waitForURL(projectUrl);
    await page.getByTestId('project-state').filter({ hasText: 'ส่งกลับให้แก้ไข' }).waitFor();
    await page.getByRole('tab', { name: 'ฉบับที่เสนอ' }).click();
    await page.getByTestId('version-1').filter({ hasText: 'ขอให้ระบุจำนวนผู้ว่างงานจากการสำรวจ' }).waitFor();
    await page.getByRole('tab', { name: 'สำรวจและเขียนโครงการ' }).click();
    await page.getByRole('button', { name: 'แก้ไขหัวข้อโครงการ' }).click();
    const revise = page.getByRole('dialog', { name: 'แก้ไขหัวข้อโครงการ' });
    await revise.getByRole('textbox', { name: '3. หลักการและเหตุผล' }).fill('ผลสำรวจพบผู้ว่างงาน 85 คนหลังฤดูเก็บเกี่ยว ต้องการอาชีพเสริม');
    await revise.getByRole('button', { name: 'บันทึก' }).click();
    await revise.waitFor({ state: 'detached' });
    await page.getByText('ผลสำรวจพบผู้ว่างงาน 85 คนหลังฤดูเก็บเกี่ยว ต้องการอาชีพเสริม').waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'เสนอโครงการต่อผู้บริหารพิจารณา', async () => {}, 'เสนอผู้บริหารพิจารณา');
    await signOut(page);

    await page.goto(projectUrl);
    await signIn(page, 'executive');
    await page.waitForURL(projectUrl);
    await takeStep(page, 'ผู้บริหารอนุมัติโครงการ', async (d) => {
      await typeDate(d, 'วันที่อนุมัติ', '1/12/2569');
      await d.getByRole('textbox', { name: 'ความเห็นผู้บริหาร' }).fill('อนุมัติ ให้ดำเนินการตามแผน');
    }, 'ผู้บริหารอนุมัติแล้ว');
    await page.getByTestId('project-state').filter({ hasText: 'ผู้บริหารอนุมัติแล้ว' }).waitFor();
    assert.equal(await page.locator('[data-status="done"]').count(), 3, 'survey, write and consider are done');
    await screenshotBoth(page, '56-project-approved');
    await page.getByRole('tab', { name: 'ฉบับที่เสนอ' }).click();
    // Version 2, approved, and what changed since version 1: the rationale only.
    await page.getByTestId('version-2').filter({ hasText: 'อนุมัติ' }).waitFor();
    await page.locator('[data-changed-section="3"]').filter({ hasText: 'ผลสำรวจพบผู้ว่างงาน 85 คน' }).waitFor();
    assert.equal(await page.locator('[data-changed-section]').count(), 1);
    await screenshotBoth(page, '57-project-versions');
    // The same page in English.
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await page.locator('label', { hasText: /^EN$/ }).click();
    await page.getByTestId('workflow-state').filter({ hasText: 'Approved' }).waitFor();
    await page.getByRole('tab', { name: 'Survey and proposal' }).waitFor();
    await screenshot(page, '57b-project-approved-en');
    await page.locator('label', { hasText: /^TH$/ }).click();

    // The list, filtered by state and fiscal year, as a link.
    await page.goto(`${server.url}/projects?state=approved&fiscal_year=2570`);
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 1);
    await page.getByRole('cell', { name: 'ผู้บริหารอนุมัติแล้ว' }).waitFor();
    await screenshotBoth(page, '58-projects-list');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an approved project runs: target group, trainer, a session with attendance, spending, results, close', async () => {
    // Written, submitted and approved through the API; the run is walked in the browser.
    const officer = await apiToken(server.url, 'officer');
    const executive = await apiToken(server.url, 'executive');
    /** @param {string} token @param {string} method @param {string} path @param {unknown} [body] */
    const ok = async (token, method, path, body) => {
      const answer = await callApi(server.url, token, method, path, body);
      assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const created = await ok(officer, 'POST', '/api/v1/projects', { name: 'โครงการส่งเสริมอาชีพจักสาน', category: 'occupational_training' });
    const base = `/api/v1/projects/${created.id}`;
    await ok(officer, 'POST', `${base}/surveys`, { surveyed_on: '2026-10-01', method: 'เวทีประชาคม', respondents: 'ผู้สูงอายุ หมู่ที่ 1', respondent_count: 40, needs: ['อาชีพเสริม'] });
    await ok(officer, 'POST', `${base}/workflow/finish_survey`, { evidence: {} });
    const surveyed = await ok(officer, 'GET', base);
    const drafted = await callApi(server.url, officer, 'PATCH', base, {
      plan_name: 'แผนงานสร้างความเข้มแข็งของชุมชน', rationale: 'ผู้สูงอายุต้องการรายได้เสริม', objectives: ['ฝึกจักสาน'], target_group: 'ผู้สูงอายุ',
      target_quantity: 20, target_unit: 'คน', target_quality: 'นำไปจำหน่ายได้', method: [{ description: 'ฝึกอบรม 2 วัน' }], starts_on: '2026-12-01', ends_on: '2027-01-31',
      responsible: 'กองสวัสดิการสังคม', supporting_agency: 'พัฒนาชุมชนอำเภอ', benefits: ['มีรายได้เสริม'],
    }, { 'If-Match': `"${surveyed.version}"` });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    await ok(officer, 'POST', `${base}/budget-lines`, { item: 'ค่าวัสดุฝึกอบรม', quantity: 20, unit: 'ชุด', unit_cost: '300.00' });
    await ok(officer, 'POST', `${base}/indicators`, { name: 'ผู้เข้าอบรมที่จักสานได้', target_value: '80', unit: 'ร้อยละ', measured_by: 'ทดสอบปฏิบัติ' });
    await ok(officer, 'POST', `${base}/workflow/submit`, { evidence: {} });
    await ok(executive, 'POST', `${base}/workflow/approve`, { evidence: { approved_on: '2026-12-01' } });

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const projectUrl = `${server.url}/projects/${created.id}`;
    await page.goto(projectUrl);
    await signIn(page, 'officer');
    await page.getByTestId('workflow-state').filter({ hasText: 'ผู้บริหารอนุมัติแล้ว' }).waitFor();
    assert.match(await closedAction(page, 'set_target_group'), /ทำไม่ได้เพราะ: ยังไม่มีผู้เข้าร่วมโครงการ/);

    await page.getByRole('tab', { name: 'กลุ่มเป้าหมาย' }).click();
    await addRecord(page, 'เพิ่มผู้เข้าร่วม', async (d) => {
      await d.getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill('นางคำแพง ใจงาม');
      await typeDate(d, 'วันที่ลงทะเบียน', '1/12/2569');
    });
    await page.getByRole('cell', { name: 'นางคำแพง ใจงาม' }).waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'กำหนดกลุ่มเป้าหมาย', async () => {}, 'กำหนดกลุ่มเป้าหมายแล้ว');

    await page.getByRole('tab', { name: 'วิทยากร' }).click();
    await addRecord(page, 'เพิ่มวิทยากร', async (d) => {
      await d.getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill('นายสมบัติ จักสาน');
      await d.getByRole('textbox', { name: 'สังกัด' }).fill('วิทยาลัยชุมชนชัยภูมิ');
      await d.getByRole('textbox', { name: 'หัวข้อ' }).fill('การจักสานไม้ไผ่');
      await d.getByRole('textbox', { name: 'ค่าตอบแทน (บาท)' }).fill('1200');
    });
    await page.getByRole('cell', { name: '1,200.00 บาท' }).waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'ประสานวิทยากร', async () => {}, 'ประสานวิทยากรแล้ว');
    await takeStep(page, 'ดำเนินโครงการ / จัดฝึกอบรม', async (d) => {
      await typeDate(d, 'วันที่เริ่มดำเนินการ', '2/12/2569');
    }, 'กำลังดำเนินโครงการ');

    // A session, and who came to it.
    await page.getByRole('tab', { name: 'การจัดกิจกรรม' }).click();
    await addRecord(page, 'บันทึกการจัดกิจกรรม', async (d) => {
      await typeDate(d, 'วันที่จัด', '3/12/2569');
      await d.getByRole('textbox', { name: 'สถานที่' }).fill('ศาลาประชาคม หมู่ที่ 1');
      await d.getByRole('textbox', { name: 'หัวข้อ' }).fill('การจักสานตะกร้า');
      await choose(page, d, 'วิทยากร', 'นายสมบัติ จักสาน');
    });
    await page.getByRole('button', { name: 'บันทึกผู้มาร่วม' }).click();
    const attendance = page.getByRole('dialog', { name: /^ผู้มาร่วม:/ });
    await attendance.getByRole('checkbox', { name: 'นางคำแพง ใจงาม' }).check();
    await attendance.getByRole('button', { name: 'บันทึก' }).click();
    await attendance.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /การจักสานตะกร้า/ }).getByRole('cell', { name: '1', exact: true }).waitFor();
    await screenshotBoth(page, '59a-project-sessions');

    // Spending beyond the line is refused, in Thai; within it, recorded.
    await page.getByRole('tab', { name: 'งบประมาณ' }).click();
    await page.getByRole('button', { name: 'บันทึกการเบิกจ่าย' }).click();
    const spend = page.getByRole('dialog', { name: 'บันทึกการเบิกจ่าย' });
    await choose(page, spend, 'รายการงบประมาณ', '1. ค่าวัสดุฝึกอบรม');
    await typeDate(spend, 'วันที่จ่าย', '3/12/2569');
    await spend.getByRole('textbox', { name: 'จำนวนเงิน (บาท)' }).fill('7000');
    await spend.getByRole('textbox', { name: 'รายละเอียด' }).fill('ซื้อไม้ไผ่และอุปกรณ์');
    await spend.getByRole('button', { name: 'บันทึก' }).click();
    await spend.getByRole('alert').filter({ hasText: 'จ่ายเกินวงเงินของรายการ' }).waitFor();
    await spend.getByRole('textbox', { name: 'จำนวนเงิน (บาท)' }).fill('5500.25');
    await spend.getByRole('button', { name: 'บันทึก' }).click();
    await spend.waitFor({ state: 'detached' });
    await page.getByTestId('budget-spent').filter({ hasText: '5,500.25 บาท' }).waitFor();
    await page.getByTestId('budget-remaining').filter({ hasText: '499.75 บาท' }).waitFor();
    await screenshotBoth(page, '59b-project-spending');

    // The indicator's result and one satisfaction form; then evaluate and close.
    await page.getByRole('tab', { name: 'ตัวชี้วัดและผล' }).click();
    await page.getByRole('button', { name: 'บันทึกผล' }).click();
    const result = page.getByRole('dialog', { name: /^ผลของตัวชี้วัด/ });
    await result.getByRole('textbox', { name: 'ผลที่วัดได้' }).fill('85');
    await typeDate(result, 'วันที่วัดผล', '3/12/2569');
    await result.getByRole('button', { name: 'บันทึก' }).click();
    await result.waitFor({ state: 'detached' });
    await page.getByText('บรรลุเป้าหมาย', { exact: true }).waitFor();
    await addRecord(page, 'บันทึกแบบประเมินความพึงพอใจ', async (d) => {
      await typeDate(d, 'วันที่ตอบ', '3/12/2569');
      await d.getByRole('textbox', { name: 'วิทยากร (1–5)' }).fill('4');
      await d.getByRole('textbox', { name: 'ความพึงพอใจโดยรวม (1–5)' }).fill('5');
    });
    await page.getByText('5 / 5 (1 ฉบับ)').waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนโครงการ' }).click();
    await takeStep(page, 'ติดตามและประเมินผล', async (d) => {
      await typeDate(d, 'วันที่ประเมินผล', '3/12/2569');
      await d.getByRole('textbox', { name: 'สรุปรายงาน' }).fill('ผู้เข้าอบรมร้อยละ 85 จักสานได้');
    }, 'ติดตามและประเมินผลแล้ว');
    await takeStep(page, 'ปิดโครงการและรายงานผลต่อผู้บริหาร', async (d) => {
      await typeDate(d, 'วันที่ปิดโครงการ', '3/12/2569');
      await d.getByRole('textbox', { name: 'รายงานผลโครงการ' }).fill('ดำเนินโครงการครบตามแผน ใช้งบประมาณ 5,500.25 บาท');
    }, 'ปิดโครงการ รายงานผู้บริหารแล้ว');
    assert.equal(await page.locator('[data-status="done"]').count(), 8, 'all eight steps done');
    // An occupational trainee is followed up after the close: a group, and more income.
    await page.getByRole('tab', { name: 'กลุ่มเป้าหมาย' }).click();
    await page.getByRole('button', { name: 'ติดตามผล' }).click();
    const follow = page.getByRole('dialog', { name: 'ติดตามผลหลังอบรม: นางคำแพง ใจงาม' });
    await typeDate(follow, 'วันที่ติดตาม', '3/12/2569');
    await follow.getByRole('textbox', { name: 'การนำไปประกอบอาชีพ' }).fill('สานตะกร้าขายที่ตลาดนัดชุมชน');
    await follow.getByRole('checkbox', { name: 'รวมกลุ่มอาชีพแล้ว' }).check();
    await follow.getByRole('textbox', { name: 'ชื่อกลุ่ม' }).fill('กลุ่มจักสานบ้านหนองบัว');
    await follow.getByRole('textbox', { name: 'รายได้ต่อเดือนก่อนอบรม (บาท)' }).fill('2000');
    await follow.getByRole('textbox', { name: 'รายได้ต่อเดือนตอนนี้ (บาท)' }).fill('3500');
    assert.deepEqual(await unlabelledFields(follow), []);
    await follow.getByRole('button', { name: 'บันทึก' }).click();
    await follow.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'ตัวชี้วัดและผล' }).click();
    await page.getByText('1 / 1', { exact: true }).waitFor();
    await page.getByText('ติดตามผู้ผ่านการฝึกอาชีพ 1 คน รวมกลุ่มอาชีพ 1 คน รายได้เพิ่มขึ้น 1 คน').waitFor();
    await screenshotBoth(page, '59c-project-results');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a disability card request is checked and sent to the provincial office in a batch', async () => {
    const token = await apiToken(server.url, 'officer');
    const villages = await callApi(server.url, token, 'GET', '/api/v1/organisations/current/villages?page_size=100');
    const village = villages.body.items.find((/** @type {{ number: number }} */ v) => v.number === 3);
    const person = await callApi(server.url, token, 'POST', '/api/v1/citizens', {
      national_id: '3600100123456', title: 'นาย', first_name: 'สมพงษ์', last_name: 'มั่นคง', sex: 'male',
      birth_date: '1968-04-12', birth_precision: 'day', nationality: 'THA', village_id: village.id, house_number: '45',
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();
    await openFromMenu(page, 'บัตรคนพิการ');
    await page.waitForURL('**/disability-cards');
    await page.getByRole('link', { name: 'ยื่นคำขอใหม่' }).click();
    const form = page.locator('form');
    await form.getByRole('combobox', { name: 'คนพิการ', exact: true }).fill('สมพงษ์');
    await page.getByRole('option', { name: /^นายสมพงษ์ มั่นคง/ }).click();
    await choose(page, form, 'ประเภทคำขอ', 'ขอมีบัตรประจำตัวคนพิการ');
    await form.getByRole('checkbox', { name: 'ความพิการทางการเคลื่อนไหวหรือทางร่างกาย' }).check();
    // Three papers of four: the request starts, and says the photos are missing.
    for (const paper of ['เอกสารรับรองความพิการจากแพทย์', 'สำเนาบัตรประจำตัวประชาชน', 'สำเนาทะเบียนบ้าน']) await form.getByRole('checkbox', { name: paper }).check();
    assert.deepEqual(await unlabelledFields(form), []);
    await screenshot(page, '60-card-request-new');
    await page.getByRole('button', { name: 'บันทึกคำขอ' }).click();
    await page.waitForURL(/\/disability-cards\/requests\/[0-9a-f-]{36}$/);
    const requestUrl = page.url();
    await page.getByTestId('workflow-state').filter({ hasText: 'รวบรวมเอกสาร' }).waitFor();
    await page.getByTestId('missing-documents').filter({ hasText: 'รูปถ่ายขนาด 1 นิ้ว 2 รูป' }).waitFor();
    assert.match(await closedAction(page, 'prepare'), /ทำไม่ได้เพราะ: เอกสารประกอบคำขอยังไม่ครบ/);
    await screenshotBoth(page, '61-card-request-missing');

    // The photos arrive: ticked and saved (If-Match), and checking the papers opens.
    await page.getByRole('checkbox', { name: 'รูปถ่ายขนาด 1 นิ้ว 2 รูป' }).check();
    await page.getByRole('button', { name: 'บันทึกรายการเอกสาร' }).click();
    await page.getByText('เอกสารครบตามรายการแล้ว').waitFor();
    await takeStep(page, 'ตรวจเอกสารครบถ้วน', async (d) => {
      await typeDate(d, 'วันที่ตรวจสอบ', '1/12/2569');
    }, 'ตรวจเอกสารครบแล้ว');
    await screenshot(page, '62-card-request-prepared');

    // The batch: the checked request, one cover letter.
    await page.goto(`${server.url}/disability-cards/send`);
    await page.getByRole('checkbox', { name: 'เลือก นายสมพงษ์ มั่นคง' }).check();
    await page.getByRole('textbox', { name: 'เลขที่หนังสือนำส่ง' }).fill('ชย 72301/ว 123');
    await screenshot(page, '63-card-batch-choose');
    await page.getByRole('button', { name: 'ส่ง พมจ.', exact: true }).click();
    const sent = page.getByTestId('batch-sent');
    await sent.filter({ hasText: 'ชุดที่ 1' }).waitFor();
    const [letter] = await Promise.all([page.waitForEvent('download'), sent.getByRole('button', { name: 'หนังสือนำส่ง (PDF)' }).click()]);
    assert.equal(letter.suggestedFilename(), 'cover-letter-1.pdf');
    const letterPath = await letter.path();
    assert.ok(letterPath && (await stat(letterPath)).size > 1000, 'the cover letter was saved');
    await page.getByText('ไม่มีคำขอที่พร้อมส่ง').waitFor();
    await screenshotBoth(page, '64-card-batch-sent');

    // Sent: the province's steps are closed here, with the reason.
    await page.goto(requestUrl);
    await page.getByTestId('workflow-state').filter({ hasText: 'ส่ง พมจ. แล้ว' }).waitFor();
    assert.match(await closedAction(page, 'receive'), /ทำไม่ได้เพราะ: คุณไม่มีสิทธิ์ทำขั้นตอนนี้/);
    await page.getByRole('heading', { name: 'ชุดที่ 1' }).waitFor();
    await screenshotBoth(page, '65-card-request-sent');

    // The list, filtered by state and village, as a link.
    await page.goto(`${server.url}/disability-cards?state=sent&village_id=${village.id}`);
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 1);
    await screenshot(page, '66-card-requests-list');
    await openFromMenu(page, 'บัตรคนพิการ');
    await page.getByRole('tab', { name: 'บัตรใกล้หมดอายุ' }).click();
    await page.waitForURL('**/disability-cards?tab=expiring');
    await page.getByText('ไม่มีบัตรที่ใกล้หมดอายุ').waitFor();
    await screenshot(page, '67-cards-expiring');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
