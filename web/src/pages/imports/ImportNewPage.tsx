// A new import: what the file lists, the file, and (when its headers are not the usual ones) which
// column is which. Uploading runs the dry run; nothing is written until the report is committed.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Accordion, ActionIcon, Alert, Button, Card, FileInput, Group, List, Radio, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconFileUpload, IconPlus, IconTrash } from '@tabler/icons-react';
import { ApiError, problemText } from '../../api/problem';
import { IGNORE, IMPORT_KINDS, jobKey, missingColumns, uploadImport, type ImportColumn, type ImportKind } from '../../api/imports';
import { PageHeader } from '../../components/PageHeader';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { enumLabel } from '../../lib/labels';
import { useGroupOptions } from './ExportMenu';
import { useImportColumns } from './parts';

/**
 * Files uploaded in this browser tab, by job: "map the columns and check again" can send the same
 * file without asking for it twice. A browser forgets chosen files on reload, and so does this.
 */
const heldFiles = new Map<string, File>();

export interface MapRow {
  header: string;
  field: string | null;
  /** A header the file has and nobody could read: its name is the file's, not typed. */
  fromFile: boolean;
}

/** Navigation state from a report whose file had columns nobody could read. */
export interface RemapState {
  unknown?: string[];
  columnMap?: Record<string, string>;
}

const ACCEPT = '.xlsx,.xls,.ods,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ImportNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const from = search.get('from');
  const kindParam = search.get('kind');
  const kind: ImportKind = (IMPORT_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as ImportKind) : 'citizens';
  const groupId = search.get('group_id');
  const remap = (location.state ?? {}) as RemapState;

  const [file, setFile] = useState<File | null>(() => (from ? (heldFiles.get(from) ?? null) : null));
  const [rows, setRows] = useState<MapRow[]>(() => [
    // Carried over from the run being redone: what was mapped by hand stays mapped.
    ...Object.entries(remap.columnMap ?? {}).map(([header, field]) => ({ header, field, fromFile: true })),
    ...(remap.unknown ?? []).map((header) => ({ header, field: null, fromFile: true })),
  ]);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const columns = useImportColumns(kind);
  const groups = useGroupOptions();
  const missing = missingColumns(error);

  const setParam = (name: string, value: string | null) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true, state: location.state },
    );

  const fieldLabel = (field: string) => {
    const column = columns.data?.columns.find((c) => c.field === field);
    return column ? `${column.header_th} (${field})` : field;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError(t('imports.new.fileRequired'));
      return;
    }
    if (kind === 'group_members' && !groupId) return;
    const columnMap: Record<string, string> = {};
    for (const row of rows) if (row.header.trim() && row.field) columnMap[row.header.trim()] = row.field;
    setSending(true);
    setError(null);
    try {
      const job = await uploadImport({ file, kind, columnMap, groupId: kind === 'group_members' ? groupId : null });
      heldFiles.set(job.id, file);
      queryClient.setQueryData(jobKey(job.id), job);
      void queryClient.invalidateQueries({ queryKey: ['list', 'imports'] });
      navigate(`/imports/${job.id}`);
    } catch (caught) {
      setError(caught);
      // A refusal for missing columns names the file's unread headers: offer each one for mapping.
      const unread = missingColumns(caught)?.unknown ?? [];
      setRows((current) => {
        const known = new Set(current.map((r) => r.header));
        return [...current, ...unread.filter((h) => !known.has(h)).map((header) => ({ header, field: null, fromFile: true }))];
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('imports.new.title')}>
      <Stack gap="lg">
        <PageHeader title={t('imports.new.title')} crumbs={[{ label: t('imports.title'), to: '/imports' }]} intro={t('imports.new.intro')} />

        <Card withBorder padding="md" radius="md">
          <Stack gap="md">
            <Radio.Group
              label={t('imports.new.kind')}
              value={kind}
              onChange={(value) => {
                setParam('kind', value);
                setError(null);
              }}
              required
            >
              <Stack gap="xs" mt="xs">
                {IMPORT_KINDS.map((k) => (
                  <Radio key={k} value={k} label={enumLabel('ImportKind', k)} description={t(`imports.kindHint.${k}`)} />
                ))}
              </Stack>
            </Radio.Group>

            {kind === 'group_members' ? (
              <Select
                label={t('imports.group')}
                data={groups.options}
                value={groupId}
                onChange={(value) => setParam('group_id', value)}
                searchable
                required
                nothingFoundMessage={t('list.nothingFound')}
                placeholder={t('form.selectPlaceholder')}
                description={t('imports.new.groupHint')}
                w={{ base: '100%', sm: 420 }}
              />
            ) : null}

            <FileInput
              label={t('imports.new.file')}
              description={t('imports.new.fileHint')}
              placeholder={t('imports.new.filePlaceholder')}
              accept={ACCEPT}
              // The hidden native input that receives the file (a drop, a test) carries the same name.
              fileInputProps={{ 'aria-label': t('imports.new.file') }}
              value={file}
              onChange={(next) => {
                // Another file in place of one chosen has other headers: only the rows typed by hand
                // still apply. (A first choice, after a reload of a remap, keeps the carried rows.)
                if (file) setRows((current) => current.filter((row) => !row.fromFile));
                setFile(next);
                setFileError(null);
                setError(null);
              }}
              clearable
              required
              error={fileError}
              leftSection={<IconFileUpload size={16} aria-hidden />}
              w={{ base: '100%', sm: 420 }}
            />
          </Stack>
        </Card>

        {error ? <UploadProblem error={error} missing={missing} fieldLabel={fieldLabel} /> : null}

        <Card withBorder padding="md" radius="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('imports.map.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('imports.map.intro')}
            </Text>
            {columns.isError ? <ErrorView error={columns.error} onRetry={() => void columns.refetch()} /> : null}
            <ColumnMapEditor rows={rows} onChange={setRows} columns={columns.data?.columns ?? []} />
          </Stack>
        </Card>

        <Group gap="sm">
          <Button type="submit" loading={sending} leftSection={<IconFileUpload size={16} aria-hidden />} disabled={kind === 'group_members' && !groupId}>
            {t('imports.new.check')}
          </Button>
          <Button component={Link} to="/imports" variant="subtle">
            {t('form.cancel')}
          </Button>
        </Group>

        <Accordion variant="contained" defaultValue={null}>
          <Accordion.Item value="columns">
            <Accordion.Control>{t('imports.columns.title', { kind: enumLabel('ImportKind', kind) })}</Accordion.Control>
            <Accordion.Panel>{columns.isPending ? <LoadingView /> : <DeclaredColumns columns={columns.data?.columns ?? []} ignored={columns.data?.ignored_headers ?? []} />}</Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    </form>
  );
}

