// @ts-check
// Step processes in a browser, through the one StepTracker: an officer takes a community group
// through the manual's ten formation steps (an executive acknowledges the report, the last one),
// and starts a community plan through its first stages — seeing closed actions with their
// reasons on the way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, screenshot } from './browser.mjs';
import { choose, openFromMenu, screenshotBoth, signIn, signOut, typeDate, unlabelledFields, waitForRows, watchErrors } from './helpers.mjs';

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

const MEMBERS = ['นางสมศรี ใจดี', 'นางบุญมา ศรีสุข', 'นางคำปุน แก้วมา', 'นางสาวมณี ทองดี', 'นางทองใบ บุญเรือง', 'นางจันทร์ เพ็งดี', 'นางสายทอง มีสุข'];

/**
 * Opens a step's dialog from its action button, lets `fill` type the evidence, saves, and waits
 * for the tracker to show the state the API moved to.
 * @param {import('playwright-core').Page} page
 * @param {string} action the button's words
 * @param {(dialog: import('playwright-core').Locator) => Promise<void>} fill
 * @param {string} state the state's words once done
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

describe('step processes', () => {
  test('an officer forms a group through all ten steps; an executive acknowledges the report', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, 'officer');
    await page.getByTestId('org-name').waitFor();

    await openFromMenu(page, 'กลุ่มชุมชน');
    await page.waitForURL('**/groups');
    await page.getByRole('link', { name: 'เริ่มจัดตั้งกลุ่ม' }).click();
    const form = page.locator('form');
    await form.getByRole('textbox', { name: 'ชื่อกลุ่ม' }).fill('กลุ่มแม่บ้านทอผ้า');
    await choose(page, form, 'ประเภทกลุ่ม', 'กลุ่มแม่บ้าน');
    await page.getByText('ต้องมีสมาชิกอย่างน้อย 7 คนก่อนเลือกคณะกรรมการ').waitFor();
    await choose(page, form, 'หมู่บ้าน', 'หมู่ที่ 3 บ้านหนองแวง');
    await form.getByRole('textbox', { name: 'วัตถุประสงค์' }).fill('ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้ครัวเรือน');
    await screenshot(page, '20-group-new');
    await page.getByRole('button', { name: 'เริ่มจัดตั้ง', exact: true }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupUrl = page.url();
    await page.getByTestId('workflow-state').filter({ hasText: 'เริ่มจัดตั้งกลุ่ม' }).waitFor();
    assert.equal(await page.locator('[data-status="current"]').count(), 1);
    assert.equal(await page.locator('[data-status="locked"]').count(), 9);
    await screenshotBoth(page, '21-group-steps-start');

    // 1–3: the idea, the forum, the founding.
    await takeStep(page, 'เผยแพร่ความรู้ความเข้าใจแนวคิด', async (d) => {
      await typeDate(d, 'วันที่จัด', '10/1/2569');
      await d.getByRole('textbox', { name: 'วิธีการ' }).fill('ประกาศหอกระจายข่าวและชี้แจงในการประชุมหมู่บ้าน');
      await d.getByRole('textbox', { name: 'จำนวนผู้รับทราบ (คน)' }).fill('120');
    }, 'เผยแพร่แนวคิดแล้ว');
    await takeStep(page, 'รวบรวมผู้สนใจและจัดเวทีประชาคม', async (d) => {
      await typeDate(d, 'วันที่จัด', '20 ม.ค. 2569');
      await d.getByRole('textbox', { name: 'สถานที่' }).fill('ศาลาประชาคม หมู่ที่ 3');
      await d.getByRole('group', { name: 'ผู้เข้าร่วม 1' }).getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill(MEMBERS[0] ?? '');
      await d.getByRole('button', { name: 'เพิ่มผู้เข้าร่วม' }).click();
      await d.getByRole('group', { name: 'ผู้เข้าร่วม 2' }).getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill(MEMBERS[1] ?? '');
      await d.getByRole('textbox', { name: 'บันทึกการประชุม' }).fill('ที่ประชุมเห็นชอบให้ตั้งกลุ่มทอผ้า');
    }, 'จัดเวทีประชาคมแล้ว');
    await takeStep(page, 'ก่อตั้งกลุ่ม', async (d) => {
      await d.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('กลุ่มแม่บ้านทอผ้าไหมบ้านหนองแวง');
      await choose(page, d, 'ประเภท', 'กลุ่มแม่บ้าน');
      await d.getByRole('textbox', { name: 'วัตถุประสงค์' }).fill('ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้');
      await typeDate(d, 'วันที่ก่อตั้ง', '1/2/2569');
    }, 'ก่อตั้งกลุ่มแล้ว');
    // The founding renamed the group.
    await page.getByRole('heading', { name: 'กลุ่มแม่บ้านทอผ้าไหมบ้านหนองแวง' }).waitFor();

    // 4: membership, seven founding members (the minimum for this kind).
    await takeStep(page, 'เปิดรับสมาชิก', async (d) => {
      for (const [i, name] of MEMBERS.entries()) {
        if (i > 0) await d.getByRole('button', { name: 'เพิ่มสมาชิก' }).click();
        const row = d.getByRole('group', { name: `สมาชิก ${i + 1}` });
        await row.getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill(name);
        await typeDate(row, 'วันที่เข้าเป็นสมาชิก', '5/2/2569');
      }
    }, 'เปิดรับสมาชิกแล้ว');

    // 5: the committee, chosen from the members by name (no ids to type).
    await takeStep(page, 'คัดเลือกคณะกรรมการบริหาร', async (d) => {
      await typeDate(d, 'วันที่ประชุมเลือก', '10/2/2569');
      await typeDate(d, 'วันเริ่มวาระ', '15/2/2569');
      await typeDate(d, 'วันสิ้นสุดวาระ', '14/2/2571');
      const chair = d.getByRole('group', { name: 'ตำแหน่งกรรมการ 1' });
      await choose(page, chair, 'ตำแหน่ง', 'ประธาน');
      await choose(page, chair, 'สมาชิก', MEMBERS[0] ?? '');
      const treasurer = d.getByRole('group', { name: 'ตำแหน่งกรรมการ 2' });
      await choose(page, treasurer, 'ตำแหน่ง', 'เหรัญญิก');
      await choose(page, treasurer, 'สมาชิก', MEMBERS[1] ?? '');
      await screenshot(page, '22-group-step-committee', { fullPage: false });
    }, 'คัดเลือกคณะกรรมการบริหารแล้ว');

    // 6–7: the rules, the fund.
    await takeStep(page, 'ร่างระเบียบข้อตกลงของกลุ่ม', async (d) => {
      await typeDate(d, 'วันที่รับรอง', '1/3/2569');
      await d.getByRole('textbox', { name: 'ข้อความระเบียบ' }).fill('ข้อ 1 สมาชิกต้องชำระเงินสมทบแรกเข้า 150 บาท');
    }, 'มีระเบียบข้อตกลงแล้ว');
    await takeStep(page, 'ระดมทุนของกลุ่ม', async (d) => {
      const row = d.getByRole('group', { name: 'เงินสมทบ 1' });
      await row.getByRole('textbox', { name: 'จำนวนเงิน (บาท)' }).fill('1050');
      await typeDate(row, 'วันที่ชำระ', '5/3/2569');
      await row.getByRole('textbox', { name: 'เลขที่อ้างอิง' }).fill('001/2569');
    }, 'ระดมทุนแล้ว');

    // The group holds money now: dissolving it is closed, and the tracker says why.
    assert.match(await closedAction(page, 'dissolve'), /ทำไม่ได้เพราะ: กลุ่มยังมีเงินทุนคงเหลือ/);
    await screenshotBoth(page, '23-group-steps-closed-reason');

    // 8–9: the bank account (signatories from the committee), the follow-up visit.
    await takeStep(page, 'เปิดบัญชีธนาคาร', async (d) => {
      await d.getByRole('textbox', { name: 'ธนาคาร', exact: true }).fill('ธนาคารออมสิน');
      await d.getByRole('textbox', { name: 'สาขา' }).fill('จัตุรัส');
      await d.getByRole('textbox', { name: 'ชื่อบัญชี' }).fill('กลุ่มแม่บ้านทอผ้าไหมบ้านหนองแวง');
      await d.getByRole('textbox', { name: 'เลขที่บัญชี' }).fill('0201234567');
      await typeDate(d, 'วันที่เปิดบัญชี', '10/3/2569');
      const signatories = d.getByRole('combobox', { name: 'ผู้มีอำนาจลงนาม', exact: true });
      await signatories.click();
      await page.getByRole('option', { name: new RegExp(`^${MEMBERS[0]}`) }).click();
      await page.getByRole('option', { name: new RegExp(`^${MEMBERS[1]}`) }).click();
      await signatories.press('Escape');
    }, 'เปิดบัญชีธนาคารแล้ว');
    await takeStep(page, 'ติดตาม สนับสนุน และประเมินผล', async (d) => {
      await typeDate(d, 'วันที่ติดตาม', '20/3/2569');
      await d.getByRole('textbox', { name: 'ผลการติดตาม' }).fill('สมาชิกประชุมทุกเดือน บัญชีเป็นปัจจุบัน');
      await d.getByRole('textbox', { name: 'คะแนนความเข้มแข็ง (1–5)' }).fill('4');
    }, 'ติดตาม สนับสนุน และประเมินผลแล้ว');

    // 10: the officer reports; acknowledging is for an executive, and the officer is told so.
    await takeStep(page, 'รายงานผลต่อผู้บริหาร', async (d) => {
      await typeDate(d, 'วันที่รายงาน', '1/4/2569');
      await d.getByRole('textbox', { name: 'เรื่อง' }).fill('รายงานผลการจัดตั้งกลุ่มแม่บ้านทอผ้าไหม');
      await d.getByRole('textbox', { name: 'สรุปรายงาน' }).fill('จัดตั้งครบ 9 ขั้นตอน สมาชิก 7 คน เงินทุน 1,050 บาท');
    }, 'รายงานผู้บริหารแล้ว รอรับทราบ');
    assert.match(await closedAction(page, 'acknowledge_report'), /ทำไม่ได้เพราะ: คุณไม่มีสิทธิ์ทำขั้นตอนนี้/);
    await screenshot(page, '24-group-awaiting-executive');
    await signOut(page);

    await page.goto(groupUrl);
    await signIn(page, 'executive');
    await page.waitForURL(groupUrl);
    await takeStep(page, 'ผู้บริหารรับทราบรายงาน', async (d) => {
      await typeDate(d, 'วันที่รับทราบ', '5/4/2569');
      await d.getByRole('textbox', { name: 'ความเห็นผู้บริหาร' }).fill('รับทราบ ให้ติดตามต่อเนื่องทุกไตรมาส');
    }, 'จัดตั้งเสร็จ ดำเนินงานอยู่');
    assert.equal(await page.locator('[data-status="done"]').count(), 10, 'all ten steps done');
    await page.getByTestId('group-state').filter({ hasText: 'จัดตั้งเสร็จ ดำเนินงานอยู่' }).waitFor();
    // The evidence of a done step, in พ.ศ., with names instead of ids.
    await page.getByText('ธนาคารออมสิน').first().waitFor();
    await page.getByText(`ประธาน · ${MEMBERS[0]}; เหรัญญิก · ${MEMBERS[1]}`).waitFor();
    await page.getByText(`${MEMBERS[0]}, ${MEMBERS[1]}`).waitFor();
    await screenshotBoth(page, '25-group-formed');
    // The same page in English: the steps, states, reasons and evidence labels all have words.
    await page.locator('label', { hasText: /^EN$/ }).click();
    await page.getByTestId('workflow-state').filter({ hasText: 'Formed and active' }).waitFor();
    await page.getByText('Signatories').waitFor();
    await screenshot(page, '25b-group-formed-en');
    await page.locator('label', { hasText: /^TH$/ }).click();
    await page.getByTestId('workflow-state').filter({ hasText: 'จัดตั้งเสร็จ ดำเนินงานอยู่' }).waitFor();

    // The records the steps wrote.
    await page.getByRole('tab', { name: 'สมาชิก' }).click();
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 7);
    await screenshot(page, '26-group-members');
    await page.getByRole('tab', { name: 'คณะกรรมการ' }).click();
    await page.getByRole('cell', { name: 'เหรัญญิก' }).waitFor();
    await page.getByRole('tab', { name: 'เงินทุนและบัญชี' }).click();
    await page.getByTestId('fund-balance').filter({ hasText: '1,050.00 บาท' }).waitFor();
    await screenshotBoth(page, '27-group-fund');

    // The list, filtered to formed groups, as a link.
    await page.goto(`${server.url}/groups?state=active`);
    await waitForRows(page);
    assert.equal(await page.locator('tbody tr').count(), 1);
    await page.getByRole('cell', { name: 'จัดตั้งเสร็จ ดำเนินงานอยู่' }).waitFor();
    await screenshotBoth(page, '28-groups-list');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an officer starts a community plan and closes its first stages', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/plans/new`);
    await signIn(page, 'officer');
    await page.waitForURL('**/plans/new');
    const form = page.locator('form');
    await form.getByRole('textbox', { name: 'ชื่อแผน' }).fill('แผนชุมชนบ้านหนองแวง หมู่ที่ 3');
    await choose(page, form, 'พื้นที่', 'หมู่ที่ 3 บ้านหนองแวง');
    await form.getByRole('textbox', { name: 'วิสัยทัศน์' }).fill('ชุมชนน่าอยู่ เศรษฐกิจพอเพียง');
    await page.getByRole('button', { name: 'เริ่มทำแผน' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planUrl = page.url();

    // Nothing prepared yet: closing stages 1–2 is closed, with the first thing missing.
    await page.getByTestId('workflow-state').waitFor();
    assert.match(await closedAction(page, 'gather_data'), /ทำไม่ได้เพราะ: ยังไม่มีทีมส่งเสริมการทำแผน/);
    await screenshotBoth(page, '30-plan-steps');

    await page.getByRole('tab', { name: '1. ทีมงาน' }).click();
    /** @type {[string, string, string][]} */
    const people = [
      ['ทีมส่งเสริมสนับสนุนการจัดทำแผนชุมชน', 'นายประเสริฐ พัฒนา', 'ประธาน'],
      ['ทีมแกนนำขับเคลื่อนแผนชุมชน', 'นางสมศรี ใจดี', 'เลขานุการ'],
    ];
    for (const [team, name, role] of people) {
      await page.getByRole('button', { name: 'เพิ่มคนในทีม' }).click();
      const d = page.getByRole('dialog', { name: 'เพิ่มคนในทีม' });
      await choose(page, d, 'ทีม', team);
      await d.getByRole('textbox', { name: 'ชื่อ-สกุล' }).fill(name);
      await d.getByRole('textbox', { name: 'บทบาทในทีม' }).fill(role);
      await d.getByRole('button', { name: 'บันทึก' }).click();
      await d.waitFor({ state: 'detached' });
      await page.getByText(name).waitFor();
    }
    await screenshot(page, '31-plan-teams');

    await page.getByRole('tab', { name: '2. ข้อมูลชุมชน' }).click();
    await page.getByRole('button', { name: 'บันทึกข้อมูลชุมชน' }).click();
    const profile = page.getByRole('dialog', { name: 'ข้อมูลทั่วไปและศักยภาพของชุมชน' });
    await profile.getByRole('textbox', { name: 'จำนวนประชากร (คน)' }).fill('842');
    await profile.getByRole('textbox', { name: 'จำนวนครัวเรือน', exact: true }).fill('231');
    await profile.getByRole('group', { name: 'อาชีพหลัก 1' }).getByRole('textbox', { name: 'อาชีพ', exact: true }).fill('ทำนา');
    await profile.getByRole('group', { name: 'ศักยภาพของพื้นที่ 1' }).getByRole('textbox', { name: 'ศักยภาพ', exact: true }).fill('กลุ่มทอผ้าไหมที่เข้มแข็ง');
    await profile.getByRole('button', { name: 'บันทึก' }).click();
    await profile.waitFor({ state: 'detached' });
    await page.getByText('กลุ่มทอผ้าไหมที่เข้มแข็ง').waitFor();
    await screenshot(page, '32-plan-profile');

    await page.getByRole('tab', { name: 'ขั้นตอนของแผน' }).click();
    await takeStep(page, 'ปิดขั้นที่ 1–2: เตรียมความพร้อมและเตรียมข้อมูลและพื้นที่แล้ว', async (d) => {
      await typeDate(d, 'วันที่ประชุมเตรียมความพร้อม', '20/10/2569');
      await d.getByRole('textbox', { name: 'จำนวนผู้เข้าประชุม (คน)' }).fill('24');
    }, 'เตรียมข้อมูลและพื้นที่แล้ว');

    // Stage 3: a village forum, a problem raised there, its ranking and an option.
    assert.match(await closedAction(page, 'make_plan'), /ทำไม่ได้เพราะ: ยังไม่ได้จัดเวทีประชาคม/);
    await page.getByRole('tab', { name: '3. เวทีประชาคม' }).click();
    await page.getByRole('button', { name: 'บันทึกเวทีประชาคม' }).click();
    const forum = page.getByRole('dialog', { name: 'บันทึกเวทีประชาคม' });
    await typeDate(forum, 'วันที่จัด', '15/11/2569');
    await forum.getByRole('textbox', { name: 'สถานที่' }).fill('ศาลาประชาคมหมู่ที่ 3');
    await forum.getByRole('textbox', { name: 'จำนวนผู้เข้าร่วม (คน)' }).fill('87');
    await forum.getByRole('textbox', { name: 'บันทึกการประชุม' }).fill('ที่ประชุมร่วมกันวิเคราะห์ปัญหาและความต้องการ');
    await forum.getByRole('button', { name: 'บันทึก' }).click();
    await forum.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'บันทึกปัญหา/ความต้องการ' }).click();
    const problem = page.getByRole('dialog', { name: 'บันทึกปัญหา/ความต้องการ' });
    await choose(page, problem, 'ประเภท', 'ปัญหา');
    await problem.getByRole('textbox', { name: 'ปัญหา/ความต้องการ' }).fill('น้ำไม่พอใช้ในการเกษตรหน้าแล้ง');
    await problem.getByRole('button', { name: 'บันทึก' }).click();
    await problem.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'บันทึกการจัดลำดับ' }).click();
    const ranking = page.getByRole('dialog', { name: 'บันทึกการจัดลำดับ' });
    await ranking.getByRole('textbox', { name: 'น้ำไม่พอใช้ในการเกษตรหน้าแล้ง' }).fill('42');
    await ranking.getByRole('button', { name: 'บันทึก' }).click();
    await ranking.waitFor({ state: 'detached' });
    await page.getByText(/จัดลำดับเมื่อ/).waitFor();
    await screenshotBoth(page, '33-plan-forum');
    await page.getByRole('tab', { name: '3. ทางเลือกแก้ปัญหา' }).click();
    await page.getByRole('button', { name: 'เพิ่มทางเลือก' }).click();
    const option = page.getByRole('dialog', { name: 'เพิ่มทางเลือก' });
    await option.getByRole('textbox', { name: 'ทางเลือก' }).fill('ขุดลอกหนองน้ำสาธารณะ');
    await option.getByRole('textbox', { name: 'งบประมาณโดยประมาณ (บาท)' }).fill('25000');
    await option.getByRole('button', { name: 'บันทึก' }).click();
    await option.waitFor({ state: 'detached' });
    await page.getByText('ขุดลอกหนองน้ำสาธารณะ · 25,000.00 บาท').waitFor();

    await page.goto(planUrl);
    await takeStep(page, 'ปิดขั้นที่ 3: จัดทำแผนในเวทีประชาคมแล้ว', async (d) => {
      await typeDate(d, 'วันที่รับรอง', '20/11/2569');
    }, 'จัดทำแผนแล้ว');
    await screenshot(page, '34-plan-stage-4');

    // Stage 4: an item answering the problem, routed to the community itself; proposed; its outcome.
    await page.getByRole('tab', { name: '4. รายการในแผน' }).click();
    await page.getByRole('button', { name: 'เพิ่มรายการในแผน' }).click();
    const item = page.getByRole('dialog', { name: 'เพิ่มรายการในแผน' });
    await choose(page, item, 'แก้ปัญหา/ตอบความต้องการ', 'น้ำไม่พอใช้ในการเกษตรหน้าแล้ง');
    await item.getByRole('textbox', { name: 'รายการ', exact: true }).fill('ขุดลอกหนองน้ำสาธารณะ หมู่ที่ 3');
    await item.getByRole('textbox', { name: 'งบประมาณโดยประมาณ (บาท)' }).fill('25000');
    await item.getByRole('button', { name: 'บันทึก' }).click();
    await item.waitFor({ state: 'detached' });
    await page.getByText('ยังไม่กำหนด').waitFor();
    await page.getByRole('button', { name: 'กำหนดผู้ดำเนินการ' }).click();
    const route = page.getByRole('dialog', { name: /^ผู้ดำเนินการ/ });
    await choose(page, route, 'ผู้ดำเนินการ', 'ชุมชนดำเนินการเอง');
    await route.getByRole('button', { name: 'บันทึก' }).click();
    await route.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'ชุมชนดำเนินการเอง' }).waitFor();
    await page.getByRole('tab', { name: 'ขั้นตอนของแผน' }).click();
    await takeStep(page, 'ปิดขั้นที่ 4: เสนอแผนแล้ว', async (d) => {
      await typeDate(d, 'วันที่เสนอแผน', '21/11/2569');
    }, 'เสนอแผนแล้ว');
    assert.match(await closedAction(page, 'close'), /ทำไม่ได้เพราะ: ยังมีรายการที่รอผล/);
    await page.getByRole('tab', { name: '4. รายการในแผน' }).click();
    await page.getByRole('button', { name: 'บันทึกผล' }).click();
    const outcome = page.getByRole('dialog', { name: /^ผลของ/ });
    await choose(page, outcome, 'ผล', 'ได้รับการตอบรับ');
    await typeDate(outcome, 'วันที่ได้รับผล', '22/11/2569');
    await outcome.getByRole('button', { name: 'บันทึก' }).click();
    await outcome.waitFor({ state: 'detached' });
    await page.getByText('ได้รับการตอบรับ').first().waitFor();
    await screenshotBoth(page, '34b-plan-items');
    await page.getByRole('tab', { name: 'ขั้นตอนของแผน' }).click();
    await takeStep(page, 'ปิดแผน: ทุกรายการได้รับผลแล้ว', async () => {}, 'ปิดแผนแล้ว');
    assert.equal(await page.locator('[data-status="done"]').count(), 4, 'all four stages done');

    await openFromMenu(page, 'แผนชุมชน');
    await waitForRows(page);
    await screenshot(page, '35-plans-list');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
