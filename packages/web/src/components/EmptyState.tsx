/** "Nothing here yet" for a report the node has not written: says what makes it, instead of an error. */
import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Empty({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-gray-0)">
      <Text fw={600} size="sm">{title}</Text>
      {children ? <Text size="sm" c="dimmed" mt={4}>{children}</Text> : null}
    </Paper>
  );
}
