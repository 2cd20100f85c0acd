// Every step process (group formation, community plan, project, allowance registration, …) is
// shown the same way: the steps with their status and the evidence of the done ones, the actions
// open now, and for each closed action the reason — so nobody has to guess why a button is grey.
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge, Box, Button, Card, Group, Modal, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLock, IconPointFilled } from '@tabler/icons-react';
import { currentLang } from '../../i18n';
import { translateCode } from '../../api/problem';
import { formatBeDateTime, type Lang } from '../../lib/thai';
import { EvidenceForm } from './EvidenceForm';
import { EvidenceList } from './EvidenceList';
import { evidenceSchema, type Pickers, type StepStatus, type TransitionPayload, type WorkflowAction, type WorkflowView } from './types';

export interface StepTrackerProps {
  view: WorkflowView;
  /** Fires a transition (POST …/workflow/<transition>); rejects with ApiError on failure. */
  onTransition: (transition: string, payload: TransitionPayload) => Promise<void>;
  /** Identifies this subject's process, e.g. `groups.42`; drafts and the open dialog hang on it. */
  subjectKey: string;
  /** Choices for id fields in the evidence forms (members of the group…), by field name. */
  pickers?: Pickers;
  /** Evidence fields that hold baht, shown as money. */
  money?: readonly string[];
  /** Which code list a field's values come from (`position` → `CommitteePosition`), to show them in words. */
  codes?: Record<string, string>;
}

const label = (item: { label_th: string; label_en: string }, lang: Lang) => (lang === 'en' ? item.label_en || item.label_th : item.label_th);

/** A step label that numbers itself: "1. …", "ขั้นที่ 3 …", "Stage 3: …". */
const NUMBERED = /^(\d+\s*[.)]|ขั้นที่|stage\s)/i;

const STATUS_COLOR: Record<StepStatus, string> = { done: 'teal', current: 'blue', locked: 'gray' };

function StatusIcon({ status }: { status: StepStatus }) {
  if (status === 'done') return <IconCheck size={14} aria-hidden />;
  if (status === 'current') return <IconPointFilled size={14} aria-hidden />;
  return <IconLock size={12} aria-hidden />;
}

// The open dialog is in the URL (?action=…): after a session expiry the user comes back to the
// same URL, the dialog reopens and its draft is restored.
const ACTION_PARAM = 'action';

