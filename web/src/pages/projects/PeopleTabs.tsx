// The people of a run: the target group (quotas and participants), the trainers coordinated, and
// the sessions held with who came to each. Nobody is deleted: a participant withdraws, a trainer
// is cancelled, each with the reason.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserCheck } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import {
  WRITE_PROJECTS,
  addOutcome,
  addParticipant,
  addQuota,
  addSession,
  addTrainer,
  cancelTrainer,
  fetchAttendance,
  fetchOutcomes,
  fetchParticipants,
  fetchQuotas,
  fetchSessions,
  fetchTrainers,
  putAttendance,
  withdrawParticipant,
  type Participant,
  type Project,
  type Session,
} from '../../api/projects';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { RecordForm, field, type RecordField } from '../../components/RecordForm';
import { currentLang } from '../../i18n';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { FormModal, Loaded, Section, isOpen, recordsKey, useRefresh } from './parts';

export function ParticipantsTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState<'participant' | 'quota' | null>(null);
  const [withdrawing, setWithdrawing] = useState<Participant | null>(null);
  const [following, setFollowing] = useState<Participant | null>(null);
  const followsUp = canWrite && project.category === 'occupational_training' && isOpen(project, 'outcomes');
  const quotas = useQuery({ queryKey: recordsKey(project.id, 'quotas'), queryFn: () => fetchQuotas(project.id) });
  const writable = canWrite && isOpen(project, 'targetGroup');
  const quotaName = new Map((quotas.data ?? []).map((q) => [q.id, q.label]));

  const participantFields = useMemo<RecordField[]>(
    () => [
      field('full_name', 'text', t('fields.full_name'), { required: true, maxLength: 300 }),
      field('village_id', 'enum', t('citizens.village'), { options: villages.options }),
      field('quota_id', 'enum', t('projects.quota'), { options: (quotas.data ?? []).map((q) => ({ value: q.id, label: `${q.label} (${q.filled}/${q.seats})` })) }),
      field('phone', 'text', t('citizens.phone'), { maxLength: 20, pattern: '^[0-9+\\- ]+$' }),
      field('joined_on', 'date', t('projects.joinedOn'), { required: true }),
    ],
    [t, villages.options, quotas.data],
  );
  const quotaFields = useMemo<RecordField[]>(
    () => [
      field('label', 'text', t('projects.quotaLabel'), { required: true, maxLength: 300 }),
      field('village_id', 'enum', t('citizens.village'), { options: villages.options }),
      field('seats', 'integer', t('projects.seats'), { required: true, min: 1, max: 100_000 }),
    ],
    [t, villages.options],
  );
  const withdrawFields = useMemo<RecordField[]>(
    () => [field('withdrawn_on', 'date', t('projects.withdrawnOn'), { required: true }), field('reason', 'text', t('projects.withdrawReason'), { required: true, maxLength: 500 })],
    [t],
  );

  const columns: Column<Participant>[] = [
    {
      key: 'name',
      header: t('fields.full_name'),
      sortField: 'full_name',
      render: (p) =>
        p.citizen_id ? (
          <Anchor component={Link} to={`/citizens/${p.citizen_id}`}>
            {p.full_name}
          </Anchor>
        ) : (
          p.full_name
        ),
    },
    { key: 'village', header: t('citizens.village'), render: (p) => villages.label(p.village_id) || '—' },
    { key: 'quota', header: t('projects.quota'), render: (p) => (p.quota_id ? (quotaName.get(p.quota_id) ?? '—') : '—') },
    { key: 'joined', header: t('projects.joinedOn'), sortField: 'joined_on', render: (p) => formatBeDate(p.joined_on, lang) },
    {
      key: 'status',
      header: t('projects.status'),
      render: (p) =>
        p.withdrawn_on ? (
          <Text size="sm" c="dimmed">
            {t('projects.withdrawn', { date: formatBeDate(p.withdrawn_on, lang), reason: p.withdraw_reason ?? '' })}
          </Text>
        ) : writable ? (
          <Button size="xs" variant="subtle" color="orange" onClick={() => setWithdrawing(p)}>
            {t('projects.withdraw')}
          </Button>
        ) : (
          <Badge size="sm" variant="light" color="teal">
            {t('projects.active')}
          </Badge>
        ),
    },
    ...(followsUp
      ? [
          {
            key: 'outcome',
            header: t('projects.afterTraining'),
            render: (p: Participant) => (
              <Button size="xs" variant="subtle" onClick={() => setFollowing(p)}>
                {t('projects.followUp')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Stack gap="xl">
      <Section project={project} open="targetGroup" title={t('projects.quotasTitle')} addLabel={t('projects.addQuota')} onAdd={() => setAdding('quota')}>
        <Loaded query={quotas}>
          {(rows) =>
            rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('projects.noQuotas')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                {rows.map((q) => (
                  <Card key={q.id} withBorder padding="sm" radius="md">
                    <Text fw={600}>{q.label}</Text>
                    <Text size="sm" c="dimmed">
                      {villages.label(q.village_id) || t('groups.wholeOrganisation')}
                    </Text>
                    <Text size="sm">{t('projects.filled', { filled: q.filled, seats: q.seats })}</Text>
                    <Progress value={Math.min(100, (q.filled / q.seats) * 100)} aria-label={t('projects.filled', { filled: q.filled, seats: q.seats })} mt={4} />
                  </Card>
                ))}
              </SimpleGrid>
            )
          }
        </Loaded>
      </Section>
      <Section project={project} open="targetGroup" title={t('projects.participantsTitle')} addLabel={t('projects.addParticipant')} onAdd={() => setAdding('participant')}>
        {project.target_quantity ? (
          <Text size="sm" c="dimmed">
            {t('projects.targetIs', { quantity: project.target_quantity.toLocaleString('th-TH'), unit: project.target_unit ?? '' })}
          </Text>
        ) : null}
        <PagedList id="project-participants" scope={[project.id]} prefix="participants" caption={t('projects.participantsTitle')} fetchPage={(p) => fetchParticipants(project.id, p)} columns={columns} rowKey={(p) => p.id} defaultSort="joined_on" emptyText={t('projects.noParticipants')} />
      </Section>
      <FormModal title={t('projects.addParticipant')} opened={adding === 'participant'} onClose={() => setAdding(null)}>
        <RecordForm
          fields={participantFields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(null)}
          onSubmit={async (body) => {
            await addParticipant(project.id, body as Parameters<typeof addParticipant>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(null);
          }}
        />
      </FormModal>
      <FormModal title={t('projects.addQuota')} opened={adding === 'quota'} onClose={() => setAdding(null)}>
        <RecordForm
          fields={quotaFields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(null)}
          onSubmit={async (body) => {
            await addQuota(project.id, body as Parameters<typeof addQuota>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(null);
          }}
        />
      </FormModal>
      <FormModal title={withdrawing ? t('projects.withdrawWho', { name: withdrawing.full_name }) : ''} opened={withdrawing !== null} onClose={() => setWithdrawing(null)}>
        {withdrawing ? (
          <RecordForm
            fields={withdrawFields}
            submitLabel={t('projects.withdraw')}
            onCancel={() => setWithdrawing(null)}
            onSubmit={async (body) => {
              await withdrawParticipant(project.id, withdrawing.id, body as Parameters<typeof withdrawParticipant>[2]);
              await refresh();
              notifications.show({ color: 'teal', message: t('projects.saved') });
              setWithdrawing(null);
            }}
          />
        ) : null}
      </FormModal>
      <FormModal title={following ? t('projects.followUpWho', { name: following.full_name }) : ''} opened={following !== null} onClose={() => setFollowing(null)}>
        {following ? <FollowUp project={project} participant={following} onDone={() => setFollowing(null)} /> : null}
      </FormModal>
    </Stack>
  );
}

/** What an occupational trainee did afterwards: earlier follow-ups, and a new one. */
function FollowUp({ project, participant, onDone }: { project: Project; participant: Participant; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const outcomes = useQuery({ queryKey: recordsKey(project.id, 'outcomes', participant.id), queryFn: () => fetchOutcomes(project.id, participant.id) });
  const fields = useMemo<RecordField[]>(
    () => [
      field('recorded_on', 'date', t('projects.followedOn'), { required: true }),
      field('activity', 'text', t('projects.activity'), { required: true, maxLength: 300 }),
      field('group_formed', 'boolean', t('projects.groupFormed')),
      field('group_name', 'text', t('projects.groupName'), { maxLength: 200 }),
      field('income_before', 'decimal', t('projects.incomeBefore'), { min: 0 }),
      field('income_after', 'decimal', t('projects.incomeAfter'), { min: 0 }),
      field('note', 'textarea', t('projects.note'), { maxLength: 5000 }),
    ],
    [t],
  );
  return (
    <Stack gap="md">
      <Loaded query={outcomes}>
        {(rows) =>
          rows.length ? (
            <Stack gap={4}>
              {rows.map((o) => (
                <Text key={o.id} size="sm">
                  {formatBeDate(o.recorded_on, lang)} · {o.activity}
                  {o.group_formed ? ` · ${o.group_name ?? t('projects.groupFormed')}` : ''}
                  {o.income_before !== null && o.income_after !== null ? ` · ${formatBaht(o.income_before, lang)} → ${formatBaht(o.income_after, lang)}` : ''}
                </Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('projects.noFollowUps')}
            </Text>
          )
        }
      </Loaded>
      <RecordForm
        fields={fields}
        submitLabel={t('form.save')}
        onCancel={onDone}
        onSubmit={async (body) => {
          await addOutcome(project.id, participant.id, body as Parameters<typeof addOutcome>[2]);
          await refresh();
          notifications.show({ color: 'teal', message: t('projects.saved') });
          onDone();
        }}
      />
    </Stack>
  );
}

export function TrainersTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState(false);
  const [cancelling, setCancelling] = useState<{ id: string; name: string } | null>(null);
  const trainers = useQuery({ queryKey: recordsKey(project.id, 'trainers'), queryFn: () => fetchTrainers(project.id) });
  const writable = canWrite && isOpen(project, 'targetGroup');
  const fields = useMemo<RecordField[]>(
    () => [
      field('full_name', 'text', t('fields.full_name'), { required: true, maxLength: 300 }),
      field('organisation', 'text', t('projects.trainerOrganisation'), { required: true, maxLength: 300 }),
      field('topic', 'text', t('projects.topic'), { required: true, maxLength: 300 }),
      field('fee', 'decimal', t('projects.fee'), { required: true, min: 0 }),
      field('phone', 'text', t('citizens.phone'), { maxLength: 20, pattern: '^[0-9+\\- ]+$' }),
    ],
    [t],
  );
  const cancelFields = useMemo<RecordField[]>(() => [field('reason', 'text', t('projects.cancelReason'), { required: true, maxLength: 500 })], [t]);
  return (
    <Section project={project} open="targetGroup" title={t('projects.trainersTitle')} addLabel={t('projects.addTrainer')} onAdd={() => setAdding(true)}>
      <Loaded query={trainers}>
        {(rows) =>
          rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('projects.noTrainers')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label={t('projects.trainersTitle')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.full_name')}</Table.Th>
                    <Table.Th>{t('projects.trainerOrganisation')}</Table.Th>
                    <Table.Th>{t('projects.topic')}</Table.Th>
                    <Table.Th ta="right">{t('projects.fee')}</Table.Th>
                    <Table.Th>{t('projects.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((tr) => (
                    <Table.Tr key={tr.id}>
                      <Table.Td td={tr.cancelled ? 'line-through' : undefined}>{tr.full_name}</Table.Td>
                      <Table.Td>{tr.organisation}</Table.Td>
                      <Table.Td>{tr.topic}</Table.Td>
                      <Table.Td ta="right">{formatBaht(tr.fee, lang)}</Table.Td>
                      <Table.Td>
                        {tr.cancelled ? (
                          <Text size="sm" c="dimmed">
                            {t('projects.trainerCancelled', { reason: tr.cancel_reason ?? '' })}
                          </Text>
                        ) : writable ? (
                          <Button size="xs" variant="subtle" color="orange" onClick={() => setCancelling({ id: tr.id, name: tr.full_name })}>
                            {t('projects.cancelTrainer')}
                          </Button>
                        ) : (
                          <Badge size="sm" variant="light" color="teal">
                            {t('projects.active')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <FormModal title={t('projects.addTrainer')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addTrainer(project.id, body as Parameters<typeof addTrainer>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
      <FormModal title={cancelling ? t('projects.cancelTrainerWho', { name: cancelling.name }) : ''} opened={cancelling !== null} onClose={() => setCancelling(null)}>
        {cancelling ? (
          <RecordForm
            fields={cancelFields}
            submitLabel={t('projects.cancelTrainer')}
            onCancel={() => setCancelling(null)}
            onSubmit={async (body) => {
              await cancelTrainer(project.id, cancelling.id, String(body.reason));
              await refresh();
              notifications.show({ color: 'teal', message: t('projects.saved') });
              setCancelling(null);
            }}
          />
        ) : null}
      </FormModal>
    </Section>
  );
}

export function SessionsTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState(false);
  const [marking, setMarking] = useState<Session | null>(null);
  const sessions = useQuery({ queryKey: recordsKey(project.id, 'sessions'), queryFn: () => fetchSessions(project.id) });
  const trainers = useQuery({ queryKey: recordsKey(project.id, 'trainers'), queryFn: () => fetchTrainers(project.id) });
  const trainerName = new Map((trainers.data ?? []).map((tr) => [tr.id, tr.full_name]));
  const writable = canWrite && isOpen(project, 'sessions');
  const fields = useMemo<RecordField[]>(
    () => [
      field('held_on', 'date', t('fields.held_on'), { required: true }),
      field('place', 'text', t('fields.place'), { required: true, maxLength: 300 }),
      field('topic', 'text', t('projects.topic'), { required: true, maxLength: 300 }),
      field('trainer_id', 'enum', t('projects.trainer'), { options: (trainers.data ?? []).filter((tr) => !tr.cancelled).map((tr) => ({ value: tr.id, label: tr.full_name })) }),
      field('note', 'textarea', t('projects.note'), { maxLength: 5000 }),
    ],
    [t, trainers.data],
  );
  return (
    <Section project={project} open="sessions" title={t('projects.sessionsTitle')} addLabel={t('projects.addSession')} onAdd={() => setAdding(true)}>
      <Loaded query={sessions}>
        {(rows) =>
          rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('projects.noSessions')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label={t('projects.sessionsTitle')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.held_on')}</Table.Th>
                    <Table.Th>{t('projects.topic')}</Table.Th>
                    <Table.Th>{t('fields.place')}</Table.Th>
                    <Table.Th>{t('projects.trainer')}</Table.Th>
                    <Table.Th ta="right">{t('projects.present')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatBeDate(s.held_on, lang)}</Table.Td>
                      <Table.Td>{s.topic}</Table.Td>
                      <Table.Td>{s.place}</Table.Td>
                      <Table.Td>{s.trainer_id ? (trainerName.get(s.trainer_id) ?? '—') : '—'}</Table.Td>
                      <Table.Td ta="right">{s.present.toLocaleString('th-TH')}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="subtle" leftSection={<IconUserCheck size={14} aria-hidden />} onClick={() => setMarking(s)}>
                          {writable ? t('projects.markAttendance') : t('projects.viewAttendance')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <FormModal title={t('projects.addSession')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addSession(project.id, body as Parameters<typeof addSession>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
      <FormModal title={marking ? t('projects.attendanceOf', { topic: marking.topic, date: formatBeDate(marking.held_on, lang) }) : ''} opened={marking !== null} onClose={() => setMarking(null)}>
        {marking ? <AttendanceForm project={project} session={marking} writable={writable} onDone={() => setMarking(null)} /> : null}
      </FormModal>
    </Section>
  );
}

function AttendanceForm({ project, session, writable, onDone }: { project: Project; session: Session; writable: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh(project.id);
  const attendance = useQuery({ queryKey: recordsKey(project.id, 'attendance', session.id), queryFn: () => fetchAttendance(project.id, session.id) });
  const [marks, setMarks] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Loaded query={attendance}>
      {(a) => (
        <Stack gap="sm">
          <Text size="sm">{t('projects.attendanceCount', { present: a.present, absent: a.absent })}</Text>
          {a.entries.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('projects.noParticipants')}
            </Text>
          ) : (
            <Stack gap={6} role="group" aria-label={t('projects.present')}>
              {a.entries.map((e) => (
                <Checkbox
                  key={e.participant_id}
                  label={e.full_name}
                  disabled={!writable}
                  checked={marks[e.participant_id] ?? e.present ?? false}
                  onChange={(ev) => {
                    const checked = ev.currentTarget.checked;
                    setMarks((m) => ({ ...m, [e.participant_id]: checked }));
                  }}
                />
              ))}
            </Stack>
          )}
          {error ? (
            <Alert color="red" variant="light" role="alert">
              {problemText(t, error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {writable ? t('form.cancel') : t('projects.close')}
            </Button>
            {writable && a.entries.length ? (
              <Button
                loading={saving}
                onClick={async () => {
                  setSaving(true);
                  setError(null);
                  try {
                    // Everyone listed is marked: a box left unticked is an absence, not "not recorded".
                    await putAttendance(
                      project.id,
                      session,
                      a.entries.map((e) => ({ participant_id: e.participant_id, present: marks[e.participant_id] ?? e.present ?? false })),
                    );
                    await refresh();
                    notifications.show({ color: 'teal', message: t('projects.saved') });
                    onDone();
                  } catch (e) {
                    setError(e);
                    setSaving(false);
                  }
                }}
              >
                {t('form.save')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      )}
    </Loaded>
  );
}
