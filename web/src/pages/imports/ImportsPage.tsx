// Bulk imports: every file uploaded, newest first (kind and status in the URL), a way to start a
// new one, and the exports that write the same columns an import reads.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { IMPORT_KINDS, JOB_STATUSES, RUN_IMPORTS, fetchJobs, type ImportJob } from '../../api/imports';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBeDateTime } from '../../lib/thai';
import { currentLang } from '../../i18n';
import { ExportMenu } from './ExportMenu';
import { CountsInline, JobStatusBadge } from './parts';

export function ImportsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const canRun = useCan(RUN_IMPORTS);

  const columns = useMemo<Column<ImportJob>[]>(
    () => [
      {
        key: 'file',
        header: t('imports.file'),
        render: (j) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/imports/${j.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
              {j.filename}
            </Anchor>
            <Text size="xs" c="dimmed">
              {j.rows_total == null ? j.file_format.toUpperCase() : t('imports.fileRows', { format: j.file_format.toUpperCase(), count: j.rows_total })}
            </Text>
          </Stack>
        ),
      },
      { key: 'kind', header: t('imports.kind'), render: (j) => enumLabel('ImportKind', j.kind, j.kind_label_th) },
      { key: 'by', header: t('imports.by'), render: (j) => j.created_by_name },
      { key: 'at', header: t('imports.at'), sortField: 'created_at', render: (j) => formatBeDateTime(j.created_at, lang) },
      { key: 'status', header: t('imports.status'), render: (j) => <JobStatusBadge job={j} /> },
      { key: 'counts', header: t('imports.counts'), render: (j) => <CountsInline job={j} /> },
    ],
    [t, lang],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'select', name: 'kind', label: t('imports.kind'), options: enumOptions('ImportKind', IMPORT_KINDS), width: 200 },
      { kind: 'select', name: 'status', label: t('imports.status'), options: enumOptions('ImportJobStatus', JOB_STATUSES), width: 220 },
    ],
    [t],
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('imports.title')}
        intro={t('imports.intro')}
        actions={
          <Group gap="sm">
            <ExportMenu />
            {canRun ? (
              <Button component={Link} to="/imports/new" leftSection={<IconUpload size={16} aria-hidden />}>
                {t('imports.newButton')}
              </Button>
            ) : null}
          </Group>
        }
      />
      {canRun ? (
        <PagedList id="imports" caption={t('imports.jobsCaption')} fetchPage={fetchJobs} columns={columns} filters={filters} rowKey={(j) => j.id} defaultSort="-created_at" emptyText={t('imports.noJobs')} />
      ) : (
        <Text c="dimmed">{t('imports.noPermission')}</Text>
      )}
    </Stack>
  );
}