export function StepTracker({ view, onTransition, subjectKey, pickers, codes, money }: StepTrackerProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [search, setSearch] = useSearchParams();
  const openTransition = search.get(ACTION_PARAM);
  const openAction = view.actions.find((a) => a.transition === openTransition && a.allowed) ?? null;

  const setOpen = (transition: string | null) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        if (transition) next.set(ACTION_PARAM, transition);
        else next.delete(ACTION_PARAM);
        return next;
      },
      { replace: transition === null },
    );

  // Reason codes are the engine's (`workflow.permission`) or a domain guard's (`groups.no_committee`).
  // A code we have no words for yet still shows, so an officer can quote it to support.
  const reasonText = (action: WorkflowAction) =>
    translateCode('codes', action.reason_code) ??
    (action.reason_code ? `${t('workflow.unknownReason')} (${action.reason_code})` : t('workflow.unknownReason'));

  const transitionLabel = new Map<string, string>([
    ...view.actions.map((a) => [a.transition, label(a, lang)] as const),
    ...view.steps.map((s) => [s.transition, label(s, lang)] as const),
  ]);

  // Processes whose step names carry their own numbers ("ขั้นที่ 3 …") are not numbered again.
  const selfNumbered = view.steps.some((step) => NUMBERED.test(label(step, lang)));
  const activeIndex = view.steps.reduce((last, step, i) => (step.status === 'locked' ? last : i), -1);

  return (
    // Wide: the steps on the left, the actions and the history on the right. On a tablet they stack
    // with what can be done now first, then the steps, then the history (styles.css .step-tracker).
    <Box className="step-tracker">
      <Card withBorder padding="lg" component="section" aria-labelledby="steps-title" style={{ gridArea: 'steps' }}>
        <Group justify="space-between" align="baseline" mb="md" gap="xs">
          <Title order={3} size="h4" id="steps-title">
            {t('workflow.steps')}
          </Title>
          <Text size="sm" data-testid="workflow-state">
            {t('workflow.currentState')}: <strong>{lang === 'en' ? view.state_label_en : view.state_label_th}</strong>
          </Text>
        </Group>
        <Timeline active={activeIndex} bulletSize={26} lineWidth={2}>
          {view.steps.map((step, index) => (
            <Timeline.Item
              key={step.key}
              color={STATUS_COLOR[step.status]}
              bullet={<StatusIcon status={step.status} />}
              data-status={step.status}
              aria-current={step.status === 'current' ? 'step' : undefined}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} c={step.status === 'locked' ? 'dimmed' : undefined}>
                    {selfNumbered ? '' : `${index + 1}. `}
                    {label(step, lang)}
                  </Text>
                  <Badge size="sm" variant={step.status === 'current' ? 'filled' : 'light'} color={STATUS_COLOR[step.status]}>
                    {t(`workflow.status.${step.status}`)}
                  </Badge>
                </Group>
              }
            >
              {step.status === 'done' ? (
                <Stack gap={4} mt={4}>
                  {step.done_at ? (
                    <Text size="sm" c="dimmed">
                      {t('workflow.doneBy', { actor: step.done_by || '—', at: formatBeDateTime(step.done_at, lang) })}
                    </Text>
                  ) : null}
                  <EvidenceList evidence={step.evidence} schemas={view.actions.map(evidenceSchema)} pickers={pickers} codes={codes} money={money} />
                </Stack>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      </Card>

      <Card withBorder padding="lg" component="section" aria-labelledby="actions-title" style={{ gridArea: 'actions' }}>
        <Title order={3} size="h4" id="actions-title" mb="md">
          {t('workflow.actions')}
        </Title>
        {view.actions.length === 0 ? (
          <Text c="dimmed">{t('workflow.noActions')}</Text>
        ) : (
          <Stack gap="sm">
            {view.actions.map((action) => {
              const reasonId = `reason-${subjectKey}-${action.transition}`.replace(/[^\w-]/g, '-');
              return (
                <Stack key={action.transition} gap={4} data-transition={action.transition}>
                  <Button
                    fullWidth
                    // Going back is offered, but never looks like the way forward.
                    variant={!action.allowed ? 'default' : action.kind === 'forward' ? 'filled' : 'light'}
                    // A branch (dissolving a group, rejecting) is offered quietly, in red.
                    color={action.kind === 'back' ? 'orange' : action.kind === 'branch' ? 'red' : undefined}
                    disabled={!action.allowed}
                    aria-describedby={action.allowed ? undefined : reasonId}
                    onClick={() => setOpen(action.transition)}
                  >
                    {label(action, lang)}
                  </Button>
                  {action.allowed ? null : (
                    <Group gap={6} wrap="nowrap" id={reasonId}>
                      <ThemeIcon size="xs" variant="transparent" color="gray" aria-hidden>
                        <IconLock size={12} />
                      </ThemeIcon>
                      <Text size="sm" c="dimmed">
                        {t('workflow.closedBecause', { reason: reasonText(action) })}
                      </Text>
                    </Group>
                  )}
                </Stack>
              );
            })}
          </Stack>
        )}
      </Card>

      <Card withBorder padding="lg" component="section" aria-labelledby="history-title" style={{ gridArea: 'history' }}>
        <Title order={3} size="h4" id="history-title" mb="md">
          {t('workflow.history')}
        </Title>
        {view.history.length === 0 ? (
          <Text c="dimmed">{t('workflow.noHistory')}</Text>
        ) : (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {[...view.history].reverse().map((entry) => (
              <li key={entry.seq}>
                <Text size="sm">
                  <Text span fw={600}>
                    {formatBeDateTime(entry.at, lang)}
                  </Text>{' '}
                  {entry.actor_name} · {transitionLabel.get(entry.transition) ?? translateCode('transitions', `${view.process}.${entry.transition}`) ?? entry.transition}
                </Text>
                {entry.note ? (
                  <Text size="sm" c="dimmed">
                    {entry.note}
                  </Text>
                ) : null}
              </li>
            ))}
          </Stack>
        )}
      </Card>

      <Modal opened={openAction !== null} onClose={() => setOpen(null)} title={openAction ? label(openAction, lang) : ''} size="lg" centered>
        {openAction ? (
          <EvidenceForm
            key={openAction.transition}
            action={openAction}
            draftKey={`workflow.${subjectKey}.${openAction.transition}`}
            onCancel={() => setOpen(null)}
            pickers={pickers}
            onSubmit={async (payload) => {
              await onTransition(openAction.transition, payload);
              setOpen(null);
              notifications.show({ color: 'teal', message: t('workflow.done') });
            }}
          />
        ) : null}
      </Modal>
    </Box>
  );
}
