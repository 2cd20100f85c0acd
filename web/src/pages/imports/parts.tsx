// Pieces the import screens share: the status badge, the four counts, and the words for fields
// (the declared columns' own headers, so the report names a field as the file's header does).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge, Card, Group, SimpleGrid, Text } from '@mantine/core';
import { fetchColumns, type ImportJob, type ImportKind } from '../../api/imports';
import { useVillages } from '../../api/villages';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDate, type Lang } from '../../lib/thai';

const STATUS_COLOR: Record<ImportJob['status'], string> = {
  validating: 'blue',
  validated: 'yellow',
  committing: 'blue',
  committed: 'teal',
  failed: 'red',
};

export function JobStatusBadge({ job, size = 'md' }: { job: Pick<ImportJob, 'status' | 'status_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={STATUS_COLOR[job.status]} size={size} data-testid="import-status">
      {enumLabel('ImportJobStatus', job.status, job.status_label_th)}
    </Badge>
  );
}

const COUNT_KEYS = ['new', 'changed', 'unchanged', 'rejected'] as const;
const COUNT_COLOR: Record<(typeof COUNT_KEYS)[number], string> = { new: 'teal', changed: 'blue', unchanged: 'gray', rejected: 'red' };

/** The counts in a list row: short, the rejected ones stand out. */
export function CountsInline({ job }: { job: Pick<ImportJob, 'counts' | 'status'> }) {
  const { t } = useTranslation();
  if (job.status === 'validating' || job.status === 'committing') return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Group gap={6} wrap="wrap">
      {COUNT_KEYS.map((key) => (
        <Text key={key} size="sm" c={key === 'rejected' && job.counts[key] > 0 ? 'red.8' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {t(`imports.count.${key}`)} {job.counts[key].toLocaleString('th-TH')}
        </Text>
      ))}
    </Group>
  );
}

/** The four counts of a report, as figures people see at a glance. */
export function CountCards({ job }: { job: Pick<ImportJob, 'counts'> }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" role="list" aria-label={t('imports.countsCaption')}>
      {COUNT_KEYS.map((key) => (
        <Card key={key} withBorder padding="sm" radius="md" role="listitem" data-testid={`count-${key}`}>
          <Text size="sm" c="dimmed">
            {t(`imports.count.${key}`)}
          </Text>
          <Text fz={28} fw={700} c={`${COUNT_COLOR[key]}.8`} className="tabular">
            {job.counts[key].toLocaleString('th-TH')}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export const columnsKey = (kind: ImportKind) => ['import-columns', kind] as const;

export function useImportColumns(kind: ImportKind | null) {
  return useQuery({ queryKey: columnsKey(kind ?? 'citizens'), queryFn: () => fetchColumns(kind ?? 'citizens'), enabled: kind !== null, staleTime: 60 * 60_000 });
}

/** A field's name in the reader's language: the column's header, else our own words, else the code. */
export function useFieldLabel(kind: ImportKind | null) {
  const { t, i18n } = useTranslation();
  const columns = useImportColumns(kind).data?.columns ?? [];
  const en = i18n.language === 'en';
  return (field: string): string => {
    const column = columns.find((c) => c.field === field) ?? columns.find((c) => `${c.field}_id` === field);
    if (column) return en ? column.header_en : column.header_th;
    const own = t(`imports.fieldLabels.${field}`, { defaultValue: '' });
    return own || field;
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A before or after value of a changed row, as a person reads it: BE dates, village names, Thai codes. */
export function useChangeValue() {
  const villages = useVillages();
  const lang: Lang = currentLang();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'string') {
      if (field === 'village_id') return villages.label(value) || value;
      if (field === 'sex') return enumLabel('Sex', value);
      if (field === 'birth_precision') return enumLabel('BirthPrecision', value);
      if (field === 'programme') return enumLabel('ProgrammeCode', value);
      if (ISO_DATE.test(value)) return formatBeDate(value, lang);
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  };
}
