import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { fieldsFromSchema, humanise, type JsonSchema } from './schemaFields';
import { formatEvidenceValue } from './format';
import type { Evidence } from './types';

/** The evidence recorded for a done step, labelled from the evidence schemas we know. */
export function EvidenceList({ evidence, schemas }: { evidence: Evidence | null | undefined; schemas: JsonSchema[] }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  const lookup = (key: string) => (i18n.exists(key) ? t(key) : null);
  const entries = Object.entries(evidence ?? {});
  if (entries.length === 0) return null;
  const labels = new Map(schemas.flatMap((s) => fieldsFromSchema(s, lang, lookup)).map((f) => [f.name, f.label]));
  return (
    <Box component="dl" aria-label={t('workflow.evidence')} m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', columnGap: '0.75rem', rowGap: 2 }}>
      {entries.map(([key, value]) => (
        <Box key={key} style={{ display: 'contents' }}>
          <Text component="dt" size="sm" c="dimmed">
            {labels.get(key) ?? lookup(`fields.${key}`) ?? humanise(key)}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {formatEvidenceValue(value, lang, t)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
