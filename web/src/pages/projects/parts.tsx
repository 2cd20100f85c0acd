// Pieces every tab of a project's page uses: a titled section whose "add" button shows only while
// the project is at a state that lets the record be written (and says which states when not), a
// dialog for a record's form, and the refresh after a write.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { OPEN_IN, PROJECT_SUBJECT, WRITE_PROJECTS, projectRecordsKeys, type Project } from '../../api/projects';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { enumLabel } from '../../lib/labels';

export const recordsKey = (projectId: string, what: string, ...rest: string[]) => ['project-records', projectId, what, ...rest] as const;

/** Refetch what a write under this project may have changed: its records, the step guards. */
export function useRefresh(projectId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([...projectRecordsKeys(projectId), ['workflow', PROJECT_SUBJECT]].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}

export function isOpen(project: Pick<Project, 'state'>, what: keyof typeof OPEN_IN): boolean {
  return OPEN_IN[what].includes(project.state);
}

export function Section({
  project,
  open,
  title,
  addLabel,
  onAdd,
  addIcon,
  actions,
  children,
}: {
  project: Project;
  /** The states in which this section's records are written. */
  open: keyof typeof OPEN_IN;
  title: string;
  addLabel?: string;
  onAdd?: () => void;
  /** The add button's icon, when it does something other than add (edit the sections). */
  addIcon?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const canWrite = useCan(WRITE_PROJECTS);
  const writable = isOpen(project, open);
  return (
    <Stack gap="md" component="section" aria-label={title}>
      <Group justify="space-between" align="center">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Group gap="xs">
          {actions}
          {canWrite && writable && onAdd && addLabel ? (
            <Button size="sm" variant="light" leftSection={addIcon ?? <IconPlus size={16} aria-hidden />} onClick={onAdd}>
              {addLabel}
            </Button>
          ) : null}
        </Group>
      </Group>
      {canWrite && !writable && onAdd ? (
        <Text size="sm" c="dimmed">
          {t('projects.openOnlyIn', { states: OPEN_IN[open].map((s) => enumLabel('ProjectState', s)).join(', ') })}
        </Text>
      ) : null}
      {children}
    </Stack>
  );
}

export function FormModal({ title, opened, onClose, children }: { title: string; opened: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {opened ? children : null}
    </Modal>
  );
}

export function Loaded<T>({ query, children }: { query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown }; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