function UploadProblem({ error, missing, fieldLabel }: { error: unknown; missing: { missing: string[]; unknown: string[] } | null; fieldLabel: (field: string) => string }) {
  const { t } = useTranslation();
  if (!missing) {
    // The code says what kind of problem; the API's Thai message names the header or the file.
    const details = error instanceof ApiError ? (error.problem?.errors ?? []).map((e) => e.message).filter((m) => m && m !== problemText(t, error)) : [];
    return (
      <Stack gap="xs">
        <ErrorView title={t('imports.new.refused')} error={error} />
        {details.length ? (
          <List size="sm" c="red.9" data-testid="upload-problems">
            {details.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('imports.new.missingTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{t('imports.new.missing')}</Text>
        <List size="sm">
          {missing.missing.map((m) => (
            // The API names them as "full_name or first_name + last_name".
            <List.Item key={m}>{m.split(' or ').map((choice) => choice.split(' + ').map((f) => fieldLabel(f.trim())).join(' + ')).join(` ${t('imports.new.or')} `)}</List.Item>
          ))}
        </List>
        {missing.unknown.length ? <Text size="sm">{t('imports.new.unknownListed', { headers: missing.unknown.join(', ') })}</Text> : <Text size="sm">{problemText(t, error)}</Text>}
      </Stack>
    </Alert>
  );
}

/** Header → field rows; a header mapped to "ignore" is read as nothing and no longer reported. */
export function ColumnMapEditor({ rows, onChange, columns }: { rows: MapRow[]; onChange: (rows: MapRow[]) => void; columns: ImportColumn[] }) {
  const { t } = useTranslation();
  const options = useMemo(
    () => [{ value: IGNORE, label: t('imports.map.ignore') }, ...columns.map((c) => ({ value: c.field, label: `${c.header_th} · ${c.header_en}` }))],
    [columns, t],
  );
  const update = (index: number, patch: Partial<MapRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap="xs">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('imports.map.none')}
        </Text>
      ) : (
        <Table aria-label={t('imports.map.title')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.map.header')}</Table.Th>
              <Table.Th>{t('imports.map.field')}</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>{t('imports.map.remove')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  {row.fromFile ? (
                    <Text fw={600} data-testid="map-header">
                      {row.header}
                    </Text>
                  ) : (
                    <TextInput aria-label={t('imports.map.headerN', { n: i + 1 })} value={row.header} onChange={(e) => update(i, { header: e.currentTarget.value })} placeholder={t('imports.map.headerPlaceholder')} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('imports.map.fieldFor', { header: row.header || i + 1 })}
                    data={options}
                    value={row.field}
                    onChange={(value) => update(i, { field: value })}
                    searchable
                    placeholder={t('imports.map.notRead')}
                    nothingFoundMessage={t('list.nothingFound')}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('imports.map.removeN', { header: row.header || i + 1 })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...rows, { header: '', field: null, fromFile: false }])}>
          {t('imports.map.add')}
        </Button>
      </Group>
    </Stack>
  );
}

/** What the import reads: each field with the header exports write and the other names it is known by. */
function DeclaredColumns({ columns, ignored }: { columns: ImportColumn[]; ignored: string[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs" aria-label={t('imports.columns.caption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.columns.header')}</Table.Th>
              <Table.Th>{t('imports.columns.alsoRead')}</Table.Th>
              <Table.Th>{t('imports.columns.description')}</Table.Th>
              <Table.Th>{t('imports.columns.example')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.header_th}
                  </Text>
                  <Text size="xs" c="dimmed" lang="en">
                    {c.header_en}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{c.headers.filter((h) => h !== c.header_th && h !== c.header_en).join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{c.description}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{c.example ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {ignored.length ? (
        <Text size="xs" c="dimmed">
          {t('imports.columns.ignored', { headers: ignored.join(', ') })}
        </Text>
      ) : null}
    </Stack>
  );
}
