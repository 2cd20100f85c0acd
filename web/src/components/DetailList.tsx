// A record's fields as a definition list: label beside value on wide screens, above it on narrow.
import type { ReactNode } from 'react';
import { Box, SimpleGrid, Text } from '@mantine/core';

export interface Detail {
  label: string;
  value: ReactNode;
  /** Stretch over both columns (long text). */
  wide?: boolean;
}

export function DetailList({ items, label, cols = 2 }: { items: Detail[]; label?: string; cols?: 1 | 2 | 3 }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="md" verticalSpacing="sm" m={0} aria-label={label}>
      {items.map((item) => (
        <Box key={item.label} style={item.wide ? { gridColumn: '1 / -1' } : undefined}>
          <Text component="dt" size="sm" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" m={0} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}
