// Payrolls and start months are whole months: shown as "ตุลาคม 2570", chosen from a short list
// around today rather than typed as a day nobody means.
import dayjs from 'dayjs';
import { formatBeDate, type Lang } from '../../lib/thai';

/** The month of an ISO date, in words with its BE year. */
export function monthText(iso: string, lang: Lang): string {
  // formatBeDate loads the BE plugin; its long style minus the day is the month and year.
  return formatBeDate(iso, lang, 'long').replace(/^\d+\s+/, '');
}

/** The first of a month, `monthsFromNow` away from the month of `today`, as an ISO date. */
export function firstOfMonth(today: Date, monthsFromNow: number): string {
  return dayjs(today).startOf('month').add(monthsFromNow, 'month').format('YYYY-MM-DD');
}

/**
 * Months a payroll may be made for, newest first: a year ahead (people registered in
 * October–November are paid from the October after next) and two years back (months owed).
 */
export function payrollMonthOptions(today: Date, lang: Lang): { value: string; label: string }[] {
  return Array.from({ length: 37 }, (_, i) => firstOfMonth(today, 12 - i)).map((value) => ({ value, label: monthText(value, lang) }));
}

/** Today on the officer's own calendar (not UTC's: after 17:00 in Bangkok UTC is still yesterday). */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}
