/** One published dataset as a card of the public catalogue. */
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { CatalogueEntry } from '../api/types.ts';
import { StateBadge } from '../components/StateBadge.tsx';
import { dateTime, num } from '../format.ts';

export function EntryCard({ entry }: { readonly entry: CatalogueEntry }) {
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={`entry-${entry.id}`}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h5" id={`entry-${entry.id}`}>
            <Anchor component={Link} to={`/catalogue/${encodeURIComponent(entry.id)}`}>{entry.title}</Anchor>
          </Title>
          <StateBadge state={entry.state} />
        </Group>
        <Text size="sm" lineClamp={4}>{entry.description}</Text>
        <Text size="sm" c="dimmed">
          {num(entry.studies)} studies · {num(entry.subjects)} subjects · version {entry.version}{entry.releasedAt ? ` · released ${dateTime(entry.releasedAt)}` : ''}
        </Text>
        <Group gap={4} mt="auto">
          {entry.modalities.map((m) => <Badge key={`m-${m}`} size="sm" variant="light" color="indigo">{m}</Badge>)}
          {entry.bodyParts.map((b) => <Badge key={`b-${b}`} size="sm" variant="outline" color="gray">{b}</Badge>)}
        </Group>
      </Stack>
    </Card>
  );
}
