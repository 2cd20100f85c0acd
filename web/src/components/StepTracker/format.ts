import type { TFunction } from 'i18next';
import { formatBaht, formatBeDate, formatBeDateTime, type Lang } from '../../lib/thai';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface EvidenceWords {
  /** Ids the screen knows (members of the group) → their names. */
  names?: ReadonlyMap<string, string>;
  /** A code in field `key` (`position: "chair"`) → its words, or null when unknown. */
  code?: (key: string, value: string) => string | null;
  /** Fields that hold baht ("1050.00" → "1,050.00 บาท"). */
  money?: ReadonlySet<string>;
}

/**
 * Evidence values as a person reads them: BE dates, yes/no, codes in words, lists joined. Ids the
 * screen cannot name mean nothing to a reader and are left out of rows.
 */
export function formatEvidenceValue(value: unknown, lang: Lang, t: TFunction, words: EvidenceWords = {}, key?: string): string {
  const names = words.names ?? new Map<string, string>();
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (key && words.money?.has(key) && (typeof value === 'number' || typeof value === 'string')) return formatBaht(value, lang);
  if (typeof value === 'number') return value.toLocaleString('th-TH');
  if (typeof value === 'string') {
    const name = names.get(value);
    if (name !== undefined) return name;
    const code = key ? words.code?.(key, value) : null;
    if (code) return code;
    if (ISO_DATE.test(value)) return formatBeDate(value, lang);
    if (ISO_DATETIME.test(value)) return formatBeDateTime(value, lang);
    return value;
  }
  if (Array.isArray(value)) {
    // Rows (attendees, contributions) one after another; plain values as a list.
    const separator = value.some((v) => v !== null && typeof v === 'object') ? '; ' : ', ';
    return value.map((v) => formatEvidenceValue(v, lang, t, words, key)).join(separator);
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(typeof v === 'string' && UUID.test(v) && !names.has(v)))
      .map(([k, v]) => formatEvidenceValue(v, lang, t, words, k))
      .join(' · ');
  }
  return String(value);
}
