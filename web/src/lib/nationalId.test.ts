import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { ApiError } from '../api/problem';
import { checkNationalId, formatNationalId, nationalIdErrorText, nationalIdMessage } from './nationalId';

const t = i18n.getFixedT('th');

describe('national ID', () => {
  it('accepts a valid ID typed with dashes, spaces or Thai digits', () => {
    expect(checkNationalId('1103702071838')).toBeNull();
    expect(checkNationalId('1-1037-02071-83-8')).toBeNull();
    expect(checkNationalId('๑ ๑๐๓๗ ๐๒๐๗๑ ๘๓ ๘')).toBeNull();
    expect(formatNationalId('1103702071838')).toBe('1-1037-02071-83-8');
  });

  it('names the check digit the first twelve call for, as the API does', () => {
    const problem = checkNationalId('1-1037-02071-83-9');
    expect(problem).toEqual({ code: 'national_id.check_digit', expected: 8 });
    expect(nationalIdMessage(t, problem!)).toBe('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8');
  });

  it('points at a stray letter before counting, then counts', () => {
    expect(checkNationalId('11037O2071838')).toEqual({ code: 'national_id.not_digits', position: 6, char: 'O' });
    expect(checkNationalId('110370207183')).toEqual({ code: 'national_id.length', count: 12 });
    expect(nationalIdMessage(t, { code: 'national_id.length', count: 12 })).toBe('เลขประจำตัวประชาชนต้องมี 13 หลัก (มี 12 หลัก)');
  });

  it("turns the API's 422 into the same words", () => {
    const error = new ApiError(422, { code: 'national_id.check_digit', status: 422, title: 'Invalid input', expected: 8, position: 13 } as never);
    expect(nationalIdErrorText(t, error, '1103702071839')).toBe('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8');
    // Whatever the form still holds, the problem's own `expected` decides.
    expect(nationalIdErrorText(t, error, '')).toBe('เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8');
    expect(nationalIdErrorText(t, new ApiError(409, { code: 'citizens.duplicate_national_id' }), 'x')).toBeNull();
  });
});
