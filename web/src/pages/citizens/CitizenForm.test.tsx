import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../test/render';
import { setDraftOwner } from '../../lib/drafts';
import { ApiError } from '../../api/problem';
import type { Citizen } from '../../api/citizens';
import { CitizenForm, EMPTY_CITIZEN, birthDateOf, bodyFromValues, valuesFromCitizen, type CitizenFormValues } from './CitizenForm';
import { changedFields } from './CitizenEditPage';

const citizen: Citizen = {
  id: 'c-1',
  national_id_masked: '1-1037-xxxxx-xx-8',
  title: 'นาง',
  first_name: 'สมหญิง',
  last_name: 'ใจดี',
  full_name_th: 'นางสมหญิง ใจดี',
  first_name_en: null,
  last_name_en: null,
  birth_date: '1952-05-01',
  birth_precision: 'month',
  birth_date_th: 'พ.ค. 2495',
  age: 74,
  sex: 'female',
  sex_label_th: 'หญิง',
  nationality: 'THA',
  village_id: null,
  house_number: '12/3',
  house_registration_no: null,
  address_extra: null,
  phone: null,
  death_date: null,
  moved_out_on: null,
  status: 'active',
  status_label_th: 'อยู่ในพื้นที่',
  version: 3,
  created_at: '2026-11-01T10:00:00+07:00',
  updated_at: '2026-11-01T10:00:00+07:00',
};

describe('citizen form values', () => {
  it('sends only the known parts of a birth date, in CE', () => {
    const base = { birth_date: null, birth_month: null, birth_year_be: '' as const };
    expect(birthDateOf({ ...base, birth_precision: 'year', birth_year_be: 2495 })).toBe('1952-01-01');
    expect(birthDateOf({ ...base, birth_precision: 'month', birth_month: '5', birth_year_be: 2495 })).toBe('1952-05-01');
    expect(birthDateOf({ ...base, birth_precision: 'day', birth_date: '1957-03-15' })).toBe('1957-03-15');
    expect(birthDateOf({ ...base, birth_precision: 'month', birth_year_be: 2495 })).toBeNull();
  });

  it('reads a record back into the form: the month and the BE year', () => {
    const values = valuesFromCitizen(citizen);
    expect([values.birth_precision, values.birth_month, values.birth_year_be, values.national_id]).toEqual(['month', '5', 2495, '']);
    expect(bodyFromValues({ ...values, national_id: '๑-๑๐๓๗-๐๒๐๗๑-๘๓-๘' }).national_id).toBe('1103702071838');
  });

  it('patches only what changed, and the ID only when retyped', () => {
    const values: CitizenFormValues = { ...valuesFromCitizen(citizen), phone: '081-234-5678', house_number: '12/3' };
    expect(changedFields(citizen, values)).toEqual({ phone: '081-234-5678' });
    expect(changedFields(citizen, { ...values, phone: '', national_id: '1103702071838' })).toEqual({ national_id: '1103702071838' });
  });
});

describe('CitizenForm', () => {
  function setup(onSubmit = vi.fn().mockResolvedValue(undefined)) {
    setDraftOwner('u1');
    renderWithApp(<CitizenForm draftKey="test.citizen" initialValues={EMPTY_CITIZEN} submitLabel="ลงทะเบียน" cancelTo="/citizens" onSubmit={onSubmit} />);
    return { onSubmit, user: userEvent.setup({ delay: null }) };
  }

  async function fillPerson(user: ReturnType<typeof userEvent.setup>, id: string) {
    await user.type(screen.getByRole('textbox', { name: /เลขประจำตัวประชาชน/ }), id);
    await user.type(screen.getByRole('combobox', { name: /คำนำหน้า/ }), 'นาง');
    await user.type(screen.getByRole('textbox', { name: /^ชื่อ$|^ชื่อ \*/ }), 'สมหญิง');
    await user.type(screen.getByRole('textbox', { name: /^นามสกุล( \*)?$/ }), 'ใจดี');
    await user.click(screen.getByRole('radio', { name: 'หญิง' }));
  }

  it("names the digit a wrong national ID's last one should be, and sends nothing", async () => {
    const { onSubmit, user } = setup();
    await fillPerson(user, '1-1037-02071-83-9');
    await user.click(screen.getByRole('button', { name: 'ลงทะเบียน' }));
    expect(await screen.findByText('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's refusal under the field it names, with a way to the existing record", async () => {
    const problem = {
      code: 'citizens.duplicate_national_id',
      status: 409,
      title: 'Conflict',
      detail: 'เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว',
      existing_id: 'c-9',
      errors: [{ field: 'national_id', code: 'citizens.duplicate_national_id', message: 'เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว' }],
    };
    const { onSubmit, user } = setup(vi.fn().mockRejectedValue(new ApiError(409, problem)));
    await fillPerson(user, '1103702071838');
    await user.click(screen.getByRole('button', { name: 'ลงทะเบียน' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ national_id: '1-1037-02071-83-8', sex: 'female' });
    expect((await screen.findAllByText('เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว')).length).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole('link', { name: 'เปิดข้อมูลของบุคคลนี้ที่มีอยู่แล้ว' }).getAttribute('href')).toBe('/citizens/c-9');
  });
});
