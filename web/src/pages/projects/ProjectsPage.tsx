// Projects and trainings, at every step of their run: by state, fiscal year, category and village,
// all in the URL so a filtered list can be sent as a link.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { PROJECT_CATEGORIES, PROJECT_STATES, WRITE_PROJECTS, fetchProjects, type Project } from '../../api/projects';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { currentLang } from '../../i18n';

export function projectStateColor(state: Project['state']): string {
  if (state === 'closed') return 'teal';
  if (state === 'rejected' || state === 'cancelled') return 'gray';
  if (state === 'returned') return 'orange';
  if (state === 'submitted') return 'grape';
  return 'blue';
}

export function ProjectStateBadge({ project, size = 'md' }: { project: Pick<Project, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={projectStateColor(project.state)} size={size} data-testid="project-state">
      {enumLabel('ProjectState', project.state, project.state_label_th)}
    </Badge>
  );
}

export function ProjectsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const canAdd = useCan(WRITE_PROJECTS);
  const villages = useVillages();

  const columns = useMemo<Column<Project>[]>(
    () => [
      {
        key: 'name',
        header: t('projects.name'),
        sortField: 'name',
        render: (p) => (
          <Anchor component={Link} to={`/projects/${p.id}`} fw={600}>
            {p.name}
          </Anchor>
        ),
      },
      { key: 'category', header: t('projects.category'), render: (p) => enumLabel('ProjectCategory', p.category, p.category_label_th) },
      { key: 'year', header: t('projects.fiscalYear'), sortField: 'fiscal_year_be', render: (p) => p.fiscal_year_be },
      { key: 'village', header: t('citizens.village'), render: (p) => villages.label(p.village_id) || t('groups.wholeOrganisation') },
      { key: 'state', header: t('projects.state'), sortField: 'state', render: (p) => <ProjectStateBadge project={p} /> },
      { key: 'starts', header: t('projects.startsOn'), sortField: 'starts_on', render: (p) => (p.starts_on ? formatBeDate(p.starts_on, lang) : '—') },
      { key: 'budget', header: t('projects.budgetTotal'), align: 'right', render: (p) => formatBaht(p.budget_total, lang) },
    ],
    [t, lang, villages],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'search', name: 'q', label: t('projects.searchName'), placeholder: t('projects.searchNameHint') },
      { kind: 'select', name: 'state', label: t('projects.state'), options: enumOptions('ProjectState', PROJECT_STATES), width: 220 },
      { kind: 'number', name: 'fiscal_year', label: t('projects.fiscalYear'), min: 2500, max: 2700, width: 150 },
      { kind: 'select', name: 'category', label: t('projects.category'), options: enumOptions('ProjectCategory', PROJECT_CATEGORIES), width: 220 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
    ],
    [t, villages.options],
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('projects.title')}
        intro={t('projects.intro')}
        actions={
          canAdd ? (
            <Button component={Link} to="/projects/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('projects.add')}
            </Button>
          ) : null
        }
      />
      <PagedList id="projects" caption={t('projects.title')} fetchPage={fetchProjects} columns={columns} filters={filters} rowKey={(p) => p.id} defaultSort="-created_at" />
    </Stack>
  );
}
