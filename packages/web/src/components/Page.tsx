/**
 * The frame of every page: one h1 (the page title, also the document title so browser history and screen
 * readers name the page) and an optional line saying what the page is for.
 */
import { Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

export function Page({ title, intro, actions, children }: {
  readonly title: string;
  readonly intro?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}) {
  useEffect(() => { document.title = `${title} · OncoAtlas`; }, [title]);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} size="h2">{title}</Title>
          {intro ? <Text c="dimmed" size="sm" mt={4}>{intro}</Text> : null}
        </div>
        {actions ? <Group gap="sm" wrap="nowrap">{actions}</Group> : null}
      </Group>
      {children}
    </Stack>
  );
}
