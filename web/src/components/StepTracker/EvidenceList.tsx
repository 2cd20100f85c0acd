import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { fieldsFromSchema, humanise, type JsonSchema } from './schemaFields';
import { formatEvidenceValue } from './format';
import type { Evidence, Pickers } from './types';
import { enumLabel } from '../../lib/labels';

/** The evidence recorded for a done step, labelled from the evidence schemas we know. */
export function EvidenceList({
  evidence,
  schemas,
  pickers = {},
  codes = {},
  money = [],
}: {
  evidence: Evidence | null | undefined;
  schemas: JsonSchema[];
  pickers?: Pickers;
  /** Which code list a field's values come from (`position` → `CommitteePosition`), for their words. */
  codes?: Record<string, string>;
  /** Fields that hold baht. */
  money?: readonly string[];
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  const lookup = (key: string) => (i18n.exists(key) ? t(key) : null);
  // Optional evidence left empty (no attachment, no comment) is not worth a line.
  const entries = Object.entries(evidence ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return null;
  const labels = new Map(schemas.flatMap((s) => fieldsFromSchema(s, lang, lookup)).map((f) => [f.name, f.label]));
  // Later pickers win; a screen lists its plainest names last.
  const names = new Map(Object.values(pickers).flatMap((options) => options.map((o) => [o.value, o.label] as const)));
  const code = (field: string, value: string) => {
    const enumName = codes[field];
    if (!enumName) return null;
    const words = enumLabel(enumName, value);
    return words === value ? null : words;
  };
  return (
    <Box component="dl" aria-label={t('workflow.evidence')} m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', columnGap: '0.75rem', rowGap: 2 }}>
      {entries.map(([key, value]) => (
        <Box key={key} style={{ display: 'contents' }}>
          <Text component="dt" size="sm" c="dimmed">
            {labels.get(key) ?? lookup(`fields.${key}`) ?? humanise(key)}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {formatEvidenceValue(value, lang, t, { names, code, money: new Set(money) }, key)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
