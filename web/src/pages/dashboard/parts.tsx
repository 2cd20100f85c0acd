// The pieces every dashboard card shares: the frame (title, link to the list it summarises,
// loading and error states, hidden when the API says the person may not read it) and the bars.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { Anchor, Box, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyView, ErrorView } from '../../components/StateViews';

interface DashCardProps<T> {
  title: string;
  icon: ReactNode;
  /** The list this card summarises. */
  to?: string;
  linkText?: string;
  /** null data means "this person may not read it": the card is not shown at all. */
  query: UseQueryResult<T | null>;
  isEmpty?: (data: T) => boolean;
  emptyText: string;
  children: (data: T) => ReactNode;
  testId: string;
  span?: boolean;
}

export function DashCard<T>({ title, icon, to, linkText, query, isEmpty, emptyText, children, testId, span }: DashCardProps<T>) {
  const { t } = useTranslation();
  if (query.isSuccess && query.data === null) return null;
  const body = query.isPending ? (
    <Stack gap={8} aria-busy>
      <Skeleton h={22} w="50%" />
      <Skeleton h={14} />
      <Skeleton h={14} />
      <Skeleton h={14} w="80%" />
    </Stack>
  ) : query.isError ? (
    <ErrorView error={query.error} title={t('dashboard.cardError')} onRetry={() => void query.refetch()} />
  ) : query.data === null || (isEmpty && isEmpty(query.data)) ? (
    <EmptyView title={emptyText} />
  ) : (
    children(query.data)
  );
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={`${testId}-title`} data-testid={testId} style={span ? { gridColumn: '1 / -1' } : undefined}>
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size="lg" aria-hidden>
            {icon}
          </ThemeIcon>
          <Title order={2} size="h4" id={`${testId}-title`}>
            {title}
          </Title>
        </Group>
        {to ? (
          <Anchor component={Link} to={to} size="sm" style={{ whiteSpace: 'nowrap' }}>
            {linkText ?? t('dashboard.seeAll')}
          </Anchor>
        ) : null}
      </Group>
      {body}
    </Card>
  );
}

export interface Bar {
  key: string;
  label: ReactNode;
  value: number;
  /** What is read out and shown after the bar; defaults to the number. */
  valueText?: string;
  color?: string;
  to?: string;
}

/**
 * Horizontal bars, longest first as given. The numbers are printed beside the bars, so the chart
 * reads the same to a screen reader (a list of "label: value") as to the eye.
 */
export function HBars({ bars, label }: { bars: readonly Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <Box component="ul" aria-label={label} p={0} m={0} style={{ listStyle: 'none' }}>
      {bars.map((bar) => (
        <Box component="li" key={bar.key} mb={8}>
          <Group justify="space-between" gap="xs" wrap="nowrap" mb={2}>
            <Text size="sm" truncate>
              {bar.to ? (
                <Anchor component={Link} to={bar.to} inherit>
                  {bar.label}
                </Anchor>
              ) : (
                bar.label
              )}
            </Text>
            <Text size="sm" fw={600} className="tabular">
              {bar.valueText ?? bar.value.toLocaleString('th-TH')}
            </Text>
          </Group>
          <Box h={10} bg="var(--mantine-color-gray-1)" style={{ borderRadius: 5, overflow: 'hidden' }} aria-hidden>
            <Box h="100%" w={`${(bar.value / max) * 100}%`} bg={`var(--mantine-color-${bar.color ?? 'blue'}-6)`} style={{ borderRadius: 5, minWidth: bar.value > 0 ? 4 : 0 }} />
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** A big figure with its caption, for the one number a card is about. */
export function Figure({ value, caption, testId }: { value: string; caption: string; testId?: string }) {
  return (
    <Group gap={8} align="baseline" mb="xs">
      <Text fz={32} fw={700} lh={1.1} className="tabular" data-testid={testId}>
        {value}
      </Text>
      <Text size="sm" c="dimmed">
        {caption}
      </Text>
    </Group>
  );
}
