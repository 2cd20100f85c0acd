// Thai presentation helpers. The API and database speak ISO dates in the Common Era; people read
// and type Buddhist Era dates (พ.ศ. = ค.ศ. + 543) and baht. Everything that crosses that line
// goes through this file, so there is one place where the conversion can be wrong.
import dayjs from 'dayjs';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/th';

dayjs.extend(buddhistEra);
dayjs.extend(customParseFormat);

export type Lang = 'th' | 'en';

export const BE_OFFSET = 543;

/** An ISO calendar date as the API sends it: `YYYY-MM-DD`. */
export type IsoDate = string;

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Thai digits (๐–๙) to ASCII digits; everything else is kept. Imports and typed dates may use either. */
export function toArabicDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

export function ceToBeYear(ceYear: number): number {
  return ceYear + BE_OFFSET;
}

export function beToCeYear(beYear: number): number {
  return beYear - BE_OFFSET;
}

export type DateStyle = 'short' | 'medium' | 'long';

// 'BBBB' is the buddhistEra plugin's BE year. English keeps the BE year too (the whole app shows
// BE), with an explicit "BE" so an English reader cannot mistake 2568 for a typo.
const DATE_FORMATS: Record<Lang, Record<DateStyle, string>> = {
  th: { short: 'DD/MM/BBBB', medium: 'D MMM BBBB', long: 'D MMMM BBBB' },
  en: { short: 'DD/MM/BBBB', medium: 'D MMM BBBB [BE]', long: 'D MMMM BBBB [BE]' },
};

/** Formats an ISO date (or datetime) as a Buddhist Era date; '' for empty, the input itself if unparseable. */
export function formatBeDate(value: string | Date | null | undefined, lang: Lang = 'th', style: DateStyle = 'medium'): string {
  if (value === null || value === undefined || value === '') return '';
  const d = dayjs(value);
  if (!d.isValid()) return String(value);
  return d.locale(lang).format(DATE_FORMATS[lang][style]);
}

/** Formats an ISO datetime in the viewer's time zone as a BE date and 24-hour time. */
export function formatBeDateTime(value: string | Date | null | undefined, lang: Lang = 'th'): string {
  if (value === null || value === undefined || value === '') return '';
  const d = dayjs(value);
  if (!d.isValid()) return String(value);
  return `${d.locale(lang).format(DATE_FORMATS[lang].medium)} ${d.format('HH:mm')}${lang === 'th' ? ' น.' : ''}`;
}

// Month names people type, in both languages and both lengths, with and without the dots.
const MONTH_NAMES: string[][] = [
  ['มกราคม', 'ม.ค.', 'jan', 'january'],
  ['กุมภาพันธ์', 'ก.พ.', 'feb', 'february'],
  ['มีนาคม', 'มี.ค.', 'mar', 'march'],
  ['เมษายน', 'เม.ย.', 'apr', 'april'],
  ['พฤษภาคม', 'พ.ค.', 'may'],
  ['มิถุนายน', 'มิ.ย.', 'jun', 'june'],
  ['กรกฎาคม', 'ก.ค.', 'jul', 'july'],
  ['สิงหาคม', 'ส.ค.', 'aug', 'august'],
  ['กันยายน', 'ก.ย.', 'sep', 'sept', 'september'],
  ['ตุลาคม', 'ต.ค.', 'oct', 'october'],
  ['พฤศจิกายน', 'พ.ย.', 'nov', 'november'],
  ['ธันวาคม', 'ธ.ค.', 'dec', 'december'],
];

function monthFromName(name: string): number | null {
  const key = name.toLowerCase();
  const bare = key.replaceAll('.', '');
  const index = MONTH_NAMES.findIndex((names) => names.some((n) => n === key || n.replaceAll('.', '') === bare));
  return index === -1 ? null : index + 1;
}

/**
 * Reads a year as typed in a BE date field. Four digits ≥ 2400 are BE; 1800–2399 are taken as CE
 * (someone typed the Western year, which we accept rather than silently store 543 years off);
 * two digits are the short BE year (68 → 2568). Returns the CE year or null.
 */
function ceYearFromTyped(text: string): number | null {
  const n = Number(text);
  if (!Number.isInteger(n)) return null;
  if (text.length === 2) return beToCeYear(2500 + n);
  if (text.length !== 4) return null;
  if (n >= 2400) return beToCeYear(n);
  if (n >= 1800) return n;
  return null;
}

function isoFromParts(ceYear: number, month: number, day: number): IsoDate | null {
  const iso = `${String(ceYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // Strict parse rejects 31/02 instead of rolling it over to March.
  return dayjs(iso, 'YYYY-MM-DD', true).isValid() ? iso : null;
}

/**
 * Parses a date typed by a person into an ISO (CE) date. Accepts day-month-year in BE with `/`, `-`,
 * `.` or spaces, Thai or ASCII digits, month numbers or Thai/English month names, an optional
 * "พ.ศ."/"BE" marker, and ISO `YYYY-MM-DD` (with a BE or CE year). Returns null when it is not a date.
 */
export function parseBeDate(input: string): IsoDate | null {
  let text = toArabicDigits(input).trim().replace(/\s+/g, ' ');
  if (!text) return null;
  // Drop the words people put around a date: "วันที่", "พ.ศ.", "BE" (only as a whole word, not the
  // "be" inside "September").
  text = text
    .replace(/^วันที่\s*/u, '')
    .replace(/\s*พ\.\s?ศ\.?\s*/gu, ' ')
    .replace(/\s*\bb\.?e\.?(?=\s|$)/giu, ' ')
    .trim();

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) {
    const year = ceYearFromTyped(iso[1]!);
    return year === null ? null : isoFromParts(year, Number(iso[2]), Number(iso[3]));
  }

  const numeric = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$/.exec(text);
  if (numeric) {
    const year = ceYearFromTyped(numeric[3]!);
    return year === null ? null : isoFromParts(year, Number(numeric[2]), Number(numeric[1]));
  }

  const named = /^(\d{1,2})[ \-/]?([^\d\s\-/]+)[ \-/]?(\d{2}|\d{4})$/u.exec(text);
  if (named) {
    const month = monthFromName(named[2]!);
    const year = ceYearFromTyped(named[3]!);
    return month === null || year === null ? null : isoFromParts(year, month, Number(named[1]));
  }
  return null;
}

/** The Thai fiscal year (1 Oct – 30 Sep) that contains the date, named by its BE year. */
export function fiscalYearBe(value: string | Date): number {
  const d = dayjs(value);
  const ceYear = d.month() >= 9 ? d.year() + 1 : d.year();
  return ceToBeYear(ceYear);
}

// format() takes the decimal string as it is (Intl.NumberFormat v3), so an amount like
// "12345678901234.57" is shown exactly instead of going through a binary float.
const BAHT = new Intl.NumberFormat('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const BAHT_CURRENCY = new Intl.NumberFormat('th-TH', { style: 'currency', currency: 'THB' });

/**
 * Formats money. The API sends amounts as decimal strings ("1234.50"); numbers are accepted for
 * convenience. Thai: "1,234.50 บาท"; English: "฿1,234.50". '' for empty, input itself if not a number.
 */
export function formatBaht(value: string | number | null | undefined, lang: Lang = 'th'): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return String(value);
  const literal = text as `${number}`;
  return lang === 'th' ? `${BAHT.format(literal)} บาท` : BAHT_CURRENCY.format(literal);
}
