/** A headline figure with its label, laid out as a description list entry so it reads as "label: value". */
import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface StatItem {
  readonly label: string;
  readonly value: ReactNode;
  readonly hint?: string;
}

export function Stats({ items, cols = 4 }: { readonly items: readonly StatItem[]; readonly cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: Math.min(cols, 3), lg: cols }} spacing="sm" m={0}>
      {items.map((s) => (
        <Paper key={s.label} withBorder p="sm" radius="md">
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>{s.label}</Text>
          <Text component="dd" m={0} fw={700} size="xl">{s.value}</Text>
          {s.hint ? <Text component="dd" m={0} size="xs" c="dimmed">{s.hint}</Text> : null}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
