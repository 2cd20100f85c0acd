// One import: its progress while it runs (polled), then the report — the counts, each rejected
// row with its line, field and reason, each changed row with before and after — the report as
// XLSX to fix the file, and the commit, confirmed with the counts it will write.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Card, Group, List, Modal, Progress, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconColumns, IconDatabaseImport, IconDownload, IconFileUpload } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText, translateCode } from '../../api/problem';
import {
  RUN_IMPORTS,
  commitJob,
  downloadReport,
  fetchChanged,
  fetchJob,
  fetchRejected,
  isCommittable,
  isRunning,
  jobKey,
  type ImportJob,
  type ImportRow,
} from '../../api/imports';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDateTime } from '../../lib/thai';
import { useTab } from '../../lib/useTab';
import type { RemapState } from './ImportNewPage';
import { CountCards, JobStatusBadge, useChangeValue, useFieldLabel, useImportColumns } from './parts';

const TABS = ['rejected', 'changed', 'columns'] as const;
/** How often a running job is asked for its progress. */
const POLL_MS = 1000;

export function ImportJobPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const canRun = useCan(RUN_IMPORTS);
  const [tab, setTab] = useTab(TABS);
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({
    queryKey: jobKey(id),
    queryFn: () => fetchJob(id),
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data) ? POLL_MS : false),
    staleTime: 0,
  });
  const job = query.data;

  // When a run ends, what it wrote shows elsewhere: the job list, and after a commit the registers.
  const lastStatus = useRef<ImportJob['status'] | null>(null);
  useEffect(() => {
    if (!job) return;
    const before = lastStatus.current;
    lastStatus.current = job.status;
    if (before === null || before === job.status) return;
    void queryClient.invalidateQueries({ queryKey: ['list', 'imports'] });
    if (job.status === 'committed') {
      for (const list of ['citizens', 'group-members', 'households']) void queryClient.invalidateQueries({ queryKey: ['list', list] });
    }
  }, [job, queryClient]);

  if (query.isPending) return <LoadingView />;
  if (query.isError || !job) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;

  const running = isRunning(job);
  const againLink = `/imports/new?kind=${job.kind}${typeof job.options.group_id === 'string' ? `&group_id=${job.options.group_id}` : ''}`;

  return (
    <Stack gap="lg">
      <PageHeader
        title={job.filename}
        crumbs={[{ label: t('imports.title'), to: '/imports' }]}
        badge={<JobStatusBadge job={job} size="lg" />}
        intro={t('imports.job.intro', { kind: enumLabel('ImportKind', job.kind, job.kind_label_th), by: job.created_by_name, at: formatBeDateTime(job.created_at, lang) })}
      />

      {running ? <RunProgress job={job} /> : null}
      <Outcome job={job} />

      <section aria-labelledby="import-counts">
        <Title order={2} size="h4" id="import-counts" mb="sm">
          {running ? t('imports.job.countsSoFar') : job.status === 'committed' ? t('imports.job.countsCommitted') : t('imports.job.counts')}
        </Title>
        <CountCards job={job} />
      </section>

      {!running ? (
        <Group gap="sm" wrap="wrap">
          {canRun && isCommittable(job) ? (
            <Button leftSection={<IconDatabaseImport size={16} aria-hidden />} onClick={() => setConfirming(true)} color="teal">
              {t('imports.commit.button')}
            </Button>
          ) : null}
          <DownloadButton job={job} rejectedOnly={false} />
          {job.counts.rejected > 0 ? <DownloadButton job={job} rejectedOnly /> : null}
          {canRun && job.status !== 'committed' ? (
            <Button component={Link} to={againLink} variant="light" leftSection={<IconFileUpload size={16} aria-hidden />}>
              {t('imports.job.again')}
            </Button>
          ) : null}
        </Group>
      ) : null}

      {job.unknown_columns.length ? <UnknownColumns job={job} canRun={canRun} /> : null}

      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="rejected">
            {t('imports.job.rejectedTab')} <Badge size="sm" variant="light" color={job.counts.rejected ? 'red' : 'gray'} ml={4}>{job.counts.rejected}</Badge>
          </Tabs.Tab>
          <Tabs.Tab value="changed">
            {t('imports.job.changedTab')} <Badge size="sm" variant="light" color="blue" ml={4}>{job.counts.changed}</Badge>
          </Tabs.Tab>
          <Tabs.Tab value="columns">{t('imports.job.columnsTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rejected" pt="lg">
          <RejectedRows job={job} />
        </Tabs.Panel>
        <Tabs.Panel value="changed" pt="lg">
          <ChangedRows job={job} />
        </Tabs.Panel>
        <Tabs.Panel value="columns" pt="lg">
          <ColumnsRead job={job} />
        </Tabs.Panel>
      </Tabs>

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('imports.commit.title')}>
        <ConfirmCommit job={job} onDone={() => setConfirming(false)} />
      </Modal>
    </Stack>
  );
}

function RunProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const percent = Math.round(job.progress * 100);
  const label = job.status === 'committing' ? t('imports.progress.committing') : t('imports.progress.checking');
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{label}</Text>
          <Text className="tabular" fw={600}>
            {percent}%
          </Text>
        </Group>
        <Progress value={percent} size="lg" animated striped aria-label={label} />
        <Text size="sm" c="dimmed" role="status" aria-live="polite" data-testid="import-progress">
          {job.rows_total == null
            ? t('imports.progress.rowsDone', { done: job.rows_done.toLocaleString('th-TH') })
            : t('imports.progress.rowsOf', { done: job.rows_done.toLocaleString('th-TH'), total: job.rows_total.toLocaleString('th-TH') })}
        </Text>
      </Stack>
    </Card>
  );
}

/** Where the run stands and what it means: ready to commit, refused and why, or in and where to look. */
function Outcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (job.status === 'failed') {
    const reason = translateCode('codes', job.error_code) ?? job.error_detail ?? t('errors.generic');
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={job.dry_run ? t('imports.job.failedCheck') : t('imports.job.failedCommit')} role="alert">
        <Stack gap={4}>
          <Text size="sm">{reason}</Text>
          {job.error_detail && reason !== job.error_detail ? (
            <Text size="xs" c="dimmed">
              {job.error_detail}
            </Text>
          ) : null}
          <Text size="sm">{job.dry_run ? t('imports.job.failedCheckNext') : t('imports.job.failedCommitNext')}</Text>
        </Stack>
      </Alert>
    );
  }
  if (job.status === 'committed') {
    const groupId = typeof job.options.group_id === 'string' ? job.options.group_id : null;
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('imports.job.committed', { at: formatBeDateTime(job.committed_at, lang) })}>
        <Stack gap={4}>
          <Text size="sm">{t('imports.job.committedText', { new: job.counts.new, changed: job.counts.changed, rejected: job.counts.rejected })}</Text>
          <Group gap="md">
            {job.kind === 'group_members' && groupId ? (
              <Anchor component={Link} to={`/groups/${groupId}?tab=members`} size="sm">
                {t('imports.job.openGroup')}
              </Anchor>
            ) : (
              <Anchor component={Link} to="/citizens" size="sm">
                {t('imports.job.openCitizens')}
              </Anchor>
            )}
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (job.status === 'validated') {
    const nothing = job.counts.new + job.counts.changed === 0;
    return (
      <Alert color={job.counts.rejected ? 'yellow' : 'blue'} variant="light" title={t('imports.job.checked')}>
        <Stack gap="xs">
          <Text size="sm">
            {nothing ? t('imports.job.nothingToWrite') : job.counts.rejected ? t('imports.job.checkedWithRejected', { count: job.counts.rejected }) : t('imports.job.checkedClean')}
          </Text>
          {job.counts.rejected ? <Text size="sm">{t('imports.job.fixHint')}</Text> : null}
        </Stack>
      </Alert>
    );
  }
  return null;
}

