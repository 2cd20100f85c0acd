import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from '../../i18n';
import { renderWithApp } from '../../test/render';
import { setDraftOwner } from '../../lib/drafts';
import { fieldsFromSchema, toEvidence, type JsonSchema } from './schemaFields';
import { formatEvidenceValue } from './format';
import { selectCommittee } from './groupSchemas.fixture';
import { groupFormation } from './sampleWorkflow';
import { StepTracker } from './StepTracker';
import type { WorkflowView } from './types';

const t = i18n.getFixedT('th');
const members = [
  { value: '11111111-1111-4111-8111-111111111111', label: 'นางสมศรี ใจดี' },
  { value: '22222222-2222-4222-8222-222222222222', label: 'นางบุญมา ศรีสุข' },
];
const signatories: JsonSchema = {
  type: 'object',
  required: ['signatory_member_ids'],
  properties: { signatory_member_ids: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 2, title: 'Signatory Member Ids' } },
};

describe('id fields with choices', () => {
  it('are drawn as selects when the screen offers choices, and left out otherwise', () => {
    const without = fieldsFromSchema(selectCommittee, 'th');
    expect(without.find((f) => f.name === 'seats')?.itemFields?.map((f) => [f.name, f.kind])).toEqual([
      ['position', 'enum'],
      ['member_id', 'unsupported'],
    ]);
    const seats = fieldsFromSchema(selectCommittee, 'th', () => null, { member_id: members }).find((f) => f.name === 'seats');
    expect(seats?.itemFields?.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['position', 'enum', true],
      ['member_id', 'enum', true],
    ]);
    const [list] = fieldsFromSchema(signatories, 'th', () => null, { signatory_member_ids: members });
    expect([list?.kind, list?.options]).toEqual(['enum-list', members]);
    expect(toEvidence([list!], { signatory_member_ids: members.map((m) => m.value) })).toEqual({ signatory_member_ids: members.map((m) => m.value) });
  });

  it('read as names, codes in words and baht in the evidence of done steps', () => {
    const names = new Map(members.map((m) => [m.value, m.label]));
    const code = (key: string, value: string) => (key === 'position' && value === 'chair' ? 'ประธาน' : null);
    const seats = [{ position: 'chair', member_id: members[0]!.value }, { position: 'treasurer', member_id: '33333333-3333-4333-8333-333333333333' }];
    expect(formatEvidenceValue(seats, 'th', t, { names, code }, 'seats')).toBe('ประธาน · นางสมศรี ใจดี; treasurer');
    expect(formatEvidenceValue(members.map((m) => m.value), 'th', t, { names })).toBe('นางสมศรี ใจดี, นางบุญมา ศรีสุข');
    expect(formatEvidenceValue([{ amount: '1050', paid_on: '2026-03-05' }], 'th', t, { money: new Set(['amount']) }, 'contributions')).toBe('1,050.00 บาท · 5 มี.ค. 2569');
  });

  it('lets an officer pick members in the step form and sends their ids', async () => {
    const view: WorkflowView = {
      ...groupFormation,
      actions: [{ ...groupFormation.actions[0]!, transition: 'open_bank_account', label_th: 'เปิดบัญชีธนาคาร', evidence_schema: signatories }],
    };
    const onTransition = vi.fn().mockResolvedValue(undefined);
    setDraftOwner('u1');
    renderWithApp(<StepTracker view={view} subjectKey="groups.g-3" onTransition={onTransition} pickers={{ signatory_member_ids: members }} />, { route: '/?action=open_bank_account' });
    const user = userEvent.setup({ delay: null });
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: /ผู้มีอำนาจลงนาม/ }));
    for (const m of members) await user.click(await screen.findByRole('option', { name: m.label, hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'บันทึก' }));
    await waitFor(() => expect(onTransition).toHaveBeenCalledWith('open_bank_account', { evidence: { signatory_member_ids: members.map((m) => m.value) } }));
  });

  it('does not number steps twice when their names carry numbers', () => {
    const view: WorkflowView = { ...groupFormation, steps: groupFormation.steps.map((s, i) => ({ ...s, label_th: `ขั้นที่ ${i + 1} ${s.label_th}` })) };
    const { container } = renderWithApp(<StepTracker view={view} subjectKey="plans.p-1" onTransition={vi.fn()} />);
    const first = container.querySelector('[data-status]')?.textContent ?? '';
    expect(first.startsWith('ขั้นที่ 1 สำรวจความต้องการ')).toBe(true);
  });
});
