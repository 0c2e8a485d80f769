/**
 * A titled region of a page: a <section> named by its h2, so screen readers list it as a landmark with that
 * name ("Funnel", "Inventory") and keyboard users can jump between them.
 */
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

export function Section({ title, intro, actions, children, level = 2 }: {
  readonly title: string;
  readonly intro?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly level?: 2 | 3;
}) {
  const id = useId();
  return (
    // overflow visible: a sticky panel inside (the live catalogue check) needs it; Card clips by default.
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id} style={{ overflow: 'visible' }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={level} size={level === 2 ? 'h4' : 'h5'} id={id}>{title}</Title>
            {intro ? <Text size="sm" c="dimmed">{intro}</Text> : null}
          </div>
          {actions ? <Group gap="sm">{actions}</Group> : null}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
