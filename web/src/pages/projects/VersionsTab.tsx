// The versions an executive considered: each submission is frozen, with the decision and the
// comments per section; a version is compared with the one before it section by section, and
// printed as it was submitted.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Group, List, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { problemText } from '../../api/problem';
import { downloadProposal, fetchDiff, fetchVersions, type Project, type SectionDiff, type Version } from '../../api/projects';
import { EmptyView } from '../../components/StateViews';
import { formatEvidenceValue } from '../../components/StepTracker/format';
import { currentLang } from '../../i18n';
import { formatBeDateTime } from '../../lib/thai';
import { Loaded, recordsKey } from './parts';

const DECISION_COLOR: Record<string, string> = { approved: 'teal', returned: 'orange', rejected: 'red' };

export function VersionsTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const versions = useQuery({ queryKey: recordsKey(project.id, 'versions'), queryFn: () => fetchVersions(project.id) });
  const [shown, setShown] = useState<number | null>(null);
  return (
    <Loaded query={versions}>
      {(rows) => {
        if (rows.length === 0) return <EmptyView title={t('projects.noVersions')} />;
        const latest = rows[rows.length - 1]!.version_no;
        const current = shown ?? latest;
        return (
          <Stack gap="lg">
            {rows.length > 1 ? (
              <Group gap="sm">
                <Text size="sm" id="version-pick">
                  {t('projects.showVersion')}
                </Text>
                <SegmentedControl aria-labelledby="version-pick" value={String(current)} onChange={(v) => setShown(Number(v))} data={rows.map((v) => ({ value: String(v.version_no), label: t('projects.versionNo', { n: v.version_no }) }))} />
              </Group>
            ) : null}
            {rows
              .filter((v) => v.version_no === current)
              .map((v) => (
                <VersionCard key={v.version_no} project={project} version={v} />
              ))}
            {current > 1 ? <Diff project={project} versionNo={current} /> : null}
          </Stack>
        );
      }}
    </Loaded>
  );
}

function VersionCard({ project, version: v }: { project: Project; version: Version }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [busy, setBusy] = useState(false);
  return (
    <Card withBorder padding="md" radius="md" data-testid={`version-${v.version_no}`}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={3} size="h4">
              {t('projects.versionNo', { n: v.version_no })}
            </Title>
            <Badge variant="light" color={v.decision ? (DECISION_COLOR[v.decision] ?? 'gray') : 'blue'}>
              {t(`projects.decision.${v.decision ?? 'pending'}`)}
            </Badge>
          </Group>
          <Text size="sm">{t('projects.submittedBy', { by: v.submitted_by, at: formatBeDateTime(v.submitted_at, lang) })}</Text>
          {v.decided_at ? <Text size="sm">{t('projects.decidedBy', { by: v.decided_by ?? '—', at: formatBeDateTime(v.decided_at, lang) })}</Text> : null}
          {v.decision_note ? (
            <Text size="sm" c="dimmed">
              {v.decision_note}
            </Text>
          ) : null}
        </Stack>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconPrinter size={16} aria-hidden />}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await downloadProposal(project.id, v.version_no);
            } catch (error) {
              notifications.show({ color: 'red', message: problemText(t, error) });
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('projects.printVersion')}
        </Button>
      </Group>
      {v.section_comments.length ? (
        <Stack gap={4} mt="sm">
          <Text fw={600} size="sm">
            {t('projects.sectionComments')}
          </Text>
          <List size="sm">
            {v.section_comments.map((c, i) => (
              <List.Item key={i}>
                {c.section}. {t(`projects.sections.${c.section}`)}: {c.comment}
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Card>
  );
}

function Diff({ project, versionNo }: { project: Project; versionNo: number }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const diff = useQuery({ queryKey: recordsKey(project.id, 'diff', String(versionNo)), queryFn: () => fetchDiff(project.id, versionNo) });
  const label = (s: SectionDiff) => `${s.number}. ${lang === 'en' ? s.label_en : s.label_th}`;
  const show = (value: unknown) => formatEvidenceValue(value, lang, t);
  return (
    <Loaded query={diff}>
      {(d) => (
        <Stack gap="sm" component="section" aria-label={t('projects.diffTitle', { from: d.from_version, to: d.to_version })}>
          <Title order={3} size="h4">
            {t('projects.diffTitle', { from: d.from_version, to: d.to_version })}
          </Title>
          {d.changed_sections.length === 0 ? (
            <Text c="dimmed">{t('projects.noChanges')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label={t('projects.diffTitle', { from: d.from_version, to: d.to_version })} verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('projects.sectionHeader')}</Table.Th>
                    <Table.Th>{t('projects.before')}</Table.Th>
                    <Table.Th>{t('projects.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.sections
                    .filter((s) => s.changed)
                    .map((s) => (
                      <Table.Tr key={s.number} data-changed-section={s.number}>
                        <Table.Td fw={600}>{label(s)}</Table.Td>
                        {s.added?.length || s.removed?.length ? (
                          <>
                            <Table.Td c="red.8">{(s.removed ?? []).length ? (s.removed ?? []).map((x, i) => <div key={i}>− {show(x)}</div>) : '—'}</Table.Td>
                            <Table.Td c="teal.9">{(s.added ?? []).length ? (s.added ?? []).map((x, i) => <div key={i}>+ {show(x)}</div>) : '—'}</Table.Td>
                          </>
                        ) : (
                          <>
                            <Table.Td c="red.8">{show(s.before)}</Table.Td>
                            <Table.Td c="teal.9">{show(s.after)}</Table.Td>
                          </>
                        )}
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Loaded>
  );
}
