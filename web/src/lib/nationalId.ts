// The national ID rules the API applies (core/thai.py validate_national_id), here too so the form
// can say what is wrong as soon as the officer leaves the field, in the API's own words: the same
// codes, the same order of checks, the same digit named.
import type { TFunction } from 'i18next';
import { ApiError } from '../api/problem';
import { toArabicDigits } from './thai';

export type NationalIdProblem =
  | { code: 'national_id.not_digits'; position: number; char: string }
  | { code: 'national_id.length'; count: number }
  | { code: 'national_id.check_digit'; expected: number };

// What people type or paste between the groups: spaces, zero-width spaces, every kind of dash.
const SEPARATORS = /[\s\u200b\u200c\u200d\ufeff\-\u2010-\u2015\u2212]+/g;

export function normaliseNationalId(text: string): string {
  return toArabicDigits(text).replace(SEPARATORS, '');
}

export function checkDigit(firstTwelve: string): number {
  let total = 0;
  for (let i = 0; i < 12; i += 1) total += Number(firstTwelve[i]) * (13 - i);
  return (11 - (total % 11)) % 10;
}

/** The first thing wrong with a typed ID, or null when it is a valid one. */
export function checkNationalId(text: string): NationalIdProblem | null {
  const digits = normaliseNationalId(text);
  const chars = [...digits];
  const bad = chars.findIndex((ch) => ch < '0' || ch > '9');
  if (bad !== -1) return { code: 'national_id.not_digits', position: bad + 1, char: chars[bad]! };
  if (chars.length !== 13) return { code: 'national_id.length', count: chars.length };
  const expected = checkDigit(digits);
  if (Number(digits[12]) !== expected) return { code: 'national_id.check_digit', expected };
  return null;
}

/** '1103702071838' → '1-1037-02071-83-8', as printed on the card. */
export function formatNationalId(text: string): string {
  const d = normaliseNationalId(text);
  if (!/^\d{13}$/.test(d)) return text;
  return `${d[0]}-${d.slice(1, 5)}-${d.slice(5, 10)}-${d.slice(10, 12)}-${d[12]}`;
}

export function nationalIdMessage(t: TFunction, problem: NationalIdProblem): string {
  switch (problem.code) {
    case 'national_id.not_digits':
      return t('citizens.nid.notDigits', { position: problem.position, char: problem.char });
    case 'national_id.length':
      return t('citizens.nid.length', { count: problem.count });
    case 'national_id.check_digit':
      return t('citizens.nid.checkDigit', { expected: problem.expected });
  }
}

/**
 * The words for the API's refusal of a national ID (422 `national_id.*`, whose problem carries
 * `position` and `expected`), or null when the error is about something else.
 */
export function nationalIdErrorText(t: TFunction, error: unknown, submitted: string): string | null {
  if (!(error instanceof ApiError) || !error.code?.startsWith('national_id.')) return null;
  const local = checkNationalId(submitted);
  if (local && local.code === error.code) return nationalIdMessage(t, local);
  const expected = (error.problem as { expected?: unknown } | null)?.expected;
  if (error.code === 'national_id.check_digit' && typeof expected === 'number') return t('citizens.nid.checkDigit', { expected });
  return error.problem?.detail ?? t('citizens.nid.invalid');
}
