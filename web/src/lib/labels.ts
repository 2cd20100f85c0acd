// Words for the API's codes (enum values like a group's kind or a plan's state). The API sends
// Thai labels beside most codes (`kind_label_th`); the app keeps its own table (`enums` in the
// locale files) so English reads English, and falls back to the API's Thai, then the code itself.
import i18n from '../i18n';

export function enumLabel(enumName: string, value: string | null | undefined, fallback?: string | null): string {
  if (value === null || value === undefined || value === '') return fallback ?? '—';
  for (const lng of [i18n.language, 'th']) {
    const table = (i18n.getResource(lng, 'translation', 'enums') as Record<string, Record<string, unknown>> | undefined)?.[enumName];
    const words = table?.[value];
    if (typeof words === 'string') return words;
  }
  return fallback ?? value;
}

/** Choices for a select over an enum, in the order given, labelled in the current language. */
export function enumOptions(enumName: string, values: readonly string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: enumLabel(enumName, value) }));
}
