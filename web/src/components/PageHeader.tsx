// The top of every page: where it sits (a link back up), its title, a status badge and actions.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';

export interface Crumb {
  label: string;
  to: string;
}

export function PageHeader({ title, crumbs = [], intro, badge, actions }: { title: ReactNode; crumbs?: Crumb[]; intro?: ReactNode; badge?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      {crumbs.length > 0 ? (
        <nav aria-label={t('app.breadcrumb')}>
        <Breadcrumbs separatorMargin={6}>
          {crumbs.map((crumb) => (
            <Anchor key={crumb.to} component={Link} to={crumb.to} size="sm">
              {crumb.label}
            </Anchor>
          ))}
        </Breadcrumbs>
        </nav>
      ) : null}
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 20rem', minWidth: 0 }}>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
            {badge}
          </Group>
          {intro ? <Text c="dimmed">{intro}</Text> : null}
        </Stack>
        {actions ? (
          <Group gap="sm" wrap="wrap">
            {actions}
          </Group>
        ) : null}
      </Group>
    </Stack>
  );
}
