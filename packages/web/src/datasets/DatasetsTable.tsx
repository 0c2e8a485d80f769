/** The node's datasets and their versions, each version with its state and a link to it. */
import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DatasetListItem } from '../api/types.ts';
import { StateBadge } from '../components/StateBadge.tsx';
import { dateTime } from '../format.ts';

export function DatasetsTable({ datasets }: { readonly datasets: readonly DatasetListItem[] }) {
  if (datasets.length === 0) return <Text size="sm" c="dimmed">No dataset on this node yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped highlightOnHover fz="sm" verticalSpacing="xs">
        <Table.Caption>Datasets of this node with their versions</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">Title</Table.Th><Table.Th scope="col">Versions</Table.Th><Table.Th scope="col">Created</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {datasets.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Th scope="row"><Anchor component={Link} to={`/datasets/${encodeURIComponent(d.id)}`} fw={600}>{d.id}</Anchor></Table.Th>
              <Table.Td>
                <Text size="sm">{d.title}</Text>
                {d.description ? <Text size="xs" c="dimmed" lineClamp={2}>{d.description}</Text> : null}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {d.versions.map((v) => (
                    <Group key={v.version} gap={4} wrap="nowrap">
                      <Anchor component={Link} to={`/datasets/${encodeURIComponent(d.id)}?version=${v.version}`} size="sm" aria-label={`${d.id} v${v.version}, ${v.state}`}>v{v.version}</Anchor>
                      <StateBadge state={v.state} size="xs" />
                    </Group>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{dateTime(d.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
