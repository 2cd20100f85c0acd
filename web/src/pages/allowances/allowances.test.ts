import { describe, expect, it } from 'vitest';
import { fileNameOf, fileUrl } from '../../api/allowances';
import { firstOfMonth, monthText, payrollMonthOptions } from './months';

describe('allowance months', () => {
  it('names a month with its BE year', () => {
    expect(monthText('2026-10-01', 'th')).toBe('ตุลาคม 2569');
    expect(monthText('2027-01-15', 'en')).toBe('January 2570 BE');
  });

  it('counts months from the first of the month, across years', () => {
    const today = new Date(2026, 11, 3);
    expect(firstOfMonth(today, 0)).toBe('2026-12-01');
    expect(firstOfMonth(today, 10)).toBe('2027-10-01');
    expect(firstOfMonth(today, -12)).toBe('2025-12-01');
  });

  it('offers a year ahead and two back, newest first', () => {
    const options = payrollMonthOptions(new Date(2026, 11, 3), 'th');
    expect(options).toHaveLength(37);
    expect(options[0]).toEqual({ value: '2027-12-01', label: 'ธันวาคม 2570' });
    expect(options[12]?.value).toBe('2026-12-01');
    expect(options.at(-1)?.value).toBe('2024-12-01');
  });
});

describe('allowance files', () => {
  it('fills the path and leaves out empty query values', () => {
    expect(fileUrl({ path: '/api/v1/allowances/payrolls/{payroll_id}/roster.xlsx', params: { payroll_id: 'a b' } })).toBe(`${window.location.origin}/api/v1/allowances/payrolls/a%20b/roster.xlsx`);
    expect(fileUrl({ path: '/api/v1/exports/beneficiaries.xlsx', query: { programme: undefined } })).toBe(`${window.location.origin}/api/v1/exports/beneficiaries.xlsx`);
    expect(fileUrl({ path: '/api/v1/exports/beneficiaries.xlsx', query: { programme: 'elderly' } })).toBe(`${window.location.origin}/api/v1/exports/beneficiaries.xlsx?programme=elderly`);
  });

  it("takes the server's file name, Thai included", () => {
    expect(fileNameOf("attachment; filename*=UTF-8''payroll-elderly-2027-10.xlsx", 'x')).toBe('payroll-elderly-2027-10.xlsx');
    expect(fileNameOf(`attachment; filename*=UTF-8''${encodeURIComponent('แบบคำขอ.pdf')}`, 'x')).toBe('แบบคำขอ.pdf');
    expect(fileNameOf('attachment; filename="bank.txt"', 'x')).toBe('bank.txt');
    expect(fileNameOf(null, 'roster.pdf')).toBe('roster.pdf');
  });
});
