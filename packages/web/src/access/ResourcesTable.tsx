/**
 * The datasets a request asks for, by node, each with its state in the Negotiator's resource machine, the
 * access conditions its holder set, the permit its node issued, and the events the caller may fire on it now
 * (the hub computes them from the machine, the caller's role and the request's state).
 */
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { dateTime } from '../format.ts';
import { useNotify } from '../components/Notifications.tsx';
import { Section } from '../components/Section.tsx';
import { accessKeys, resourceEvent } from './access-api.ts';
import type { RequestView, ResourceView } from './access-types.ts';
import { actionLabel, eventLabel } from './access-labels.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { EventButtons, type EventInput } from './EventConfirm.tsx';
import { resourcesByNode } from './request-lists.ts';

function Conditions({ r }: { readonly r: ResourceView }) {
  if (!r.conditions) return <Text size="sm" c="dimmed">None set</Text>;
  return (
    <Stack gap={2}>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.conditions.text}</Text>
      <Text size="xs">Actions: {r.conditions.actions.map(actionLabel).join(', ') || 'none'}; until {dateTime(r.conditions.expiresAt)}</Text>
    </Stack>
  );
}

function Permit({ r }: { readonly r: ResourceView }) {
  if (!r.permit) return <Text size="sm" c="dimmed">None</Text>;
  return (
    <Stack gap={2}>
      <AccessBadge state={r.permit.status} />
      <Text size="xs">{r.permit.actions.map(actionLabel).join(', ')}; until {dateTime(r.permit.expiresAt)}</Text>
      <Anchor component={Link} to="/permits" size="xs">Permit {r.permit.id.slice(0, 8)}</Anchor>
    </Stack>
  );
}

export function ResourcesTable({ view }: { readonly view: RequestView }) {
  const client = useQueryClient();
  const notify = useNotify();
  const fire = (r: ResourceView) => async (event: string, input: EventInput) => {
    const next = await resourceEvent(view.request.id, r.id, event, input.reason, input.conditions);
    client.setQueryData(accessKeys.request(view.request.id), next);
    void client.invalidateQueries({ queryKey: accessKeys.requests });
    void client.invalidateQueries({ queryKey: accessKeys.permits });
    notify({ title: `${eventLabel(event)}: done`, message: `${r.name} at ${r.nodeName || r.node}` });
  };
  return (
    <Section title="Datasets requested" intro="Each dataset's holder decides on it; a dataset made available comes with a permit signed by its node.">
      {resourcesByNode(view.resources).map((g) => (
        <Stack key={g.node} gap="xs">
          <Text fw={600} size="sm" component="h3" m={0}>Node {g.nodeName}</Text>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label={`Datasets at node ${g.nodeName}`} verticalSpacing="sm">
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Access conditions</Table.Th>
                <Table.Th scope="col">Permit</Table.Th><Table.Th scope="col">Your actions</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {g.resources.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Th scope="row" fw={500}>{r.name}<Text size="xs" c="dimmed" ff="monospace">{r.dataset}</Text></Table.Th>
                    <Table.Td><AccessBadge state={r.state} /></Table.Td>
                    <Table.Td maw={280}><Conditions r={r} /></Table.Td>
                    <Table.Td><Permit r={r} /></Table.Td>
                    <Table.Td><EventButtons events={r.allowedEvents} subject={`${r.name} at node ${g.nodeName}`} onFire={fire(r)} size="xs" /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Section>
  );
}
