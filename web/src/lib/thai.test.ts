import { describe, expect, it } from 'vitest';
import { fiscalYearBe, formatBaht, formatBeDate, formatBeDateTime, parseBeDate, toArabicDigits } from './thai';

describe('formatBeDate', () => {
  it('shows the Buddhist Era year in Thai', () => {
    expect(formatBeDate('2025-03-15')).toBe('15 มี.ค. 2568');
    expect(formatBeDate('2025-03-15', 'th', 'long')).toBe('15 มีนาคม 2568');
    expect(formatBeDate('2025-03-05', 'th', 'short')).toBe('05/03/2568');
  });
  it('keeps the BE year in English, marked', () => {
    expect(formatBeDate('2025-03-15', 'en')).toBe('15 Mar 2568 BE');
    expect(formatBeDate('2025-03-15', 'en', 'long')).toBe('15 March 2568 BE');
  });
  it('handles empties and garbage without throwing', () => {
    expect(formatBeDate(null)).toBe('');
    expect(formatBeDate('')).toBe('');
    expect(formatBeDate('not a date')).toBe('not a date');
  });
  it('formats datetimes with the time', () => {
    const local = new Date(2025, 0, 2, 9, 5);
    expect(formatBeDateTime(local)).toBe('2 ม.ค. 2568 09:05 น.');
    expect(formatBeDateTime(local, 'en')).toBe('2 Jan 2568 BE 09:05');
  });
});

describe('parseBeDate', () => {
  it.each([
    ['15/3/2568', '2025-03-15'],
    ['15/03/2568', '2025-03-15'],
    ['15-3-2568', '2025-03-15'],
    ['15.3.2568', '2025-03-15'],
    ['15 3 2568', '2025-03-15'],
    ['15/3/68', '2025-03-15'],
    ['๑๕/๓/๒๕๖๘', '2025-03-15'],
    ['15 มี.ค. 2568', '2025-03-15'],
    ['15 มีค 2568', '2025-03-15'],
    ['15 มีนาคม 2568', '2025-03-15'],
    ['วันที่ 15 มีนาคม พ.ศ. 2568', '2025-03-15'],
    ['15 March 2568', '2025-03-15'],
    ['15 Sep 2568 BE', '2025-09-15'],
    ['15 September 2568', '2025-09-15'],
    ['2568-03-15', '2025-03-15'],
    ['29/2/2567', '2024-02-29'],
    // A CE year typed into a BE field is understood, not stored 543 years off.
    ['15/3/2025', '2025-03-15'],
    ['2025-03-15', '2025-03-15'],
  ])('%s → %s', (typed, iso) => {
    expect(parseBeDate(typed)).toBe(iso);
  });

  it.each(['', '   ', '31/2/2568', '29/2/2568', '15/13/2568', '15/3/568', 'tomorrow', '15 foo 2568', '1/1/1200'])(
    'rejects %j',
    (typed) => {
      expect(parseBeDate(typed)).toBeNull();
    },
  );

  it('round-trips with formatBeDate', () => {
    for (const iso of ['2024-02-29', '2025-12-31', '2026-01-01']) {
      for (const style of ['short', 'medium', 'long'] as const) {
        expect(parseBeDate(formatBeDate(iso, 'th', style))).toBe(iso);
        expect(parseBeDate(formatBeDate(iso, 'en', style))).toBe(iso);
      }
    }
  });
});

describe('toArabicDigits', () => {
  it('converts Thai digits only', () => {
    expect(toArabicDigits('บ้านเลขที่ ๑๒/๓๔')).toBe('บ้านเลขที่ 12/34');
  });
});

describe('fiscalYearBe', () => {
  it('starts on 1 October', () => {
    expect(fiscalYearBe('2024-09-30')).toBe(2567);
    expect(fiscalYearBe('2024-10-01')).toBe(2568);
    expect(fiscalYearBe('2025-03-15')).toBe(2568);
  });
});

describe('formatBaht', () => {
  it('formats decimal strings exactly', () => {
    expect(formatBaht('1234.5')).toBe('1,234.50 บาท');
    expect(formatBaht('600')).toBe('600.00 บาท');
    expect(formatBaht('12345678901234.57')).toBe('12,345,678,901,234.57 บาท');
    expect(formatBaht(1000)).toBe('1,000.00 บาท');
    expect(formatBaht('-50.25')).toBe('-50.25 บาท');
  });
  it('uses the baht sign in English', () => {
    expect(formatBaht('1234.5', 'en')).toBe('฿1,234.50');
  });
  it('leaves empties and non-numbers alone', () => {
    expect(formatBaht(null)).toBe('');
    expect(formatBaht('abc')).toBe('abc');
  });
});
