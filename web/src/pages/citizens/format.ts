import dayjs from 'dayjs';
import i18n from '../../i18n';
import { ceToBeYear, formatBeDate, type Lang } from '../../lib/thai';
import type { Citizen } from '../../api/citizens';

/** A birth date with only the parts that are known: "12 พ.ค. 2495", "พ.ค. 2495", "พ.ศ. 2495". */
export function birthText(c: Pick<Citizen, 'birth_date' | 'birth_precision'>, lang: Lang): string {
  if (!c.birth_date) return '—';
  const d = dayjs(c.birth_date);
  if (c.birth_precision === 'year') return i18n.t('citizens.yearOnly', { year: ceToBeYear(d.year()), lng: lang });
  if (c.birth_precision === 'month') return `${d.locale(lang).format('MMMM')} ${i18n.t('citizens.yearOnly', { year: ceToBeYear(d.year()), lng: lang })}`;
  return formatBeDate(c.birth_date, lang, 'long');
}
