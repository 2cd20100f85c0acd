import type { TFunction } from 'i18next';
import { formatBeDate, formatBeDateTime, type Lang } from '../../lib/thai';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Evidence values as a person reads them: BE dates, yes/no, lists joined. */
export function formatEvidenceValue(value: unknown, lang: Lang, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (typeof value === 'number') return value.toLocaleString('th-TH');
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return formatBeDate(value, lang);
    if (ISO_DATETIME.test(value)) return formatBeDateTime(value, lang);
    return value;
  }
  if (Array.isArray(value)) {
    // Rows (attendees, contributions) one after another; plain values as a list.
    const separator = value.some((v) => v !== null && typeof v === 'object') ? '; ' : ', ';
    return value.map((v) => formatEvidenceValue(v, lang, t)).join(separator);
  }
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      // Ids inside a row (citizen_id, member_id) mean nothing to a reader.
      .filter((v) => v !== null && v !== undefined && v !== '' && !(typeof v === 'string' && UUID.test(v)))
      .map((v) => formatEvidenceValue(v, lang, t))
      .join(' · ');
  }
  return String(value);
}