function DownloadButton({ job, rejectedOnly }: { job: ImportJob; rejectedOnly: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadReport(job, rejectedOnly);
    } catch (error) {
      notifications.show({ color: 'red', title: t('imports.job.downloadFailed'), message: problemText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" loading={busy} leftSection={<IconDownload size={16} aria-hidden />} onClick={() => void download()}>
      {rejectedOnly ? t('imports.job.downloadRejected') : t('imports.job.download')}
    </Button>
  );
}

function UnknownColumns({ job, canRun }: { job: ImportJob; canRun: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remap = () => {
    const state: RemapState = { unknown: job.unknown_columns, columnMap: job.column_map };
    const group = typeof job.options.group_id === 'string' ? `&group_id=${job.options.group_id}` : '';
    navigate(`/imports/new?kind=${job.kind}${group}&from=${job.id}`, { state });
  };
  return (
    <Alert color="yellow" variant="light" icon={<IconColumns aria-hidden />} title={t('imports.job.unknownTitle', { count: job.unknown_columns.length })}>
      <Stack gap="xs">
        <Text size="sm">{t('imports.job.unknownText')}</Text>
        <List size="sm" data-testid="unknown-columns">
          {job.unknown_columns.map((h) => (
            <List.Item key={h}>{h}</List.Item>
          ))}
        </List>
        {canRun && !isRunning(job) && job.status !== 'committed' ? (
          <Group>
            <Button size="xs" variant="white" onClick={remap}>
              {t('imports.job.remap')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

function ConfirmCommit({ job, onDone }: { job: ImportJob; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await commitJob(job.id);
      queryClient.setQueryData(jobKey(job.id), next);
      onDone();
    } catch (caught) {
      setError(caught);
      // A 409 means someone else committed or is committing: show where the job stands now.
      void queryClient.invalidateQueries({ queryKey: jobKey(job.id) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      <Text>{t('imports.commit.text', { kind: enumLabel('ImportKind', job.kind, job.kind_label_th) })}</Text>
      <List size="sm" spacing={4} data-testid="commit-counts">
        <List.Item>{t('imports.commit.new', { count: job.counts.new })}</List.Item>
        <List.Item>{t('imports.commit.changed', { count: job.counts.changed })}</List.Item>
        <List.Item>{t('imports.commit.unchanged', { count: job.counts.unchanged })}</List.Item>
        <List.Item>{t('imports.commit.rejected', { count: job.counts.rejected })}</List.Item>
      </List>
      <Text size="sm" c="dimmed">
        {t('imports.commit.note')}
      </Text>
      {error ? <ErrorView error={error} title={t('imports.commit.failed')} /> : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          {t('form.cancel')}
        </Button>
        <Button color="teal" loading={busy} onClick={() => void confirm()}>
          {t('imports.commit.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}

const reportScope = (job: ImportJob) => [job.id, job.status, job.finished_at] as const;

function RejectedRows({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel(job.kind);
  const columns: Column<ImportRow>[] = [
    { key: 'line', header: t('imports.rows.line'), sortField: 'line', render: (r) => <Text className="tabular" fw={600}>{r.line}</Text>, align: 'right', width: 80 },
    { key: 'nid', header: t('imports.rows.nationalId'), render: (r) => <Text size="sm" className="tabular">{r.national_id ?? '—'}</Text> },
    { key: 'name', header: t('imports.rows.name'), render: (r) => r.name ?? '—' },
    {
      key: 'field',
      header: t('imports.rows.field'),
      render: (r) => (
        <Stack gap={4}>
          {(r.errors ?? []).map((e, i) => (
            <Text key={i} size="sm" fw={600}>
              {fieldLabel(e.field)}
            </Text>
          ))}
        </Stack>
      ),
    },
    {
      key: 'reason',
      header: t('imports.rows.reason'),
      render: (r) => (
        <Stack gap={4}>
          {(r.errors ?? []).map((e, i) => (
            <Text key={i} size="sm" c="red.9" lang="th">
              {e.message}
            </Text>
          ))}
        </Stack>
      ),
    },
  ];
  if (isRunning(job)) return <Text c="dimmed">{t('imports.rows.afterRun')}</Text>;
  return (
    <PagedList
      id="import-rejected"
      scope={reportScope(job)}
      prefix="rejected"
      caption={t('imports.job.rejectedTab')}
      fetchPage={(p) => fetchRejected(job.id, p)}
      columns={columns}
      rowKey={(r) => r.line}
      defaultSort="line"
      emptyText={t('imports.rows.noneRejected')}
    />
  );
}

function ChangedRows({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel(job.kind);
  const valueText = useChangeValue();
  const columns: Column<ImportRow>[] = [
    { key: 'line', header: t('imports.rows.line'), sortField: 'line', render: (r) => <Text className="tabular" fw={600}>{r.line}</Text>, align: 'right', width: 80 },
    { key: 'nid', header: t('imports.rows.nationalId'), render: (r) => <Text size="sm" className="tabular">{r.national_id ?? '—'}</Text> },
    { key: 'name', header: t('imports.rows.name'), render: (r) => r.name ?? '—' },
    {
      key: 'changes',
      header: t('imports.rows.changes'),
      render: (r) => (
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs" aria-label={t('imports.rows.changesOf', { line: r.line })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th fz="xs">{t('imports.rows.field')}</Table.Th>
              <Table.Th fz="xs">{t('imports.rows.before')}</Table.Th>
              <Table.Th fz="xs">{t('imports.rows.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(r.changes ?? {}).map(([field, change]) => (
              <Table.Tr key={field}>
                <Table.Td fz="sm" fw={600}>
                  {fieldLabel(field)}
                </Table.Td>
                <Table.Td fz="sm" c="dimmed">
                  {valueText(field, change.before)}
                </Table.Td>
                <Table.Td fz="sm">{valueText(field, change.after)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ),
    },
  ];
  if (isRunning(job)) return <Text c="dimmed">{t('imports.rows.afterRun')}</Text>;
  return (
    <PagedList
      id="import-changed"
      scope={reportScope(job)}
      prefix="changed"
      caption={t('imports.job.changedTab')}
      fetchPage={(p) => fetchChanged(job.id, p)}
      columns={columns}
      rowKey={(r) => r.line}
      defaultSort="line"
      emptyText={t('imports.rows.noneChanged')}
    />
  );
}

/** The file's headers beside the field each was read as; a header nobody could read says so. */
function ColumnsRead({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const fieldLabel = useFieldLabel(job.kind);
  const declared = useImportColumns(job.kind).data?.columns ?? [];
  const present = new Set(Object.values(job.column_map));
  const absent = declared.filter((c) => !present.has(c.field));
  const rows = useMemo(
    () => [...Object.entries(job.column_map).map(([header, field]) => ({ header, field })), ...job.unknown_columns.map((header) => ({ header, field: null }))],
    [job.column_map, job.unknown_columns],
  );
  return (
    <Stack gap="md">
      <DetailList
        cols={3}
        items={[
          { label: t('imports.job.format'), value: job.encoding ? `${job.file_format.toUpperCase()} · ${job.encoding}` : job.file_format.toUpperCase() },
          { label: t('imports.job.rows'), value: job.rows_total?.toLocaleString('th-TH') ?? '—' },
          { label: t('imports.job.finishedAt'), value: formatBeDateTime(job.finished_at, lang) },
        ]}
      />
      <Table.ScrollContainer minWidth={420}>
        <Table striped verticalSpacing="xs" aria-label={t('imports.job.columnsTab')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.map.header')}</Table.Th>
              <Table.Th>{t('imports.map.readAs')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.header}>
                <Table.Td>{row.header}</Table.Td>
                <Table.Td>
                  {row.field === null ? (
                    <Badge color="yellow" variant="light">
                      {t('imports.map.notRead')}
                    </Badge>
                  ) : (
                    fieldLabel(row.field)
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {absent.length ? (
        <Text size="sm" c="dimmed" data-testid="absent-columns">
          {t('imports.job.absentColumns', { headers: absent.map((c) => fieldLabel(c.field)).join(', ') })}
        </Text>
      ) : null}
    </Stack>
  );
}
