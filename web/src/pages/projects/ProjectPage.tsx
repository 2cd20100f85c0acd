// One project: its run in the StepTracker (survey → write → approve → … → close), and one tab per
// body of records the run is made of. Each tab writes only while the project is at a state that
// lets it (the API refuses with projects.wrong_stage otherwise) and says so when it cannot.
import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import { PROJECT_SUBJECT, downloadProposal, fetchProject, projectKey, projectRecordsKeys, type Project } from '../../api/projects';
import { PageHeader } from '../../components/PageHeader';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import { enumLabel } from '../../lib/labels';
import { useTab } from '../../lib/useTab';
import { ProjectStateBadge } from './ProjectsPage';
import { ProposalTab } from './ProposalTab';
import { VersionsTab } from './VersionsTab';
import { BudgetTab } from './BudgetTab';
import { ParticipantsTab, SessionsTab, TrainersTab } from './PeopleTabs';
import { ResultsTab } from './ResultsTab';
import { isOpen } from './parts';

const TABS = ['steps', 'proposal', 'versions', 'budget', 'participants', 'trainers', 'sessions', 'results'] as const;

export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const villages = useVillages();
  const query = useQuery({ queryKey: projectKey(id), queryFn: () => fetchProject(id) });
  const [tab, setTab] = useTab(TABS);

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data;

  return (
    <Stack gap="lg">
      <PageHeader
        title={p.name}
        crumbs={[{ label: t('projects.title'), to: '/projects' }]}
        badge={<ProjectStateBadge project={p} size="lg" />}
        intro={[enumLabel('ProjectCategory', p.category, p.category_label_th), villages.label(p.village_id) || t('groups.wholeOrganisation'), t('projects.fiscalYearLabel', { year: p.fiscal_year_be })].join(' · ')}
        actions={<PrintButton projectId={p.id} />}
      />
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`projects.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="steps" pt="lg">
          <Run project={p} onOpenProposal={() => setTab('proposal')} />
        </Tabs.Panel>
        <Tabs.Panel value="proposal" pt="lg">
          <ProposalTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="lg">
          <VersionsTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="budget" pt="lg">
          <BudgetTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="participants" pt="lg">
          <ParticipantsTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="trainers" pt="lg">
          <TrainersTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="sessions" pt="lg">
          <SessionsTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="results" pt="lg">
          <ResultsTab project={p} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function PrintButton({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      leftSection={<IconPrinter size={16} aria-hidden />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadProposal(projectId);
        } catch (error) {
          notifications.show({ color: 'red', message: problemText(t, error) });
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('projects.printProposal')}
    </Button>
  );
}

function Run({ project, onOpenProposal }: { project: Project; onOpenProposal: () => void }) {
  const { t } = useTranslation();
  const params = { project_id: project.id };
  const view = useQuery(workflowQuery(PROJECT_SUBJECT, params));
  const fire = useFireTransition(PROJECT_SUBJECT, params, projectRecordsKeys(project.id));
  if (view.isPending) return <LoadingView />;
  if (view.isError) return <ErrorView error={view.error} onRetry={() => void view.refetch()} />;
  const drafting = isOpen(project, 'proposal');
  return (
    <Stack gap="lg">
      {drafting && project.missing_sections.length > 0 ? (
        <Alert color="blue" variant="light" role="status" data-testid="missing-sections">
          <Text size="sm">{t('projects.missingSections', { sections: project.missing_sections.join(', ') })}</Text>
          <Button size="xs" variant="subtle" px={0} onClick={onOpenProposal}>
            {t('projects.openProposal')}
          </Button>
        </Alert>
      ) : null}
      <StepTracker view={view.data} subjectKey={`projects.${project.id}`} onTransition={fire} />
    </Stack>
  );
}
