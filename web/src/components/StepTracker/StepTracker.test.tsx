import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../test/render';
import { setDraftOwner, loadDraft } from '../../lib/drafts';
import { StepTracker } from './StepTracker';
import { groupFormation } from './sampleWorkflow';
import { ApiError } from '../../api/problem';
import { holdForum } from './groupSchemas.fixture';
import type { WorkflowView } from './types';

function setup(onTransition = vi.fn().mockResolvedValue(undefined), route = '/') {
  setDraftOwner('u1');
  const utils = renderWithApp(<StepTracker view={groupFormation} subjectKey="groups.g-1" onTransition={onTransition} />, { route });
  // No delay between keystrokes: the forms are long and the CI machine is small.
  return { ...utils, onTransition, user: userEvent.setup({ delay: null }) };
}

describe('StepTracker', () => {
  it('shows done, current and locked steps with words, not only colours', () => {
    const { container } = setup();
    const statuses = [...container.querySelectorAll('[data-status]')].map((el) => el.getAttribute('data-status'));
    expect(statuses).toEqual(['done', 'done', 'current', 'locked']);
    expect(screen.getAllByText('เสร็จแล้ว')).toHaveLength(2);
    expect(screen.getByText('ขั้นตอนปัจจุบัน')).toBeTruthy();
    expect(screen.getByText('ยังไม่ถึงขั้นตอน')).toBeTruthy();
    expect(container.querySelector('[aria-current="step"]')?.textContent).toContain('เลือกคณะกรรมการ');
  });

  it('shows the evidence of done steps in Buddhist Era, labelled from the schemas', () => {
    setup();
    const lists = screen.getAllByRole('definition');
    const text = lists.map((d) => d.textContent);
    expect(text).toContain('8 ม.ค. 2568'); // survey_date
    expect(text).toContain('31 ม.ค. 2568'); // forum_date
    expect(text).toContain('57');
    expect(text).toContain('ใช่');
    expect(screen.getAllByText(/โดย สมศรี ใจดี เมื่อ 10 ม.ค. 2568/)).toHaveLength(1);
  });

  it('disables closed actions and says why', () => {
    setup();
    const register = screen.getByRole('button', { name: 'ขึ้นทะเบียนกลุ่ม' });
    expect(register).toHaveProperty('disabled', true);
    const reasonId = register.getAttribute('aria-describedby')!;
    expect(document.getElementById(reasonId)?.textContent).toBe('ทำไม่ได้เพราะ: สถานะปัจจุบันยังไม่ถึงขั้นตอนนี้');
    // Unknown codes still show, with the code for support.
    expect(screen.getByText('ทำไม่ได้เพราะ: ยังทำขั้นตอนนี้ไม่ได้ (groups.has_open_fund_balance)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'บันทึกการเลือกคณะกรรมการ' })).toHaveProperty('disabled', false);
  });

  it('generates the evidence form, validates it and sends typed evidence', async () => {
    const { user, onTransition } = setup();
    await user.click(screen.getByRole('button', { name: 'บันทึกการเลือกคณะกรรมการ' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    expect(onTransition).not.toHaveBeenCalled();
    expect(within(dialog).getAllByText('จำเป็นต้องกรอก').length).toBeGreaterThanOrEqual(2);

    await user.type(within(dialog).getByRole('textbox', { name: /วันที่เลือกตั้ง/ }), '15/3/2568');
    const members = within(dialog).getByLabelText(/รายชื่อกรรมการ/);
    for (const name of ['สมชาย', 'สมหญิง', 'สมปอง']) await user.type(members, `${name}{enter}`);
    await user.type(within(dialog).getByRole('textbox', { name: /วาระ/ }), '2');
    await user.click(within(dialog).getByRole('checkbox', { name: 'มติเอกฉันท์' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'หมายเหตุ' }), 'ที่ประชุมเห็นชอบ');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));

    await waitFor(() => expect(onTransition).toHaveBeenCalledTimes(1));
    expect(onTransition).toHaveBeenCalledWith('elect_committee', {
      evidence: { election_date: '2025-03-15', members: ['สมชาย', 'สมหญิง', 'สมปอง'], term_years: 2, unanimous: true },
      note: 'ที่ประชุมเห็นชอบ',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(loadDraft('workflow.groups.g-1.elect_committee')).toBeNull();
  });

  it('puts server field errors on the fields and keeps the draft', async () => {
    const problem = { type: 'about:blank', title: 'Invalid', status: 422, code: 'workflow.evidence_invalid', errors: [{ field: 'evidence.term_years', code: 'too_big', message: 'วาระต้องไม่เกิน 4 ปี' }] };
    const onTransition = vi.fn().mockRejectedValue(new ApiError(422, problem));
    const { user } = setup(onTransition, '/?action=elect_committee');
    // The open dialog lives in the URL, so it reopens after a sign-in round trip.
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /วันที่เลือกตั้ง/ }), '15/3/2568');
    const members = within(dialog).getByLabelText(/รายชื่อกรรมการ/);
    for (const name of ['ก', 'ข', 'ค']) await user.type(members, `${name}{enter}`);
    await user.type(within(dialog).getByRole('textbox', { name: /วาระ/ }), '3');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    expect(await within(dialog).findByText('วาระต้องไม่เกิน 4 ปี')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toBe('หลักฐานไม่ครบหรือไม่ถูกต้อง');
    expect(loadDraft<{ evidence: { term_years: number } }>('workflow.groups.g-1.elect_committee')?.evidence.term_years).toBe(3);
  });

  it('asks for a reason when going back', async () => {
    const { user, onTransition } = setup();
    await user.click(screen.getByRole('button', { name: 'ย้อนกลับไปจัดเวทีใหม่' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    expect(onTransition).not.toHaveBeenCalled();
    await user.type(within(dialog).getByRole('textbox', { name: /เหตุผล/ }), 'ผู้เข้าร่วมไม่ครบองค์ประชุม');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    await waitFor(() => expect(onTransition).toHaveBeenCalledWith('reopen_forum', { evidence: {}, note: 'ผู้เข้าร่วมไม่ครบองค์ประชุม' }));
  });

  it('shows the current state and the history with step names', () => {
    setup();
    expect(screen.getByTestId('workflow-state').textContent).toBe('สถานะปัจจุบัน: จัดเวทีประชาคมแล้ว');
    const history = screen.getByRole('region', { name: 'ประวัติ' });
    expect(within(history).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '1 ก.พ. 2568 14:00 น. สมศรี ใจดี · จัดเวทีประชาคมมีผู้เข้าร่วมมาก',
      '10 ม.ค. 2568 09:30 น. สมศรี ใจดี · สำรวจความต้องการ',
    ]);
  });

  it('fills rows of records (the forum attendance list) from the real schema', async () => {
    const view: WorkflowView = {
      ...groupFormation,
      actions: [{ ...groupFormation.actions[0]!, transition: 'hold_forum', label_th: 'บันทึกเวทีประชาคม', evidence_schema: holdForum }],
    };
    const onTransition = vi.fn().mockResolvedValue(undefined);
    setDraftOwner('u1');
    renderWithApp(<StepTracker view={view} subjectKey="groups.g-2" onTransition={onTransition} />, { route: '/?action=hold_forum' });
    const user = userEvent.setup({ delay: null });
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /วันที่จัด/ }), '20/1/2569');
    await user.type(within(dialog).getByRole('textbox', { name: /สถานที่/ }), 'ศาลาประชาคม หมู่ที่ 3');
    await user.type(within(dialog).getByRole('textbox', { name: /บันทึกการประชุม/ }), 'ที่ประชุมเห็นชอบตั้งกลุ่ม');
    await user.type(within(within(dialog).getByRole('group', { name: 'ผู้เข้าร่วม 1' })).getByRole('textbox', { name: /ชื่อ-สกุล/ }), 'นางสมศรี ใจดี');
    await user.click(within(dialog).getByRole('button', { name: 'เพิ่มผู้เข้าร่วม' }));
    await user.type(within(within(dialog).getByRole('group', { name: 'ผู้เข้าร่วม 2' })).getByRole('textbox', { name: /ชื่อ-สกุล/ }), 'นายสมชาย รักดี');
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    await waitFor(() =>
      expect(onTransition).toHaveBeenCalledWith('hold_forum', {
        evidence: {
          held_on: '2026-01-20',
          place: 'ศาลาประชาคม หมู่ที่ 3',
          minutes: 'ที่ประชุมเห็นชอบตั้งกลุ่ม',
          attendees: [{ full_name: 'นางสมศรี ใจดี' }, { full_name: 'นายสมชาย รักดี' }],
        },
      }),
    );
  });
});
