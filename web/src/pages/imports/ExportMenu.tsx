// The other way round: a list as XLSX or CSV with the columns an import reads, so an officer can
// export, correct in Excel, and import the file again. Group members are one group's.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Group, Menu, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import { downloadExport, type ExportFormat, type ExportList } from '../../api/imports';
import { fetchGroups } from '../../api/groups';

const FORMATS: readonly ExportFormat[] = ['xlsx', 'csv'];

export function ExportMenu() {
  const { t } = useTranslation();
  const canCitizens = useCan('citizens:read');
  const canBeneficiaries = useCan('allowances:read') && canCitizens;
  const canGroups = useCan('groups:read');
  const [busy, setBusy] = useState(false);
  const [choosingGroup, setChoosingGroup] = useState(false);

  const run = async (list: ExportList, format: ExportFormat, groupId?: string) => {
    setBusy(true);
    try {
      await downloadExport(list, format, groupId);
      notifications.show({ color: 'teal', message: t('imports.export.started') });
      return true;
    } catch (error) {
      notifications.show({ color: 'red', title: t('imports.export.failed'), message: problemText(t, error) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const lists: ExportList[] = [...(canCitizens ? (['citizens'] as const) : []), ...(canBeneficiaries ? (['beneficiaries'] as const) : [])];
  if (lists.length === 0 && !canGroups) return null;

  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal>
        <Menu.Target>
          <Button variant="default" loading={busy} leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
            {t('imports.export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {lists.map((list, i) => (
            <div key={list}>
              {i > 0 ? <Menu.Divider /> : null}
              <Menu.Label>{t(`imports.export.${list}`)}</Menu.Label>
              {FORMATS.map((format) => (
                <Menu.Item key={format} leftSection={format === 'xlsx' ? <IconFileSpreadsheet size={16} aria-hidden /> : <IconFileTypeCsv size={16} aria-hidden />} onClick={() => void run(list, format)}>
                  {t('imports.export.item', { list: t(`imports.export.${list}`), format: format.toUpperCase() })}
                </Menu.Item>
              ))}
            </div>
          ))}
          {canGroups ? (
            <>
              {lists.length ? <Menu.Divider /> : null}
              <Menu.Label>{t('imports.export.group_members')}</Menu.Label>
              <Menu.Item leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => setChoosingGroup(true)}>
                {t('imports.export.chooseGroup')}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={choosingGroup} onClose={() => setChoosingGroup(false)} title={t('imports.export.group_members')}>
        <GroupExport busy={busy} onExport={async (groupId, format) => (await run('group_members', format, groupId)) && setChoosingGroup(false)} />
      </Modal>
    </>
  );
}

function GroupExport({ busy, onExport }: { busy: boolean; onExport: (groupId: string, format: ExportFormat) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState<string | null>(null);
  const groups = useGroupOptions();
  return (
    <Stack gap="md">
      <Select label={t('imports.group')} data={groups.options} value={groupId} onChange={setGroupId} searchable nothingFoundMessage={t('list.nothingFound')} placeholder={t('form.selectPlaceholder')} disabled={groups.isPending} />
      {groups.isSuccess && groups.options.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('imports.noGroups')}
        </Text>
      ) : null}
      <Group justify="flex-end" gap="sm">
        {FORMATS.map((format) => (
          <Button key={format} variant={format === 'xlsx' ? 'filled' : 'light'} disabled={!groupId} loading={busy} onClick={() => groupId && void onExport(groupId, format)}>
            {t('imports.export.download', { format: format.toUpperCase() })}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

/** Groups by name, for picking the one whose members a file lists (a municipality has dozens, not thousands). */
export function useGroupOptions() {
  const query = useQuery({
    queryKey: ['groups', 'options'],
    queryFn: () => fetchGroups({ page: 1, pageSize: 100, sort: 'name', filters: {} }),
    staleTime: 60_000,
  });
  return { isPending: query.isPending, isSuccess: query.isSuccess, options: (query.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })) };
}
